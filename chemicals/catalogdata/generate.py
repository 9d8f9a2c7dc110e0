"""Catalog-data generator for Precursor Watch (build time only).

Reads chemicals/catalog.yaml and, for every entry:

* cross-checks its structure three ways: the recorded InChIKey, the
  structure PubChem gives its CAS numbers (as redistributed by the PyPI
  package `chemicals`), and the structure OPSIN builds from its IUPAC name
  (InChIKeys computed with RDKit). Any disagreement the catalog does not
  record as a reviewed `exception` fails the run;
* harvests the PubChem synonyms of its CAS numbers and classifies each with
  OPSIN: same structure (verified), same constitution with other or no
  stereo or a salt of it (verified-skeleton), another structure (dropped),
  or a trivial or trade name OPSIN cannot parse (kept as unverified when it
  is specific enough). Registry numbers, formulas, codes and generic words
  are dropped. A name harvested for two entries goes to their family, never
  to either entry;
* writes chemicals/names.generated.yaml: sorted, no timestamps, the tool
  versions in the header, provenance and status on every name.

Usage: generate.py --catalog FILE --out FILE --opsin-cp 'DIR/*' [--suggest]
--suggest prints, for entries whose structure the catalog does not record,
the structure OPSIN and RDKit derive from the IUPAC name, for review.
"""

import argparse
import re
import subprocess
import sys
from importlib.metadata import version

import yaml
from rdkit import Chem, RDLogger
from rdkit.Chem.MolStandardize import rdMolStandardize
from wordfreq import zipf_frequency

from chemicals.identifiers import search_chemical

RDLogger.DisableLog("rdApp.*")

SOURCE_KEY = "PUBCHEM-CHEMICALS"
OPSIN_VERSION = "2.9.0"
HERE = __file__.rsplit("/", 1)[0]

# Registry numbers, database identifiers and codes that PubChem lists among
# synonyms: never a name a shipper writes for the substance.
CODE_RE = re.compile(
    r"^(\d{2,7}-\d{2}-\d|\d{3}-\d{3}-\d|unii-|nsc[- ]?\d|chebi:|chembl|dtxsid|dtxcid|schembl|zinc|akos|mfcd|"
    r"ccris|hsdb|einecs|brn |ai3-|wln:|caswell|epa pesticide|fema|ins no|e\d{3}|ec \d|un\d{4}|"
    r"bidd:|bdbm|ks-|cs-|hy-|sbb|stk|tox21|ncgc|mls|smr|spectrum|cas-|nci|ccg-|kbio|bspbio|prestwick|"
    r"dea no|rcra|lopac|biomol|opera_id|q\d{3,}|d0\d{3}|c\d{5}|ft-|st\d|am\d|db\d{5}|agn-pc-|[0-9a-z]{10}$)",
    re.I)
# A molecular formula written as a name: "c9h10o", "c10h15no.hcl".
FORMULA_RE = re.compile(r"^([a-z][a-z]?\d*){2,}([.\s*·]([a-z][a-z]?\d*)+)*$", re.I)
# Words that make a synonym a description rather than a name.
GENERIC_WORDS = {
    "solution", "reagent", "standard", "grade", "tech", "technical", "analytical", "usp", "nf", "bp",
    "acs", "pure", "purum", "puriss", "anhydrous", "mixture", "isomers", "mixed", "analytical standard",
    "certified", "reference", "material", "crs", "ep", "jp", "sample", "kit", "pharmaceutical",
    "secondary", "impurity", "racemic", "dl", "vetranal", "pestanal", "traceable", "supelco", "fluka",
}
# Descriptions of products, classes and mixtures rather than the substance.
GENERIC_WORDS |= {
    "tablets", "tablet", "syrup", "caplets", "capsules", "drops", "spray", "decongestant", "sinus",
    "allergy", "daytime", "night", "cold", "relief", "cough", "formula", "extra", "strength",
    "aryl", "alkyl", "derivative", "derivatives", "compound", "compounds", "esters", "salts", "acids",
    "polymer", "bound", "resin", "preserver", "natural", "base", "free", "homolog", "analog",
    "polystyrene", "macrobeads", "solutions", "primary", "aliphatic", "amines", "of",
    "buccal", "transdermal", "system", "patch", "injection", "injectable", "lozenge", "nasal", "oral",
    "sublingual", "film", "suspension", "elixir", "ointment", "cream", "gel",
}
# Trailing annotations of PubChem synonyms: index editions, trade-name,
# pharmacopoeia and language tags, salt ratios ("(9ci)", "[inn-latin]",
# "(jan/usan/inn)", "(2:1)").
ANNOTATION_TAGS = {
    "tn", "inn", "usan", "usp", "jan", "ban", "dcf", "dcit", "van", "nf", "salt", "ban", "mi", "ii",
    "french", "german", "spanish", "italian", "latin", "dutch", "czech", "polish", "russian",
    "who-dd", "mart", "vandf", "ep", "hsdb", "iarc", "ansi", "iso", "bsi", "jp", "usp-rs", "ep-rs",
}
ANNOTATION_RE = re.compile(r"\s*[\(\[]([^\(\)\[\]]*)[\)\]]\s*$")


