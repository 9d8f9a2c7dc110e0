package io.github.precursorwatch.resolver;

import io.github.dan2097.jnainchi.InchiStatus;
import java.util.ArrayList;
import java.util.List;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.exception.InvalidSmilesException;
import org.openscience.cdk.inchi.InChIGenerator;
import org.openscience.cdk.inchi.InChIGeneratorFactory;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smarts.SmartsPattern;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.manipulator.MolecularFormulaManipulator;
import uk.ac.cam.ch.wwmm.opsin.NameToStructure;
import uk.ac.cam.ch.wwmm.opsin.NameToStructureConfig;
import uk.ac.cam.ch.wwmm.opsin.OpsinResult;

/**
 * Chemistry turns one query into a structure and tests it against compiled
 * patterns. OPSIN reads names; CDK parses SMILES, writes the canonical
 * SMILES, the molecular formula and the standard InChIKey (through the
 * JNA-InChI native library), and runs SMARTS substructure searches.
 *
 * <p>OPSIN's NameToStructure is thread-safe and shared; the CDK parser and
 * generator are not, so each worker thread owns one Chemistry.
 */
final class Chemistry {
    private static final NameToStructure OPSIN = NameToStructure.getInstance();

    private final NameToStructureConfig opsinConfig = new NameToStructureConfig();
    private final SmilesParser smilesParser = new SmilesParser(SilentChemObjectBuilder.getInstance());
    private final SmilesGenerator canonical = new SmilesGenerator(SmiFlavor.Absolute);

    Chemistry() {
        opsinConfig.setAllowRadicals(false);
        opsinConfig.setDetailedFailureAnalysis(false);
    }

    /** resolve answers one query against the given compiled patterns. */
    Protocol.Result resolve(Protocol.Query q, List<CompiledPattern> patterns) {
        Protocol.Result r = new Protocol.Result();
        String smiles;
        if (q.name != null) {
            OpsinResult or = nameToStructure(q.name);
            if (or.getStatus() == OpsinResult.OPSIN_RESULT_STATUS.FAILURE || or.getSmiles() == null) {
                return failure(r, Protocol.UNPARSED, "opsin: " + or.getMessage());
            }
            smiles = or.getSmiles();
        } else {
            smiles = q.smiles;
        }
        IAtomContainer mol;
        try {
            mol = smilesParser.parseSmiles(smiles);
        } catch (InvalidSmilesException e) {
            return failure(r, q.name != null ? Protocol.FAILED : Protocol.UNPARSED, "smiles: " + e.getMessage());
        }
        try {
            r.smiles = canonical.create(mol);
        } catch (CDKException e) {
            return failure(r, Protocol.FAILED, "canonical smiles: " + e.getMessage());
        }
        r.formula = MolecularFormulaManipulator.getString(MolecularFormulaManipulator.getMolecularFormula(mol));
        inchi(mol, r);
        r.matches = matches(mol, patterns);
        r.status = Protocol.OK;
        return r;
    }

    /**
     * nameToStructure reads a name with OPSIN and, if that fails, once more after Rewrites; on
     * failure it returns the first attempt's result, whose message describes the name as written.
     */
    private OpsinResult nameToStructure(String name) {
        OpsinResult first = OPSIN.parseChemicalName(name, opsinConfig);
        if (first.getStatus() != OpsinResult.OPSIN_RESULT_STATUS.FAILURE && first.getSmiles() != null) {
            return first;
        }
        String alt = Rewrites.apply(name);
        if (alt == null) {
            return first;
        }
        OpsinResult second = OPSIN.parseChemicalName(alt, opsinConfig);
        return second.getStatus() != OpsinResult.OPSIN_RESULT_STATUS.FAILURE && second.getSmiles() != null ? second : first;
    }

    private static Protocol.Result failure(Protocol.Result r, String status, String error) {
        r.status = status;
        r.error = error;
        return r;
    }

    /** inchi sets the standard InChI and InChIKey, or leaves them "" when InChI refuses the structure. */
    private static void inchi(IAtomContainer mol, Protocol.Result r) {
        r.inchi = "";
        r.inchikey = "";
        try {
            InChIGenerator gen = InChIGeneratorFactory.getInstance().getInChIGenerator(mol);
            if (gen.getStatus() != InchiStatus.ERROR) {
                r.inchi = gen.getInchi();
                r.inchikey = gen.getInchiKey();
            }
        } catch (CDKException e) {
            // no InChI for this structure; the SMILES still stands
        }
    }

    /** matches lists the ids of the patterns found in mol, in pattern order. */
    private static List<String> matches(IAtomContainer mol, List<CompiledPattern> patterns) {
        List<String> out = new ArrayList<>();
        if (patterns.isEmpty()) {
            return out;
        }
        SmartsPattern.prepare(mol);
        for (CompiledPattern p : patterns) {
            if (p.pattern.matches(mol)) {
                out.add(p.id);
            }
        }
        return out;
    }

    /** A SMARTS compiled for one worker, with the id the client gave it. */
    static final class CompiledPattern {
        final String id;
        final SmartsPattern pattern;

        CompiledPattern(String id, SmartsPattern pattern) {
            this.id = id;
            this.pattern = pattern;
        }
    }

    /** compile parses a SMARTS; the pattern expects targets already prepared. */
    static SmartsPattern compile(String smarts) {
        SmartsPattern p = SmartsPattern.create(smarts, SilentChemObjectBuilder.getInstance());
        p.setPrepare(false);
        return p;
    }
}
