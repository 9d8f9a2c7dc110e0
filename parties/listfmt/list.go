package listfmt

import "time"

// Format names a list file format.
type Format string

// The formats Parse reads.
const (
	// FormatOFACXML is OFAC's sdn.xml and its consolidated non-SDN list
	// consolidated.xml: one sdnList schema for both.
	FormatOFACXML Format = "ofac-xml"
	// FormatOFACCSV is OFAC's legacy CSV trio: sdn.csv with add.csv and
	// alt.csv beside it (cons_prim.csv, cons_add.csv, cons_alt.csv for the
	// consolidated list).
	FormatOFACCSV Format = "ofac-csv"
	// FormatUNXML is the UN Security Council consolidated list XML.
	FormatUNXML Format = "un-xml"
	// FormatEUXML is the EU consolidated financial sanctions file (FSF) XML.
	FormatEUXML Format = "eu-xml"
	// FormatFtM is FollowTheMoney entities as JSON lines, as OpenSanctions
	// publishes them (entities.ftm.json and targets.nested.json).
	FormatFtM Format = "ftm-jsonl"
	// FormatCurated is the project's own YAML list (indictments and other
	// curated entries).
	FormatCurated Format = "curated-yaml"
)

// Formats lists every format, in the order Sniff tries them.
var Formats = []Format{FormatOFACXML, FormatUNXML, FormatEUXML, FormatFtM, FormatOFACCSV, FormatCurated}

// Kind says what being on a list means. A sanction is not an indictment:
// every hit carries its entry's Kind so that an alert can say which.
type Kind string

// Entry kinds.
const (
	KindSanction      Kind = "sanction"       // asset freeze / blocking designation
	KindIndictment    Kind = "indictment"     // charged by prosecutors: an allegation, not a conviction
	KindExportControl Kind = "export-control" // export-control or trade restriction list
	KindCrime         Kind = "crime"          // other criminal-justice listing (wanted, convicted)
	KindOther         Kind = "other"          // any other watch list
)

// ValidKind reports whether k is one of the entry kinds.
func ValidKind(k Kind) bool {
	switch k {
	case KindSanction, KindIndictment, KindExportControl, KindCrime, KindOther:
		return true
	}
	return false
}

// EntityType is what an entry names.
type EntityType string

// Entity types.
const (
	TypePerson       EntityType = "person"
	TypeCompany      EntityType = "company"
	TypeOrganization EntityType = "organization"
	TypeVessel       EntityType = "vessel"
	TypeAircraft     EntityType = "aircraft"
	TypeUnknown      EntityType = "unknown"
)

// NameKind says how a list gives a name.
type NameKind uint8

// Name kinds. A weak alias is one the list itself says is too broad to
// screen on alone (OFAC's "weak" a.k.a., FtM's weakAlias).
const (
	NamePrimary NameKind = iota
	NameAlias
	NameWeakAlias
	NamePrevious
)

// String is the lower-case name of the kind.
func (k NameKind) String() string {
	switch k {
	case NamePrimary:
		return "name"
	case NameAlias:
		return "alias"
	case NameWeakAlias:
		return "weak alias"
	case NamePrevious:
		return "previous name"
	}
	return "unknown"
}

// Name is one name of an entry as the list spells it.
type Name struct {
	Text string
	Kind NameKind
}

// Address is one address of an entry. Country is an ISO 3166-1 alpha-2
// code when the list gives one that resolves, else "".
type Address struct {
	Text    string // the address as one line, as the list gives it
	City    string
	Country string
}

// Entry is one listed person, company or organisation.
type Entry struct {
	ID   string // the list's own identifier (uid, DATAID, logicalId, FtM id)
	Kind Kind
	Type EntityType
	// Names holds the primary name first, then aliases in list order.
	Names      []Name
	Countries  []string // ISO 3166-1 alpha-2, upper case, de-duplicated
	Addresses  []Address
	Programmes []string // sanctions programmes, regimes or authorities
	// Listed is when the entry was listed, when the list says.
	Listed time.Time
	// Action and Sources are set by curated lists: what was done, and
	// the source keys that state it.
	Action  string
	Sources []string
	Pos     Pos // where the entry starts in its file
}

// List is one parsed list file.
type List struct {
	ID     string // short identifier, e.g. "us-ofac-sdn"; the caller may override it
	Title  string
	Format Format
	// Published is the publication date the file states; zero when the
	// format states none (the legacy CSV trio), in which case PublishedFrom
	// says what was used instead.
	Published     time.Time
	PublishedFrom string
	// Declared is the record count the file states, -1 when it states none.
	Declared int
	Entries  []Entry
}

// Published-date origins.
const (
	PublishedFromFile     = "file"          // the file's own publication field
	PublishedFromEntities = "entity-change" // newest entity change (FtM without metadata)
	PublishedFromMetadata = "metadata"      // a dataset metadata file beside the list
	PublishedFromNone     = "none"          // the format states none
)