def strip_annotation(s):
    """Removes one trailing annotation, or returns s unchanged."""
    m = ANNOTATION_RE.search(s)
    if not m:
        return s
    inner = m.group(1).strip().lower()
    tokens = re.split(r"[/,\s-]+", inner)
    if re.fullmatch(r"\d+ci(,\s*\d+ci)*|\d+:\d+", inner) or (tokens and all(t in ANNOTATION_TAGS for t in tokens)):
        return s[:m.start()].rstrip()
    return s


# Counter-ions and solvents of the salts and hydrates a trader declares.
COUNTER_IONS = {"HCl", "Cl", "HBr", "Br", "HI", "I", "H2O4S", "HO4S", "O4S", "H2O", "H3O4P", "HNO3", "NO3",
                "C2H2O4", "C4H4O4", "C4H6O6", "C6H8O7", "CH4O3S", "C7H8O3S"}
ELEMENT_SYMBOLS = set("h he li be b c n o f ne na mg al si p s cl ar k ca br i".split())


def inchikey(mol):
    return Chem.MolToInchiKey(mol) if mol is not None else ""


def mol_from_smiles(smi):
    return Chem.MolFromSmiles(smi) if smi else None


def parent_mol(mol):
    """The largest organic fragment, uncharged: the parent of a salt."""
    if mol is None:
        return None
    frag = rdMolStandardize.LargestFragmentChooser(preferOrganic=True).choose(mol)
    return rdMolStandardize.Uncharger().uncharge(frag)


def counter_ions_only(mol):
    """Every fragment but the largest is a common acid, anion or water."""
    from rdkit.Chem.rdMolDescriptors import CalcMolFormula
    frags = sorted(Chem.GetMolFrags(mol, asMols=True), key=lambda m: -m.GetNumHeavyAtoms())
    for f in frags[1:]:
        formula = re.sub(r"[+-]\d*$", "", CalcMolFormula(f))
        if formula not in COUNTER_IONS:
            return False
    return True


def collision_key(s):
    """Lower case, letters and digits only: the Go loader's collisionKey."""
    return "".join(ch.lower() for ch in s if ch.isalnum())


def letters(s):
    return sum(ch.isalpha() for ch in s)


class Opsin:
    """Runs OpsinBatch.java once for a batch of names."""

    def __init__(self, classpath):
        self.classpath = classpath
        self.cache = {}

    def resolve(self, names):
        todo = sorted({n for n in names if n not in self.cache})
        if not todo:
            return
        proc = subprocess.run(
            ["java", "-cp", self.classpath, HERE + "/OpsinBatch.java"],
            input="\n".join(todo) + "\n", capture_output=True, text=True, check=True)
        lines = proc.stdout.splitlines()
        if len(lines) != len(todo):
            sys.exit(f"opsin: {len(lines)} answers for {len(todo)} names:\n{proc.stderr}")
        for name, line in zip(todo, lines):
            status, _, value = line.partition("\t")
            self.cache[name] = value if status == "OK" else None

    def smiles(self, name):
        return self.cache.get(name) or self.cache.get(opsin_spelling(name))


class Entry:
    def __init__(self, raw):
        self.raw = raw
        self.id = raw["id"]
        self.family = raw["family"]
        st = raw.get("structure") or {}
        self.inchikey = st.get("inchikey", "")
        self.none = st.get("none", "")
        self.exception = st.get("exception", "")
        self.cas = [(str(c["number"]), c.get("form", "parent")) for c in raw.get("cas") or []]
        self.key = self.inchikey or (self.cas[0][0] if self.cas else "")
        # the name OPSIN checks the structure from: the IUPAC name, else the name
        self.systematic = raw.get("iupac") or raw["name"]
        names = [raw["name"], raw.get("iupac") or ""] + list(raw.get("synonyms") or []) \
            + list(raw.get("abbreviations") or []) + [n["text"] for n in raw.get("names") or []]
        self.catalog_names = {collision_key(n) for n in names if n}
        self.checks = []
        self.harvest = {}  # collision key -> (text, status)
        self.dropped = {}  # collision key -> (text, reason)


