package parties

import (
	"fmt"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/precursorwatch/precursor/manifest"
)

// screenOnce is Screen without the cache: what Screen must return.
func screenOnce(s *Snapshot, p manifest.Party, role Role, at time.Time) []Hit {
	if p.Name == "" {
		return nil
	}
	hits := s.screen(p, role)
	s.exceptions.apply(hits, p, at)
	return hits
}

// TestScreenCacheSameAsScreening: through the cache, the first and every
// later screening of a party give exactly what screening it afresh gives,
// over the development evaluation set (listed names respelled, near
// misses) in every role.
func TestScreenCacheSameAsScreening(t *testing.T) {
	s := loadSample(t)
	cases := readEvalSet(t, "testdata/dev/variants.tsv")
	if len(cases) < 20 {
		t.Fatalf("%d cases", len(cases))
	}
	hits := 0
	for _, c := range cases {
		p := manifest.Party{Name: c.name, Country: c.country}
		for _, role := range []Role{RoleShipper, RoleConsignee, RoleNotify} {
			want := screenOnce(s, p, role, screenAt)
			for i := range 2 {
				if got := s.Screen(p, role, screenAt); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s %q, screening %d: %+v, want %+v", role, c.name, i+1, got, want)
				}
			}
			hits += len(want)
		}
	}
	if hits == 0 {
		t.Fatal("no hits: the comparison proves nothing")
	}
}

// TestScreenCacheKeepsCallersApart: exceptions are judged at each call's
// time on the caller's own copy, so a later call neither sees nor changes
// an earlier call's hits.
func TestScreenCacheKeepsCallersApart(t *testing.T) {
	s, err := loadWithExceptions("testdata/exceptions/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	party := manifest.Party{Name: "ATHOS CHEMICALS GMBH", Country: "DE"}
	first := s.Screen(party, RoleConsignee, screenAt)
	later := s.Screen(party, RoleConsignee, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if len(first) != 1 || first[0].Cleared == nil || len(later) != 1 || later[0].Cleared != nil {
		t.Fatalf("first %+v, later %+v: want cleared then not (the exception expired)", first, later)
	}
	again := s.Screen(party, RoleConsignee, screenAt)
	if first[0].Cleared == nil || again[0].Cleared == nil || later[0].Cleared != nil || &again[0] == &later[0] {
		t.Errorf("callers share hits: first %+v, later %+v, again %+v", first, later, again)
	}
	if last := s.Screen(party, RoleConsignee, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); last[0].Cleared != nil {
		t.Errorf("an earlier call's exception stuck to the cached hits: %+v", last)
	}
}

// TestScreenCacheBounded: however many parties pass, the cache holds at
// most cacheEntries of them, and most of the table is used.
func TestScreenCacheBounded(t *testing.T) {
	s := loadSample(t)
	limit := cacheEntries
	for i := range limit + limit/2 {
		s.Screen(manifest.Party{Name: fmt.Sprintf("Trading Company %d", i)}, RoleShipper, screenAt)
	}
	if n := s.cache.len(); n > limit || n < limit/2 {
		t.Errorf("%d parties cached, want at most %d (and most of them)", n, limit)
	}
}

// TestScreenCacheHoldsNoEventString: the cache keeps copies, not
// substrings of the event a party was decoded from (which it would keep
// alive).
func TestScreenCacheHoldsNoEventString(t *testing.T) {
	s := loadSample(t)
	event := `{"consignee":{"name":"SUMILAB, S.A. DE C.V.","country":"MX"}}`
	name, country := event[22:43], event[56:58]
	p := manifest.Party{Name: name, Country: country}
	if p.Name != "SUMILAB, S.A. DE C.V." || p.Country != "MX" {
		t.Fatalf("test data: %q %q", p.Name, p.Country)
	}
	if len(s.Screen(p, RoleConsignee, screenAt)) == 0 {
		t.Fatal("no hit: the check proves nothing")
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(event)))
	inEvent := func(v string) bool {
		a := uintptr(unsafe.Pointer(unsafe.StringData(v)))
		return len(v) > 0 && a >= lo && a < lo+uintptr(len(event))
	}
	// The key is a fingerprint, which holds no string; the hits are checked.
	hits, ok := s.cache.get(s.cache.key(p, RoleConsignee))
	if !ok {
		t.Fatal("the party was not cached")
	}
	for _, h := range hits {
		if inEvent(h.Party) || inEvent(h.Explain.Country.Party) {
			t.Errorf("a cached hit holds the event's strings: %+v", h)
		}
		for _, w := range h.Explain.Words {
			if inEvent(w.Party) {
				t.Errorf("a cached word holds the event's strings: %+v", w)
			}
		}
	}
}
