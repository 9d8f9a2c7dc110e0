package chemicals

import "time"

// Jurisdictions are the jurisdiction codes a catalog may use in controls:
// the UN 1988 Convention tables, the United States, mainland China, Mexico,
// the European Union, Canada and Hong Kong SAR.
var Jurisdictions = []string{"UN", "US", "CN", "MX", "EU", "CA", "HK"}

// ControlStatus is what the catalog says about a control at an instant.
type ControlStatus int

// Control statuses.
const (
	// NotControlled: no control in the jurisdiction, or the instant is
	// before a dated control's effective day.
	NotControlled ControlStatus = iota
	// InForce: a dated control in force since its effective day.
	InForce
	// InForceDateUnknown: an undated control. The catalog knows it is in
	// force but no source gives the day it took effect, so it counts as in
	// force at every instant and every report must say "date unknown".
	InForceDateUnknown
)

// String returns the status as the command line and JSON print it.
func (s ControlStatus) String() string {
	switch s {
	case InForce:
		return "in force"
	case InForceDateUnknown:
		return "in force, date unknown"
	}
	return "not controlled"
}

// Dated reports whether the control has a known effective day.
func (c Control) Dated() bool { return !c.Effective.IsZero() }

// StatusAt returns the control's status at an instant. Controls take effect
// at 00:00 UTC of their day.
func (c Control) StatusAt(at time.Time) ControlStatus {
	switch {
	case !c.Dated():
		return InForceDateUnknown
	case !at.Before(c.Effective):
		return InForce
	}
	return NotControlled
}

// Since returns the effective day, or for an undated control the earliest
// day a source shows it in force (zero if the catalog records none).
func (c Control) Since() time.Time {
	if c.Dated() {
		return c.Effective
	}
	return c.InForceBy
}

// Status returns the entry's control in a jurisdiction and its status at
// the instant. The control is the zero Control when the entry has none
// there.
func (e *Entry) Status(jurisdiction string, at time.Time) (Control, ControlStatus) {
	for _, c := range e.Controls {
		if c.Jurisdiction == jurisdiction {
			return c, c.StatusAt(at)
		}
	}
	return Control{}, NotControlled
}

// Control returns the entry's control in a jurisdiction if it is in force at
// the instant: a dated control from 00:00 UTC of its effective day, an
// undated control at every instant. Callers that report a control must say
// "date unknown" for an undated one (Control.Dated, DateUnknownWhere).
func (e *Entry) Control(jurisdiction string, at time.Time) (Control, bool) {
	c, st := e.Status(jurisdiction, at)
	if st == InForce || st == InForceDateUnknown {
		return c, true
	}
	return Control{}, false
}

// ControlledIn reports whether the entry is controlled in the jurisdiction
// at the instant (see Control).
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

// DateUnknownWhere returns the jurisdictions, in Jurisdictions order, where
// the entry is controlled by an undated control: those of ControlledWhere
// that a report must mark "date unknown".
func (e *Entry) DateUnknownWhere(at time.Time) []string {
	var out []string
	for _, j := range Jurisdictions {
		if _, st := e.Status(j, at); st == InForceDateUnknown {
			out = append(out, j)
		}
	}
	return out
}