def pubchem_records(entry):
    """(cas, form, metadata) for every CAS number the chemicals tables know."""
    out = []
    for cas, form in entry.cas:
        try:
            meta = search_chemical(cas)
        except Exception:  # the tables do not hold every CAS number
            meta = None
        out.append((cas, form, meta))
    return out


def cross_check(entry, records, opsin):
    """Compares recorded, PubChem and OPSIN structures; returns problems."""
    problems = []
    if entry.none:
        entry.checks.append("no molecular structure: " + entry.none)
        return problems
    rec = entry.inchikey
    iupac = entry.systematic
    osmi = opsin.smiles(iupac) if iupac else None
    okey = inchikey(mol_from_smiles(osmi)) if osmi else ""
    if not okey:
        entry.checks.append("opsin: cannot parse the IUPAC name")
        problems.append(f"{entry.id}: OPSIN cannot parse {iupac!r}")
    elif okey == rec:
        entry.checks.append("opsin: agrees")
    else:
        entry.checks.append(f"opsin: {okey}")
        problems.append(f"{entry.id}: IUPAC name gives {okey} (OPSIN), recorded {rec}")
    for cas, form, meta in records:
        if meta is None:
            entry.checks.append(f"pubchem {cas}: not in the tables")
            continue
        pmol = mol_from_smiles(meta.smiles)
        pkey = meta.InChI_key
        if form == "parent":
            if pkey == rec:
                entry.checks.append(f"pubchem {cas}: agrees")
                continue
        else:
            # salts, hydrates, a racemate or one enantiomer: the parent
            # compound must agree, stereo aside
            parent = inchikey(parent_mol(pmol))
            if parent == rec or pkey == rec:
                entry.checks.append(f"pubchem {cas} ({form}): parent agrees")
                continue
            if parent[:14] == rec[:14]:
                entry.checks.append(f"pubchem {cas} ({form}): same constitution, {parent}")
                continue
            pkey = parent
        entry.checks.append(f"pubchem {cas}: {pkey}")
        problems.append(f"{entry.id}: CAS {cas} ({form}) is {pkey} in PubChem (CID {meta.pubchemid}), recorded {rec}")
    if problems and entry.exception:
        entry.checks.append("disagreement reviewed in the catalog (structure exception)")
        return []
    return problems


def clean_synonym(s):
    s = " ".join(s.split()).strip(" ,;")
    while True:
        t = strip_annotation(s)
        if t == s:
            return s
        s = t


def opsin_spelling(name):
    """PubChem lower-cases its synonyms; OPSIN reads locants and stereo
    descriptors case-sensitively. Restores N-, O-, S- locants and R/S/E/Z
    descriptors: "n-phenyl-n-(piperidin-4-yl)" -> "N-phenyl-N-(piperidin-4-yl)"."""
    # "n-propyl" is normal propyl, not a locant
    name = re.sub(r"(?<![a-z])([nos])(?=[,'-])(?!-(?:prop|but|pent|hex|hept|oct|non|dec))",
                  lambda m: m.group(1).upper(), name)
    return re.sub(r"(?<=[\d(,])([rsez])(?=[,)*])", lambda m: m.group(1).upper(), name)


def rejection(name):
    """Why a harvested synonym is no name a screen should match, or ''."""
    low = name.lower()
    if CODE_RE.match(low) or "_" in name or "|" in name or "?" in name:
        return "registry number or database code"
    if any(bad in name for bad in (">>", "+/-", "1/4", "1/2", "&", ";")) or name.count(",") >= 3 or not balanced(name):
        return "garbled text or a list of names"
    if re.search(r"\((1[34]c|2h|d\d*|15n)\)|-d\d\b", low):
        return "an isotope-labelled form"
    if FORMULA_RE.match(low) and all(
            tok.lower() in ELEMENT_SYMBOLS for tok in re.findall(r"[A-Za-z][a-z]?", name)):
        return "molecular formula"
    digits = sum(ch.isdigit() for ch in name)
    if letters(name) < 5 or digits > letters(name):
        return "too short or mostly digits: an abbreviation or code"
    words = re.findall(r"[a-z]+", low)
    if any(w in GENERIC_WORDS for w in words) or low in GENERIC_WORDS:
        return "grade, purity or product description"
    return ""


