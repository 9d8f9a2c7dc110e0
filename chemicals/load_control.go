package chemicals

import (
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// The date policy of controls (docs/catalog.md). effective is required: the
// day the control took legal effect, or "unknown" with a reason, and
// optionally the earliest day a source shows the control in force
// (in_force_by). decided
// and published record the decision and publication days beside it, and
// must not contradict it.
var controlKeys = []string{"listing", "effective", "reason", "in_force_by", "decided", "published", "note", "sources"}

// effectiveUnknown is the value of effective for an undated control.
const effectiveUnknown = "unknown"

// minUNDelay is the least time between a CND scheduling decision and its
// entry into force: the 1988 Convention (art. 12(6)) makes a decision
// effective 180 days after the Secretary-General communicates it.
const minUNDelay = 180 * 24 * time.Hour

// controls parses "controls: {US: {listing: ..., effective: ..., sources: [...]}}".
func (p *parser) controls(n *yaml.Node, what string) []Control {
	var out []Control
	for _, kv := range p.pairs(n, what+": controls") {
		j := kv.key.Value
		known := contains(Jurisdictions, j)
		if !known {
			// keep checking the control: its other problems are reported too
			p.errorf(kv.key, "%s: unknown jurisdiction %q (want one of %s)", what, j, strings.Join(Jurisdictions, ", "))
		}
		cw := fmt.Sprintf("%s: controls %s", what, j)
		f := p.fields(kv.val, cw, controlKeys, "listing", "effective", "sources")
		if f == nil {
			continue
		}
		c := Control{Jurisdiction: j}
		c.Listing = p.optStr(f["listing"], cw+": listing")
		c.Note = p.optStr(f["note"], cw+": note")
		c.Sources = p.sourceList(f["sources"], cw+": sources")
		p.controlDates(&c, f, cw)
		if known {
			out = append(out, c)
		}
	}
	return out
}

// controlDates parses the date fields of a control and enforces the policy.
func (p *parser) controlDates(c *Control, f map[string]*yaml.Node, cw string) {
	eff := f["effective"]
	undated := eff != nil && eff.Kind == yaml.ScalarNode && eff.Value == effectiveUnknown
	if eff != nil && !undated {
		c.Effective = p.date(eff, cw+": effective")
	}
	c.Undated = p.optStr(f["reason"], cw+": reason")
	c.InForceBy = p.optDate(f["in_force_by"], cw+": in_force_by")
	c.Decided = p.optDate(f["decided"], cw+": decided")
	c.Published = p.optDate(f["published"], cw+": published")
	switch {
	case undated && f["reason"] == nil:
		p.errorf(eff, "%s: effective unknown needs a reason (why no source dates it)", cw)
	case !undated && f["reason"] != nil:
		p.errorf(f["reason"], "%s: reason is only for effective: unknown", cw)
	case !undated && f["in_force_by"] != nil:
		p.errorf(f["in_force_by"], "%s: in_force_by is only for effective: unknown", cw)
	}
	p.datePolicy(c, f, cw)
}

// datePolicy rejects dates that contradict each other: nothing takes effect
// before it is decided; UN decisions take effect at least 180 days later;
// EU, US and UN instruments take effect no earlier than their publication
// (EU regulations enter into force after it). Canadian regulations may come
// into force on registration, before the Gazette publishes them.
func (p *parser) datePolicy(c *Control, f map[string]*yaml.Node, cw string) {
	start := c.Since()
	if start.IsZero() {
		return
	}
	field := "effective"
	if !c.Dated() {
		field = "in_force_by"
	}
	if !c.Decided.IsZero() {
		switch {
		case start.Before(c.Decided):
			p.errorf(f["decided"], "%s: %s %s is before decided %s", cw, field, dayText(start), dayText(c.Decided))
		case c.Dated() && c.Jurisdiction == "UN" && start.Sub(c.Decided) < minUNDelay:
			p.errorf(f["effective"], "%s: effective %s is less than 180 days after the CND decision (decided %s); a UN control takes effect 180 days after the decision is communicated", cw, dayText(start), dayText(c.Decided))
		}
	}
	if !c.Published.IsZero() && c.Jurisdiction != "CA" {
		switch {
		case start.Before(c.Published):
			p.errorf(f["published"], "%s: %s %s is before published %s", cw, field, dayText(start), dayText(c.Published))
		case c.Dated() && c.Jurisdiction == "EU" && !start.After(c.Published):
			p.errorf(f["effective"], "%s: effective %s is the publication day; an EU regulation enters into force after its publication in the Official Journal", cw, dayText(start))
		}
	}
	if !c.Decided.IsZero() && !c.Published.IsZero() && c.Published.Before(c.Decided) {
		p.errorf(f["published"], "%s: published %s is before decided %s", cw, dayText(c.Published), dayText(c.Decided))
	}
}

func dayText(t time.Time) string { return t.Format(time.DateOnly) }

// optDate parses an optional date field.
func (p *parser) optDate(n *yaml.Node, what string) time.Time {
	if n == nil {
		return time.Time{}
	}
	return p.date(n, what)
}

// date parses a date written YYYY-MM-DD, as a UTC midnight.
func (p *parser) date(n *yaml.Node, what string) time.Time {
	s, ok := p.str(n, what)
	if !ok {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		p.errorf(n, "%s date %q is not a valid YYYY-MM-DD date", what, s)
		return time.Time{}
	}
	return t
}
