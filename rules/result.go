package rules

import "github.com/precursorwatch/precursor/chemicals"

// Enrichment is the catalog matching of a manifest: one Result per manifest
// item, in item order.
type Enrichment struct {
	Items []chemicals.Result
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

// Hit is one rule that fired, with why.
type Hit struct {
	RuleID string   `json:"rule"`
	Title  string   `json:"title"`
	Score  float64  `json:"score"`
	Tags   []string `json:"tags"`
	// References are the sources the rule cites, as the catalog's sources
	// registry describes them.
	References []Reference `json:"references,omitempty"`
	Evidence   []Evidence  `json:"evidence"`
	// EvidenceTruncated is the number of evidence entries left out of an
	// alert (see maxAlertEvidence); 0 in a Result.
	EvidenceTruncated int `json:"evidence_truncated,omitempty"`
}

// Evidence is one reason a rule held: either a catalog match of an item
// (Line, Chemical, ... set) or a shipment field the rule read (Field and
// Value set).
type Evidence struct {
	Line       int     `json:"line,omitempty"`
	Chemical   string  `json:"chemical,omitempty"`
	Family     string  `json:"family,omitempty"`
	Method     string  `json:"method,omitempty"`
	Confidence float64 `json:"confidence,omitempty"`
	Text       string  `json:"text,omitempty"`
	// ItemField is the item field the match was found in: description or cas.
	ItemField string `json:"item_field,omitempty"`
	// Obfuscation names the text tricks the match was seen through
	// ("homoglyph+spacing"), empty for a plainly written name.
	Obfuscation string `json:"obfuscation,omitempty"`
	// Field names a shipment or item field the rule read, Value its value.
	Field string `json:"field,omitempty"`
	Value string `json:"value,omitempty"`
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
}