def balanced(name):
    """Brackets open and close in order."""
    stack = []
    for ch in name:
        if ch in "([{":
            stack.append(")]}"["([{".index(ch)])
        elif ch in ")]}":
            if not stack or stack.pop() != ch:
                return False
    return not stack


def generic(name):
    """All words are common English words: a description, not a name."""
    words = re.findall(r"[a-z]{2,}", name.lower())
    return bool(words) and all(zipf_frequency(w, "en") >= 2.5 for w in words)


def classify(entry, text, opsin):
    """(status, reason): status is '' when the name is dropped."""
    smi = opsin.smiles(text)
    if smi:
        mol = mol_from_smiles(smi)
        key = inchikey(mol)
        if not entry.inchikey:
            return "", f"parses to {key or 'an unreadable structure'}; the entry has no molecular structure"
        if key == entry.inchikey:
            return "verified", ""
        if any(a.GetFormalCharge() for a in mol.GetAtoms()) and Chem.GetFormalCharge(mol) != 0:
            return "", "an ion, not a substance in trade (the matcher reads salts from their anion)"
        if "." in smi and not counter_ions_only(mol):
            return "", "a metal salt, complex or mixture: another substance in trade"
        pkey = inchikey(parent_mol(mol))
        if pkey == entry.inchikey:
            return "verified-skeleton", ""
        if key[:14] == entry.inchikey[:14] or pkey[:14] == entry.inchikey[:14]:
            return "verified-skeleton", ""
        return "", f"different structure {key} (OPSIN)"
    if letters(text) < 7:
        return "", "OPSIN cannot parse it and it is too short to be specific"
    if len(text.split()) > 3:
        return "", "OPSIN cannot parse it and it is a phrase (a product description)"
    if generic(text):
        return "", "OPSIN cannot parse it and it is made of common words"
    return "unverified", ""


