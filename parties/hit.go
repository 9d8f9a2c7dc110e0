package parties

import (
	"time"

	"github.com/precursorwatch/precursor/parties/listfmt"
)

// Role is the part a party plays in a shipment.
type Role string

// The roles a manifest names.
const (
	RoleShipper   Role = "shipper"
	RoleConsignee Role = "consignee"
	RoleNotify    Role = "notify_party"
)

// Kind says what being on a list means (sanction, indictment, ...): an
// indictment is an allegation, not a sanction, and a hit says which.
type Kind = listfmt.Kind

// Hit is one listed entry a party name matches, with the evidence.
type Hit struct {
	Role Role `json:"role"`
	// Party is the party name as screened.
	Party string `json:"party"`
	// List is the list's id; ListTitle its title.
	List      string `json:"list"`
	ListTitle string `json:"list_title"`
	EntryID   string `json:"entry_id"`
	Kind      Kind   `json:"kind"`
	// EntryType is person, company, organization, vessel, aircraft or
	// unknown.
	EntryType  listfmt.EntityType `json:"entry_type"`
	Programmes []string           `json:"programmes"`
	// Name is the entry's primary name; Matched the name or alias that
	// matched, as listed, and MatchedAs which of those it is.
	Name      string `json:"name"`
	Matched   string `json:"matched"`
	MatchedAs string `json:"matched_as"`
	// Countries are the entry's countries; Action and Sources are given
	// by curated lists.
	Countries []string `json:"countries,omitempty"`
	Action    string   `json:"action,omitempty"`
	Sources   []string `json:"sources,omitempty"`
	// Score is the final score, 0 to 1; Explain says how it was reached.
	Score   float64     `json:"score"`
	Explain Explanation `json:"explain"`
	// Cleared is set when an exception clears this hit as a known false
	// match: the hit is still reported, so that the alert can say so.
	Cleared *Exception `json:"cleared,omitempty"`
}

// Explanation is a score taken apart.
type Explanation struct {
	// Words is one row for every word of the listed name and every word
	// of the party name that matched none.
	Words []WordMatch `json:"words"`
	// NameCoverage is the weighted share of the listed name the party
	// name covers; PartyCoverage the weighted share of the party name the
	// listed name covers. NameScore combines them (MatchConfig.NameWeight).
	NameCoverage  float64 `json:"name_coverage"`
	PartyCoverage float64 `json:"party_coverage"`
	NameScore     float64 `json:"name_score"`
	// WeakAlias is the penalty for matching a weak alias (0 otherwise).
	WeakAlias float64 `json:"weak_alias_penalty,omitempty"`
	// Country is the country corroboration.
	Country CountryCheck `json:"country"`
	// LegalForms are the party's legal-form words, ignored.
	LegalForms []string `json:"legal_forms,omitempty"`
}

// WordMatch is how one word matched.
type WordMatch struct {
	Listed string `json:"listed,omitempty"` // canonical listed word ("" for an unmatched party word)
	Party  string `json:"party,omitempty"`  // canonical party word(s) it matched ("" when missing)
	// How is exact, joined (party words written apart that the list
	// writes as one), split (the reverse), typo (one edit), initial, or
	// missing (listed word absent from the party name) or extra (party
	// word absent from the listed name).
	How        string  `json:"how"`
	Class      string  `json:"class"` // name word, common word, place, ...
	Weight     float64 `json:"weight"`
	Similarity float64 `json:"similarity"`
}

// CountryCheck is the country corroboration: the party's country against
// the entry's.
type CountryCheck struct {
	Party  string   `json:"party,omitempty"`
	Listed []string `json:"listed,omitempty"`
	// Effect is match, mismatch or unknown (either side has none).
	Effect string  `json:"effect"`
	Adjust float64 `json:"adjust"`
}

// ListInfo describes one loaded list: what an operator checks and what
// every alert carries.
type ListInfo struct {
	ID     string         `json:"id"`
	Title  string         `json:"title"`
	Format listfmt.Format `json:"format"`
	Paths  []string       `json:"paths"`
	// SHA256 identifies the loaded copy (see listfmt.File).
	SHA256 string `json:"sha256"`
	// Published is the publication date the list states; PublishedFrom
	// says where it came from (file, metadata, entity-change, file-mtime).
	Published     time.Time     `json:"published"`
	PublishedFrom string        `json:"published_from"`
	Entries       int           `json:"entries"`
	Bytes         int64         `json:"bytes"`
	LoadedAt      time.Time     `json:"loaded_at"`
	LoadTime      time.Duration `json:"load_time_ns"`
}
