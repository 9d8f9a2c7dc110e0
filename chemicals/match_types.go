package chemicals

// Method says how a match was found.
type Method string

// Match methods, strongest evidence first.
const (
	MethodCAS          Method = "cas"          // a valid CAS number of the entry
	MethodName         Method = "name"         // name, IUPAC name or synonym after normalisation
	MethodAbbreviation Method = "abbreviation" // a short code such as NPP or 4-AP
	MethodFuzzy        Method = "fuzzy"        // a misspelling of a long name
	MethodInChIKey     Method = "inchikey"     // the entry's standard InChIKey (or its first block: same skeleton)
	MethodInChI        Method = "inchi"        // the entry's standard InChI
	// MethodRelative: an ester, amide or carbamate of the entry (or of its
	// family's parent) that is not itself a catalog entry. The identity is
	// the family's, not the entry's: Relation says how it is related.
	MethodRelative Method = "relative"
	// MethodFamily: a name several entries of one family share (a
	// generated family name, or a name that only a stereo descriptor the
	// text leaves out would tell apart). The identity is the family's:
	// Entry is one of the entries that share the name.
	MethodFamily Method = "family"
)

// FamilyLevel reports whether the match claims only its family's identity
// (a relative, or a name several entries share), not its entry's.
func (m Match) FamilyLevel() bool {
	return m.Method == MethodRelative || m.Method == MethodFamily
}

// Relation says how the text relates to a Match's entry when it names a
// relative rather than the entry itself (MethodRelative), or a salt form.
type Relation string

// Relations.
const (
	RelationNone      Relation = ""          // the entry itself
	RelationSalt      Relation = "salt"      // a salt of the entry (the catalog lists salts as forms of their parent)
	RelationEster     Relation = "ester"     // another ester of the entry's acid
	RelationCarbamate Relation = "carbamate" // a carbamate (N-protected form) of the entry
	RelationAmide     Relation = "amide"     // an amide of the entry
)

// Field names the item field a match was found in.
type Field string

// Item fields the matcher reads.
const (
	FieldDescription Field = "description"
	FieldCAS         Field = "cas"
)

// HSStatus says whether the declared HS code agrees with a matched chemical.
type HSStatus string

// HS consistency outcomes.
const (
	HSConsistent HSStatus = "consistent" // declared code is one of the entry's subheadings (or the same heading)
	HSMismatch   HSStatus = "mismatch"   // a code was declared and it does not fit the entry
	HSMissing    HSStatus = "missing"    // no HS code was declared
	HSUnknown    HSStatus = "unknown"    // the entry has no HS code to compare against
)

// Item is the part of a manifest line item the matcher reads.
type Item struct {
	Description string
	CAS         string
	HSCode      string // digits only
}

// Match is one catalog entry found in an item.
type Match struct {
	Entry      *Entry
	Method     Method
	Confidence float64 // 0..1
	Field      Field
	// Start and End are byte offsets of the matched text in the field's
	// original string; Text is that substring.
	Start, End int
	Text       string
	HS         HSStatus
	// Relation is set when the text names a relative or a salt of Entry.
	Relation Relation
	// Obfuscation records the text tricks the match was seen through
	// (homoglyphs, invisible characters, letter-spacing, digits for
	// letters): a deliberately disguised name is a signal of its own.
	Obfuscation Obfuscation
}

// CASFinding is a CAS-shaped number whose check digit is wrong: a mistyped or
// tampered registry number. Want holds the check digit that would be valid and
// Entry the catalog entry whose number it most likely imitates, if any.
type CASFinding struct {
	Field      Field
	Start, End int
	Text       string
	Want       byte
	Entry      *Entry
}

// FindingKind says what a structure finding is.
type FindingKind string

// Structure finding kinds.
const (
	// FindingSMILES is a SMILES string in the text: a structure the matcher
	// recognises but does not resolve ("unresolved structure"); a structure
	// resolver may resolve it to an entry later.
	FindingSMILES FindingKind = "smiles"
	// FindingFormula is a molecular formula in Hill order that is the
	// formula of one or more catalog entries: weak evidence, never an
	// identity on its own (isomers share a formula).
	FindingFormula FindingKind = "formula"
)

// Finding is a structure written in the text that is not, by itself, an
// identity: a SMILES string (unresolved) or a Hill formula with the catalog
// entries that have it.
type Finding struct {
	Kind       FindingKind
	Field      Field
	Start, End int
	Text       string
	// Candidates are the entries whose formula it is (FindingFormula).
	Candidates []*Entry
}

// Result is everything the matcher found in one item.
type Result struct {
	Matches    []Match
	InvalidCAS []CASFinding
	Findings   []Finding
}
