package rules

import (
	"reflect"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
)

// TestControlledWhere compares controlledWhere with
// chemicals.Entry.ControlledWhere for every entry of the embedded catalog
// at every effective day of its controls, just before it, and at dates
// far before and after them all.
func TestControlledWhere(t *testing.T) {
	e, err := LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	cat := e.Catalog()
	dated := 0
	for _, ent := range cat.Entries {
		times := []time.Time{{}, time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), time.Now()}
		for _, c := range ent.Controls {
			if c.Dated() {
				dated++
				times = append(times, c.Effective, c.Effective.Add(-time.Nanosecond), c.Effective.Add(time.Hour))
			}
		}
		for _, at := range times {
			if got, want := controlledWhere(ent, at), ent.ControlledWhere(at); !reflect.DeepEqual(got, want) {
				t.Errorf("%s at %v: controlledWhere %q, ControlledWhere %q", ent.ID, at, got, want)
			}
		}
	}
	if dated == 0 {
		t.Fatal("no dated control in the catalog: the test compares nothing interesting")
	}
	// A jurisdiction listed twice: the first control decides, as in Status.
	ent := &chemicals.Entry{ID: "x", Controls: []chemicals.Control{
		{Jurisdiction: "US", Effective: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Jurisdiction: "US"}, {Jurisdiction: "ZZ"}, {Jurisdiction: "UN"},
	}}
	for _, at := range []time.Time{time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)} {
		if got, want := controlledWhere(ent, at), ent.ControlledWhere(at); !reflect.DeepEqual(got, want) {
			t.Errorf("duplicate jurisdiction at %v: controlledWhere %q, ControlledWhere %q", at, got, want)
		}
	}
}
