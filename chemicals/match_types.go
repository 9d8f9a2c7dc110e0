package chemicals

// Method says how a match was found.
type Method string

// Match methods, strongest evidence first.
const (
	MethodCAS          Method = "cas"          // a valid CAS number of the entry
	MethodName         Method = "name"         // name, IUPAC name or synonym after normalisation
	MethodAbbreviation Method = "abbreviation" // a short code such as NPP or 4-AP
	MethodFuzzy        Method = "fuzzy"        // a misspelling of a long name
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

// Result is everything the matcher found in one item.
type Result struct {
	Matches    []Match
	InvalidCAS []CASFinding
}
