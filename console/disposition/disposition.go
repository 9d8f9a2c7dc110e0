package disposition

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Outcome is what an analyst decided about an alert.
type Outcome string

// The outcomes an analyst can record.
const (
	// Confirmed: the alert found a real diversion attempt or a shipment
	// that had to be stopped.
	Confirmed Outcome = "confirmed"
	// FalsePositive: the rule was wrong about the shipment (no precursor,
	// misread text, wrong party).
	FalsePositive Outcome = "false_positive"
	// LegitimateTrade: the rule read the shipment right, but the trade is
	// licensed or otherwise legitimate.
	LegitimateTrade Outcome = "legitimate_trade"
	// NeedsInspection: not decided yet; the goods are to be inspected.
	NeedsInspection Outcome = "needs_inspection"
)

// Outcomes lists every outcome, in the order analysts see them.
var Outcomes = []Outcome{Confirmed, FalsePositive, LegitimateTrade, NeedsInspection}

// Label is the outcome as shown to people.
func (o Outcome) Label() string {
	switch o {
	case Confirmed:
		return "Confirmed"
	case FalsePositive:
		return "False positive"
	case LegitimateTrade:
		return "Legitimate trade"
	case NeedsInspection:
		return "Needs inspection"
	}
	return string(o)
}

// Valid reports whether o is one of Outcomes.
func (o Outcome) Valid() bool {
	for _, x := range Outcomes {
		if o == x {
			return true
		}
	}
	return false
}

// Bounds on a record: it is written by people through a form and read by
// every console, so it is kept small.
const (
	MaxNote    = 2000 // bytes of the note
	MaxAnalyst = 200  // bytes of the analyst's name
	maxRules   = 200  // rule ids of the alert, active and shadow together
	maxID      = 200  // bytes of an alert, shipment or rule id
	// MaxRecord bounds the encoded record; larger messages are refused.
	MaxRecord = 64 << 10
)

// Disposition is one verdict. The dispositions topic is compacted and
// keyed by AlertID: the latest verdict on an alert (see Newer) is the one
// that counts, older ones are history.
type Disposition struct {
	AlertID    string  `json:"alert_id"`
	ShipmentID string  `json:"shipment_id"`
	Outcome    Outcome `json:"disposition"`
	Note       string  `json:"note"`
	// Analyst is who decided, as the console authenticated them.
	Analyst string    `json:"analyst"`
	At      time.Time `json:"at"`
	// Rules and ShadowRules are the active and shadow rules that hit the
	// alert, so that precision per rule needs nothing but this topic.
	Rules       []string `json:"rules"`
	ShadowRules []string `json:"shadow_rules"`
}

// Validate reports every problem of d at once.
func (d Disposition) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if d.AlertID == "" || len(d.AlertID) > maxID {
		add("alert_id: must be 1 to %d bytes", maxID)
	}
	if len(d.ShipmentID) > maxID {
		add("shipment_id: longer than %d bytes", maxID)
	}
	if !d.Outcome.Valid() {
		add("disposition: %q is not one of %s", d.Outcome, outcomeList())
	}
	if len(d.Note) > MaxNote {
		add("note: %d bytes, more than %d", len(d.Note), MaxNote)
	}
	if strings.TrimSpace(d.Analyst) == "" || len(d.Analyst) > MaxAnalyst {
		add("analyst: must be 1 to %d bytes", MaxAnalyst)
	}
	if d.At.IsZero() {
		add("at: missing")
	}
	if len(d.Rules)+len(d.ShadowRules) > maxRules {
		add("rules: more than %d", maxRules)
	}
	for _, r := range append(append([]string(nil), d.Rules...), d.ShadowRules...) {
		if r == "" || len(r) > maxID {
			add("rules: id %q is empty or longer than %d bytes", r, maxID)
			break
		}
	}
	for _, s := range []string{d.AlertID, d.ShipmentID, d.Note, d.Analyst} {
		if !utf8.ValidString(s) {
			add("text is not valid UTF-8")
			break
		}
	}
	return errors.Join(errs...)
}

func outcomeList() string {
	s := make([]string, len(Outcomes))
	for i, o := range Outcomes {
		s[i] = string(o)
	}
	return strings.Join(s, ", ")
}

// Decode reads one record strictly: unknown fields, trailing data, an
// oversized record or an invalid one are errors.
func Decode(data []byte) (Disposition, error) {
	var d Disposition
	if len(data) > MaxRecord {
		return d, fmt.Errorf("disposition: %d bytes, more than %d", len(data), MaxRecord)
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return Disposition{}, fmt.Errorf("disposition: %w", err)
	}
	if dec.More() {
		return Disposition{}, errors.New("disposition: data after the record")
	}
	if err := d.Validate(); err != nil {
		return Disposition{}, fmt.Errorf("disposition %s: %w", d.AlertID, err)
	}
	return d, nil
}

// Encode returns the record as JSON (no trailing newline).
func (d Disposition) Encode() []byte {
	d.At = d.At.UTC()
	if d.Rules == nil {
		d.Rules = []string{}
	}
	if d.ShadowRules == nil {
		d.ShadowRules = []string{}
	}
	b, err := json.Marshal(d)
	if err != nil { // only strings, a time and slices of strings
		panic(fmt.Sprintf("disposition: encode: %v", err))
	}
	return b
}

// Newer reports whether a supersedes b: the later At wins (last write
// wins); at the same instant the order is decided by analyst, outcome and
// note, so every console that sees both picks the same one whatever the
// order it read them in. A record does not supersede itself.
func Newer(a, b Disposition) bool {
	if !a.At.Equal(b.At) {
		return a.At.After(b.At)
	}
	if a.Analyst != b.Analyst {
		return a.Analyst > b.Analyst
	}
	if a.Outcome != b.Outcome {
		return a.Outcome > b.Outcome
	}
	return a.Note > b.Note
}
