package io.github.precursorwatch.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChemistryTest {
    private final Chemistry chem = new Chemistry();

    private static Protocol.Query name(String n) {
        Protocol.Query q = new Protocol.Query();
        q.name = n;
        return q;
    }

    private static Protocol.Query smiles(String s) {
        Protocol.Query q = new Protocol.Query();
        q.smiles = s;
        return q;
    }

    @Test
    void nameGivesCanonicalSmilesInchiKeyAndFormula() {
        Protocol.Result r = chem.resolve(name("N-phenylpiperidin-4-amine"), List.of());
        assertEquals(Protocol.OK, r.status);
        assertEquals("C1=CC=C(C=C1)NC2CCNCC2", r.smiles);
        assertEquals("C11H16N2", r.formula);
        assertEquals("InChI=1S/C11H16N2/c1-2-4-10(5-3-1)13-11-6-8-12-9-7-11/h1-5,11-13H,6-9H2", r.inchi);
        assertEquals(27, r.inchikey.length());
    }

    @Test
    void sameStructureSameCanonicalSmiles() {
        Protocol.Result a = chem.resolve(name("1-boc-4-piperidone"), List.of());
        Protocol.Result b = chem.resolve(smiles("O=C1CCN(C(=O)OC(C)(C)C)CC1"), List.of());
        assertEquals(Protocol.OK, a.status, String.valueOf(a.error));
        assertEquals(a.smiles, b.smiles);
        assertEquals(a.inchikey, b.inchikey);
    }

    @Test
    void tradeGlycidateSpellingIsRewritten() {
        Protocol.Result r = chem.resolve(name("2-methyl-3-phenylglycidic acid ethyl ester"), List.of());
        Protocol.Result want = chem.resolve(name("ethyl 2-methyl-3-phenyloxirane-2-carboxylate"), List.of());
        assertEquals(Protocol.OK, r.status, String.valueOf(r.error));
        assertEquals(want.inchikey, r.inchikey);
    }

    @Test
    void notANameIsUnparsed() {
        Protocol.Result r = chem.resolve(name("laptop computers"), List.of());
        assertEquals(Protocol.UNPARSED, r.status);
        assertNull(r.smiles);
        assertTrue(r.error.startsWith("opsin: "));
    }

    @Test
    void badSmilesIsUnparsed() {
        assertEquals(Protocol.UNPARSED, chem.resolve(smiles("C1CC"), List.of()).status);
    }

    @Test
    void patternsMatchInOrder() {
        List<Chemistry.CompiledPattern> ps = List.of(
                new Chemistry.CompiledPattern("aniline", Chemistry.compile("c1ccccc1[NX3]")),
                new Chemistry.CompiledPattern("ketone", Chemistry.compile("[CX3](=O)([#6])[#6]")),
                new Chemistry.CompiledPattern("piperidine", Chemistry.compile("N1CCCCC1")));
        Protocol.Result r = chem.resolve(name("tert-butyl 4-anilinopiperidine-1-carboxylate"), ps);
        assertEquals(List.of("aniline", "piperidine"), r.matches);
    }
}
