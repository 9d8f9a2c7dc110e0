package chemicals

import "time"

// Jurisdictions are the jurisdiction codes a catalog may use in controls:
// the UN 1988 Convention tables, the United States, mainland China, Mexico,
// the European Union, Canada and Hong Kong SAR.
var Jurisdictions = []string{"UN", "US", "CN", "MX", "EU", "CA", "HK"}

// Control returns the entry's control in a jurisdiction if it was in force
// at the given instant. A control takes effect at 00:00 UTC of its effective
// date; a control without a date counts as in force at every instant.
func (e *Entry) Control(jurisdiction string, at time.Time) (Control, bool) {
	for _, c := range e.Controls {
		if c.Jurisdiction != jurisdiction {
			continue
		}
		if c.Effective.IsZero() || !at.Before(c.Effective) {
			return c, true
		}
	}
	return Control{}, false
}

// ControlledIn reports whether the entry was controlled in the jurisdiction
// at the given instant.
func (e *Entry) ControlledIn(jurisdiction string, at time.Time) bool {
	_, ok := e.Control(jurisdiction, at)
	return ok
}

// ControlledWhere returns the jurisdictions, in Jurisdictions order, where
// the entry was controlled at the given instant.
func (e *Entry) ControlledWhere(at time.Time) []string {
	var out []string
	for _, j := range Jurisdictions {
		if e.ControlledIn(j, at) {
			out = append(out, j)
		}
	}
	return out
}

// Watchlist reports whether the entry is controlled nowhere, at any date:
// a chemical the catalog watches without any listing to cite.
func (e *Entry) Watchlist() bool {
	return len(e.Controls) == 0
}

// CitedSources returns every source key the entry cites, its own first and
// then those its controls add, each once, in order of first citation.
func (e *Entry) CitedSources() []string {
	out := make([]string, 0, len(e.Sources)+len(e.Controls))
	seen := make(map[string]bool, cap(out))
	add := func(keys []string) {
		for _, k := range keys {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	add(e.Sources)
	for _, c := range e.Controls {
		add(c.Sources)
	}
	return out
}
