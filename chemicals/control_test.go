package chemicals

import (
	"slices"
	"testing"
	"time"
)

// TestEveryDatedControlTakesEffectOnItsDay is the time-correctness table:
// for every dated control of the embedded catalog, the entry is not
// controlled in that jurisdiction the day before and is controlled on the
// day, at 00:00 UTC. Undated controls count as in force at every date and
// are reported as such.
func TestEveryDatedControlTakesEffectOnItsDay(t *testing.T) {
	c := mustDefault(t)
	dated, undated := 0, 0
	for _, e := range c.Entries {
		for _, ctl := range e.Controls {
			t.Run(e.ID+"/"+ctl.Jurisdiction, func(t *testing.T) {
				if !ctl.Dated() {
					undated++
					if ctl.Undated == "" {
						t.Error("undated control without a reason")
					}
					if _, st := e.Status(ctl.Jurisdiction, day("1990-01-01")); st != InForceDateUnknown {
						t.Errorf("status %v, want in force, date unknown", st)
					}
					if !slices.Contains(e.DateUnknownWhere(day("2026-01-01")), ctl.Jurisdiction) {
						t.Error("DateUnknownWhere lacks the jurisdiction")
					}
					return
				}
				dated++
				before := ctl.Effective.Add(-time.Nanosecond)
				if e.ControlledIn(ctl.Jurisdiction, before) {
					t.Errorf("controlled at %s, before its effective day", before.Format(time.RFC3339Nano))
				}
				if !e.ControlledIn(ctl.Jurisdiction, ctl.Effective) {
					t.Errorf("not controlled on its effective day %s", ctl.Effective.Format(time.DateOnly))
				}
				if slices.Contains(e.DateUnknownWhere(ctl.Effective), ctl.Jurisdiction) {
					t.Error("a dated control reported as date unknown")
				}
			})
		}
	}
	if dated < 100 || undated == 0 {
		t.Errorf("%d dated and %d undated controls: the table does not cover the catalog", dated, undated)
	}
}
