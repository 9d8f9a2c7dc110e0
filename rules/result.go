package rules

import (
	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/parties"
	"github.com/precursorwatch/precursor/structure"
)

// Enrichment is the catalog matching of a manifest, one Result per
// manifest item in item order, the screening of its parties against the
// engine's lists (nil without lists or hits), cleared hits included, and
// the structures resolved for its items.
type Enrichment struct {
	Items   []chemicals.Result
	Parties []parties.Hit
	// Structures holds, per item, the structures the structure resolver
	// read from description spans the catalog did not resolve (see package
	// structure); nil when the resolver is off or found nothing.
	Structures [][]structure.Finding
}

// Result is the scoring of one shipment.
type Result struct {
	// Score is the noisy-OR of the active hits' scores, 0..100.
	Score float64
	// Severity is "none", "low", "medium", "high" or "critical".
	Severity string
	// Emit is true when Severity reaches the ruleset's min_severity.
	Emit bool
	// Hits are the active rules whose condition held and that no exception
	// suppressed, in rule order.
	Hits []Hit
	// ShadowHits are shadow rules whose condition held; they never score.
	ShadowHits []Hit
	// Suppressed names the exceptions that removed hits.
	Suppressed []Suppression
	// RuleErrors are rules (or exceptions) whose evaluation failed for this
	// shipment; the others still decided.
	RuleErrors []RuleError
}

// Hit is one rule that fired, with why and what to do about it.
type Hit struct {
	RuleID string `json:"rule"`
	Title  string `json:"title"`
	// Description is the rule's explanation for analysts; Action what to
	// do next when it fires. Either may be "".
	Description string   `json:"description,omitempty"`
	Action      string   `json:"action,omitempty"`
	Score       float64  `json:"score"`
	Tags        []string `json:"tags"`
	// References are the sources the rule cites, as the catalog's sources
	// registry describes them.
	References []Reference `json:"references,omitempty"`
	// Items are the line items the hit is about (see explain), in item
	// order.
	Items    []HitItem  `json:"items"`
	Evidence []Evidence `json:"evidence"`
	// ItemsTruncated and EvidenceTruncated count the items and evidence
	// entries left out of an alert (see maxHitItems, maxAlertEvidence);
	// 0 in a Result.
	ItemsTruncated    int `json:"items_truncated,omitempty"`
	EvidenceTruncated int `json:"evidence_truncated,omitempty"`

	// static is the rule's part of the hit's JSON (rule ... references),
	// encoded once when the rule was compiled; nil: encode the fields.
	static []byte
}

// HitItem is a line item a hit is about, as declared.
type HitItem struct {
	Line        int     `json:"line"`
	Description string  `json:"description"`
	HSCode      string  `json:"hs_code,omitempty"`
	CAS         string  `json:"cas,omitempty"`
	Quantity    float64 `json:"quantity,omitempty"`
	Unit        string  `json:"unit,omitempty"`
	// Kg is the mass in kilograms: the quantity converted when its unit is
	// a mass unit, else the declared gross weight; 0 when neither is known.
	Kg float64 `json:"kg,omitempty"`
}

// Evidence is one reason a rule held: a catalog match of an item (Line,
// Chemical, ... set), a shipment field the rule read (Field and Value
// set) or a list hit of a party (Party set).
type Evidence struct {
	Line       int     `json:"line,omitempty"`
	Chemical   string  `json:"chemical,omitempty"`
	Family     string  `json:"family,omitempty"`
	Method     string  `json:"method,omitempty"`
	Confidence float64 `json:"confidence,omitempty"`
	Text       string  `json:"text,omitempty"`
	// ItemField is the item field the match was found in: description or
	// cas; Start and End are the byte offsets of Text in it.
	ItemField string `json:"item_field,omitempty"`
	Start     int    `json:"start,omitempty"`
	End       int    `json:"end,omitempty"`
	// Obfuscation names the text tricks the match was seen through
	// ("homoglyph+spacing"), empty for a plainly written name.
	Obfuscation string `json:"obfuscation,omitempty"`
	// Field names a shipment or item field the rule read, Value its value.
	Field string `json:"field,omitempty"`
	Value string `json:"value,omitempty"`
	// Party is a list hit of a party: list, entry, kind, programmes, the
	// name or alias matched, the score word by word, and the exception
	// that cleared it, if any (a cleared hit never made the rule fire).
	Party *parties.Hit `json:"party,omitempty"`
	// Structure is what the structure resolver read, for a match of
	// method "structure".
	Structure *StructureEvidence `json:"structure,omitempty"`
}

// Reference is a source a rule cites: its key in the catalog's sources
// registry, the registry's title and URL, and the rule's note on what it
// supports.
type Reference struct {
	Source string `json:"source"`
	Title  string `json:"title"`
	URL    string `json:"url,omitempty"`
	Note   string `json:"note,omitempty"`
}

// Suppression is one exception that removed hits from a shipment.
type Suppression struct {
	Exception string   `json:"exception"`
	Rules     []string `json:"rules"`
}

// RuleError is a rule whose evaluation failed at run time. RuleID is the
// rule id, or "exception:NAME" for an exception.
type RuleError struct {
	RuleID string `json:"rule"`
	Error  string `json:"error"`
	// Stopped is set when the run-time budget stopped the evaluation or
	// left it undone (budget.go), rather than the condition failing.
	Stopped bool `json:"-"`
}
