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
	CAS           []CASNumber
	Formula       string
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
type Control struct {
	// Jurisdiction is one of the known jurisdiction codes: "UN", "US", "CN",
	// "MX", "EU", "CA", "HK".
	Jurisdiction string
	// Listing says under what the entry is controlled, e.g. "List I",
	// "Table I", "Category 1".
	Listing string
	// Effective is the date the control took effect. Zero means the entry is
	// known to be controlled but the date is not known; it then counts as
	// controlled at every date.
	Effective time.Time
	Note      string
	Sources   []string
}
