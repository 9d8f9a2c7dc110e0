package rules

import (
	"time"

	"github.com/precursorwatch/precursor/parties"
)

// minConfidence is the catalog match confidence at and above which a match
// counts for the shipment-level fields (chemicals, families) and for every
// helper function except maxConfidence.
const minConfidence = 0.5

// Env is the environment every rule condition is compiled against: the
// normalised shipment plus the helper functions of the helper table. The
// expr tags are the names rule authors write. One Env is built per shipment
// and shared by every rule evaluated for it.
type Env struct {
	// ShipmentID is the filer's shipment identifier.
	ShipmentID string `expr:"shipment_id"`
	// EventType is "filed", "amended" or "cancelled".
	EventType string `expr:"event_type"`
	// EventTime is when the filing event happened; control status is judged
	// as of this date.
	EventTime time.Time `expr:"event_time"`
	// Mode is the transport mode ("ocean", "air", "express", "postal",
	// "truck", "rail") or "" when not declared.
	Mode string `expr:"mode"`
	// Origin is the ISO 3166-1 alpha-2 country of origin, upper case.
	Origin string `expr:"origin"`
	// OriginLocode is the UN/LOCODE of the origin, or "".
	OriginLocode string `expr:"origin_locode"`
	// Destination is the ISO 3166-1 alpha-2 destination country, upper case.
	Destination string `expr:"destination"`
	// DestinationLocode is the UN/LOCODE of the destination, or "".
	DestinationLocode string `expr:"destination_locode"`
	// Route lists the transit countries between origin and destination, in
	// order.
	Route []string `expr:"route"`
	// Shipper, Consignee and NotifyParty are the parties of the filing.
	Shipper     Party `expr:"shipper"`
	Consignee   Party `expr:"consignee"`
	NotifyParty Party `expr:"notify_party"`
	// Value is the declared value amount, in Currency.
	Value float64 `expr:"value"`
	// Currency is the ISO 4217 code of Value, or "".
	Currency string `expr:"currency"`
	// Items are the line items with their catalog matches. (Pointers: expr
	// iterates them without copying each Item.)
	Items []*Item `expr:"items"`
	// Chemicals lists the distinct catalog ids matched with confidence >=
	// minConfidence, in first-seen order.
	Chemicals []string `expr:"chemicals"`
	// Families lists the distinct catalog families of Chemicals.
	Families []string `expr:"families"`
	// Lists holds the named string lists of the rule pack; conditions
	// reference them as lists.NAME.
	Lists map[string][]string `expr:"lists"`

	facts facts `expr:"-"`
}

// Party is a shipper, consignee or notify party (also in alerts:
// attacker-controlled text like everything from a manifest).
type Party struct {
	Name    string `expr:"name" json:"name"`
	Address string `expr:"address" json:"address"`
	Country string `expr:"country" json:"country"`
}

// Item is one manifest line item as rules see it.
type Item struct {
	Line        int    `expr:"line"`
	Description string `expr:"description"`
	// HSCode holds digits only ("293339").
	HSCode   string  `expr:"hs_code"`
	CAS      string  `expr:"cas"`
	Quantity float64 `expr:"quantity"`
	Unit     string  `expr:"unit"`
	// Kg is the mass in kilograms: Quantity converted when Unit is a mass
	// unit, else GrossWeightKg.
	Kg            float64 `expr:"kg"`
	GrossWeightKg float64 `expr:"gross_weight_kg"`
	// Matches are all catalog matches of the item, at any confidence.
	Matches []*Match `expr:"matches"`
}

// Match is one catalog match of an item as rules see it.
type Match struct {
	Chemical   string  `expr:"chemical"`   // catalog id
	Family     string  `expr:"family"`     // catalog family
	Method     string  `expr:"method"`     // cas, name, abbreviation, fuzzy, inchikey, inchi, relative, family, structure
	Confidence float64 `expr:"confidence"` // 0..1
	Text       string  `expr:"text"`       // matched text as written
	Field      string  `expr:"field"`      // description or cas
	HS         string  `expr:"hs"`         // consistent, mismatch, missing, unknown
	Role       string  `expr:"role"`       // precursor, pre-precursor, ...
	// Controlled is true when the chemical is controlled in any
	// jurisdiction as of the event date.
	Controlled bool `expr:"controlled"`
	// Watchlist is true when the chemical is controlled nowhere.
	Watchlist bool `expr:"watchlist"`
	// Pattern, SMILES and InChIKey are set for method "structure" (a name
	// the catalog does not know, resolved to a structure): the family
	// pattern the structure matched ("" for an identity without one) and
	// the structure's canonical SMILES and InChIKey. Chemical is "" when
	// the structure is no catalog entry (an uncatalogued derivative).
	Pattern  string `expr:"pattern"`
	SMILES   string `expr:"smiles"`
	InChIKey string `expr:"inchikey"`

	// structure explains a structure match in evidence and alerts.
	structure *StructureEvidence
	// derivative: a pattern match of a structure that is no catalog entry,
	// in a family with a chemical controlled at the event date when
	// familyControlled is set.
	derivative, familyControlled bool

	// start and end are the byte offsets of Text in the item field, for
	// the evidence of hits.
	start, end int

	// Obfuscation names the text tricks the match was seen through,
	// joined by "+" ("homoglyph+leet"), or "" for a plainly written name.
	Obfuscation string `expr:"obfuscation"`
}

// facts are per-shipment sets precomputed once by the Env builder so the
// helper functions are cheap. Every slice is reused across shipments.
type facts struct {
	// controlled[i] is the bit set of jurisdictions (index into
	// chemicals.Jurisdictions) in which Chemicals[i] is controlled as of
	// the event date.
	controlled []uint16
	// roles are the distinct roles of Chemicals.
	roles []string
	// watchlisted: some matched chemical is controlled nowhere.
	watchlisted bool
	// hsMismatch: a matched chemical's declared HS code is a mismatch.
	hsMismatch bool
	// confident: some item has a match with confidence >= minConfidence.
	confident bool
	// casInvalid: some item holds a CAS number with a wrong check digit.
	casInvalid bool
	// parties are the list hits of the parties (Enrichment.Parties),
	// cleared ones included; listed: some hit is not cleared.
	parties []parties.Hit
	listed  bool
	// marks[i] is set by the batch program when rule i held.
	marks []bool
	// budget is the run-time budget of the shipment (budget.go);
	// matchCount and textSteps size it for helper costs.
	budget     evalBudget
	matchCount int
	textSteps  int
	// items and matches back Env.Items and Item.Matches.
	items   []Item
	matches [][]Match
	// norm holds the lower-cased, whitespace-collapsed descriptions one
	// after the other, normEnd[i] the end of item i's; filled lazily by
	// descriptionHas.
	norm      []byte
	normEnd   []int
	normReady bool
	buf       []byte
}
