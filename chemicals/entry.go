package chemicals

import "time"

// Catalog is a loaded, validated precursor catalog. It is immutable after
// loading and safe for concurrent use.
type Catalog struct {
	// Version is the catalog's declared version string.
	Version string
	// Hash is the hex SHA-256 of the catalog file's bytes.
	Hash string
	// Source names where the catalog came from (a file path or "embedded").
	Source string
	// Entries in file order.
	Entries []*Entry
	// Sources maps the source keys cited by entries and controls to what
	// they are.
	Sources map[string]Source

	byID     map[string]*Entry
	families map[string][]*Entry
	byCAS    map[string]*Entry // every CAS number of every entry
	famDesc  map[string]string // family id -> description
	// famPatterns maps a family id to its substructure patterns (family.go).
	famPatterns map[string][]FamilyPattern
	// familyNames are generated names that several entries of a family
	// share: they name the family, not an entry.
	familyNames map[string][]Name
}

// Source is a reference cited by catalog entries.
type Source struct {
	Title string
	URL   string
}

// Entry is one chemical of the catalog.
type Entry struct {
	ID            string   // stable id, e.g. "4-ap"
	Name          string   // preferred name
	Abbreviations []string // short codes such as "4-AP", "NPP"
	IUPAC         string
	Synonyms      []string
	// Names are the entry's further names, each with its language and
	// provenance: curated names from regulators' lists (catalog.yaml) and
	// names harvested and verified by the catalog-data generator
	// (names.generated.yaml). Name, IUPAC, Abbreviations and Synonyms are
	// not repeated here.
	Names   []Name
	CAS     []CASNumber
	Formula string
	// Structure is the entry's molecular identity (SMILES, standard InChI
	// and InChIKey), or the reason it has none.
	Structure Structure
	HSCodes   []string // six-digit HS 2022 subheadings, digits only
	Role      Role
	// Family groups an entry with its protected, salt and derivative forms:
	// 1-boc-4-AP and 4-AP dihydrochloride both belong to family "4-ap".
	Family   string
	Controls []Control
	Sources  []string
	// Note is free text for reviewers: caveats about identity or sources.
	Note string
	// Line is the line of the entry in the catalog file, for messages.
	Line int
}

// Structure is the molecular identity of an entry. Either the identifiers
// are set, or None says why the entry has no single molecular structure
// (an element such as red phosphorus, a mixture). The zero value means the
// catalog states nothing.
type Structure struct {
	SMILES   string // isomeric SMILES
	InChI    string // standard InChI, "InChI=1S/..."
	InChIKey string // standard InChIKey, "XXXXXXXXXXXXXX-YYYYYYYYSA-N"
	None     string // why there is no molecular structure; exclusive with the identifiers
	// Exception records a reviewed disagreement between the recorded
	// structure and the generator's cross-check (CAS data or the IUPAC
	// name), with the sources that settle it.
	Exception        string
	ExceptionSources []string
}

// Known reports whether the catalog states a structure or its absence.
func (s Structure) Known() bool { return s.None != "" || s.InChIKey != "" }

// CASNumber is one CAS registry number of an entry and the form it names.
type CASNumber struct {
	Number string // canonical "NNNNNNN-NN-N"
	Form   string // "parent", "hydrochloride", "sulfate", ...
}

// Role is what an entry is used for in illicit manufacture.
type Role string

// Roles.
const (
	RolePrecursor         Role = "precursor"          // immediate or direct precursor
	RolePrePrecursor      Role = "pre-precursor"      // one step further back
	RoleDesignerPrecursor Role = "designer-precursor" // protected or designer variant made to evade control
	RoleReagent           Role = "reagent"            // reagent or solvent used in synthesis
	RoleDrug              Role = "drug"               // a controlled drug itself
)

// Control is the control status of an entry in one jurisdiction.
//
// Dates follow one policy (docs/catalog.md): Effective is the day the
// control took legal effect in the jurisdiction (UN: entry into force of the
// CND decision; EU: entry into force or application of the delegated
// regulation; US: the final rule's effective date; CA: coming into force of
// the regulation). Decided and Published record the decision and
// publication dates beside it. A control whose effective day no source
// gives has a zero Effective and the reason in Undated; it counts as in
// force at every date and is always reported "date unknown". InForceBy may
// record the earliest day a cited source shows it in force.
type Control struct {
	// Jurisdiction is one of the known jurisdiction codes: "UN", "US", "CN",
	// "MX", "EU", "CA", "HK".
	Jurisdiction string
	// Listing says under what the entry is controlled, e.g. "List I",
	// "Table I", "Category 1".
	Listing string
	// Effective is the day (UTC midnight) the control took legal effect;
	// zero for an undated control.
	Effective time.Time
	// Undated says why the effective day is unknown; set exactly when
	// Effective is zero.
	Undated string
	// InForceBy is, for an undated control, the earliest day a cited source
	// shows the control in force, when recorded (informational: the control
	// still counts as in force at every date).
	InForceBy time.Time
	// Decided is the day of the decision or adoption (a CND vote, the
	// Commission's adoption), when recorded; zero otherwise.
	Decided time.Time
	// Published is the day of official publication (Federal Register,
	// Official Journal, Canada Gazette), when recorded; zero otherwise.
	Published time.Time
	Note      string
	Sources   []string
}

// Name is one further name of an entry with its provenance.
type Name struct {
	Text string
	// Lang is the BCP 47 language tag of the name ("zh-Hans", "es", "de");
	// empty when the source does not say (harvested English-like names).
	Lang string
	// Source is the key of the catalog source the name comes from.
	Source string
	Status NameStatus
	// Entries are, for a name of a family (Catalog.FamilyNames), the ids
	// of the entries that share it, in the order the data lists them;
	// empty for an entry's own name.
	Entries []string
}

// NameStatus says how far a name is verified.
type NameStatus string

// Name statuses. Curated names come from catalog.yaml, the others from the
// catalog-data generator.
const (
	// NameCurated: copied from a regulator's list or an official text.
	NameCurated NameStatus = "curated"
	// NameSecondary: copied from a secondary reproduction of an official
	// list (a company page, the press); weaker than curated.
	NameSecondary NameStatus = "secondary"
	// NameVerified: OPSIN parses the name to the entry's structure.
	NameVerified NameStatus = "verified"
	// NameSkeleton: OPSIN parses the name to the entry's constitution with
	// other or unspecified stereochemistry, or to a salt of the entry.
	NameSkeleton NameStatus = "verified-skeleton"
	// NameUnverified: a trivial or trade name OPSIN cannot parse, kept
	// because the PubChem record of the entry's CAS number lists it.
	NameUnverified NameStatus = "unverified"
)

var curatedStatuses = []NameStatus{NameCurated, NameSecondary}
var generatedStatuses = []NameStatus{NameVerified, NameSkeleton, NameUnverified}