class Benign:
    """Word windows of known-benign descriptions: a harvested name equal or
    within one edit of one would flag ordinary cargo, so it is dropped."""

    def __init__(self, paths):
        self.windows = set()
        for path in paths or []:
            self.read(path)

    def read(self, path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                words = re.findall(r"[^\W_]+", line.split("\t")[0].lower())
                for i in range(len(words)):
                    for j in range(i + 1, min(i + 6, len(words)) + 1):
                        self.windows.add("".join(words[i:j]))

    def near(self, name):
        key = collision_key(name)
        if len(key) < 6:
            return ""
        best = min(((edit_distance(w, key, 2), w) for w in self.windows if abs(len(w) - len(key)) <= 2),
                   default=(3, ""))
        return best[1] if best[0] <= 2 else ""  # the closest window, ties by text: deterministic


def edit_distance(a, b, limit):
    """Levenshtein distance, giving up above limit."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def head_of_longer(key, entry):
    """The name is the head of a longer catalog name of the entry
    ("chlorotoluene" of "alpha-chlorotoluene"): without its qualifier it
    also names other isomers."""
    for k in entry.catalog_names:
        if len(k) > len(key) and k.endswith(key):
            return "the head of a longer catalog name; without its qualifier it names other isomers"
    return ""


def misspelling(key, entry):
    """key is within two edits of a catalog or verified name of the entry."""
    known = set(entry.catalog_names) | {k for k, (_, st) in entry.harvest.items() if st != "unverified"}
    return any(abs(len(k) - len(key)) <= 2 and edit_distance(k, key, 2) <= 2 for k in known if len(k) >= 6)


def harvest(entries, records_by_id, opsin, benign):
    for e in entries:
        for cas, form, meta in records_by_id[e.id]:
            if meta is None:
                continue
            for syn in meta.synonyms:
                text = clean_synonym(syn)
                key = collision_key(text)
                if not key or key in e.catalog_names or key in e.harvest or key in e.dropped:
                    continue
                why = rejection(text) or head_of_longer(key, e)
                if why:
                    e.dropped[key] = (text, why)
                    continue
                status, why = classify(e, text, opsin)
                if status == "unverified" and misspelling(key, e):
                    status, why = "", "a misspelling of one of the entry's names (the matcher tolerates typos itself)"
                near = benign.near(text) if status else ""
                if near:
                    status, why = "", f"close to benign cargo text {near!r}"
                if status:
                    e.harvest[key] = (text, status)
                else:
                    e.dropped[key] = (text, why)


def settle_shared(entries):
    """A name two entries claim goes to their family, or nowhere."""
    owners = {}
    for e in entries:
        for key in e.catalog_names:
            owners.setdefault(key, set()).add(("catalog", e.id))
        for key in e.harvest:
            owners.setdefault(key, set()).add(("harvest", e.id))
    families = {}
    by_id = {e.id: e for e in entries}
    for key, who in owners.items():
        ids = {i for _, i in who}
        if len(ids) < 2:
            continue
        for kind, i in sorted(who):
            e = by_id[i]
            if kind != "harvest":
                continue
            text, _ = e.harvest.pop(key)
            others = sorted(ids - {i})
            e.dropped[key] = (text, "also a name of " + ", ".join(others))
            fams = {by_id[j].family for j in ids}
            if len(fams) == 1:
                families.setdefault(e.family, {})[key] = (text, sorted(ids))
    return families


def write_output(path, entries, families):
    lines = [
        "# Generated by `make catalog-data` (chemicals/catalogdata/generate.py) from",
        "# chemicals/catalog.yaml. Do not edit: change the catalog or the generator.",
        "# Names come from the PubChem synonyms of each entry's CAS numbers as",
        "# redistributed by the PyPI package chemicals; status says how OPSIN",
        "# verified each against the entry's structure (see docs/catalog.md).",
        f"tools: {{chemicals: \"{version('chemicals')}\", rdkit: \"{version('rdkit')}\", opsin: \"{OPSIN_VERSION}\"}}",
        "entries:",
    ]
    q = lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    for e in entries:
        if not e.key:
            continue
        lines.append(f"  {e.id}:")
        lines.append(f"    key: {e.key}")
        lines.append(f"    check: {q('; '.join(e.checks))}")
        if e.harvest:
            lines.append("    names:")
            for key in sorted(e.harvest, key=lambda k: (e.harvest[k][0], k)):
                text, status = e.harvest[key]
                lines.append(f"      - {{text: {q(text)}, status: {status}, source: {SOURCE_KEY}}}")
        if e.dropped:
            lines.append("    dropped:")
            for key in sorted(e.dropped, key=lambda k: (e.dropped[k][0], k)):
                text, why = e.dropped[key]
                lines.append(f"      - {{text: {q(text)}, reason: {q(why)}}}")
    if families:
        lines.append("families:")
        for fam in sorted(families):
            lines.append(f"  {fam}:")
            for key in sorted(families[fam], key=lambda k: (families[fam][k][0], k)):
                text, ids = families[fam][key]
                lines.append(f"    - {{text: {q(text)}, entries: [{', '.join(ids)}], source: {SOURCE_KEY}}}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def suggest(entries, opsin):
    for e in entries:
        if e.inchikey or e.none:
            continue
        smi = opsin.smiles(e.systematic)
        mol = mol_from_smiles(smi)
        if mol is None:
            print(f"{e.id}: OPSIN cannot parse {e.raw.get('iupac')!r}")
            continue
        print(f"{e.id}:\n    structure:\n      smiles: \"{Chem.MolToSmiles(mol)}\"\n"
              f"      inchi: \"{Chem.MolToInchi(mol)}\"\n      inchikey: {Chem.MolToInchiKey(mol)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--catalog", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--opsin-cp", required=True)
    ap.add_argument("--benign", action="append",
                    help="known-benign or look-alike descriptions, one per line, description first (TAB-separated); repeatable")
    ap.add_argument("--suggest", action="store_true")
    args = ap.parse_args()
    with open(args.catalog, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=yaml.BaseLoader)  # every scalar as written
    entries = [Entry(raw) for raw in doc["entries"]]
    opsin = Opsin(args.opsin_cp)
    records = {e.id: pubchem_records(e) for e in entries}
    names = {e.systematic for e in entries}
    for e in entries:
        for _, _, meta in records[e.id]:
            if meta is not None:
                names.update(clean_synonym(s) for s in meta.synonyms)
    names |= {opsin_spelling(n) for n in names if n}
    opsin.resolve(n for n in names if n)
    if args.suggest:
        suggest(entries, opsin)
        return
    problems = []
    for e in entries:
        problems += cross_check(e, records[e.id], opsin)
    harvest(entries, records, opsin, Benign(args.benign))
    families = settle_shared(entries)
    write_output(args.out, entries, families)
    for p in problems:
        print("disagreement:", p, file=sys.stderr)
    if problems:
        sys.exit(f"{len(problems)} structure disagreements: fix the catalog or record a reviewed exception")


if __name__ == "__main__":
    main()
