package rules

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"unsafe"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/manifest"
)

// synthItems returns the items of n synthetic events (risky and benign).
func synthItems(t testing.TB, n int) []chemicals.Item {
	t.Helper()
	opts := synth.DefaultOptions()
	opts.RiskyFraction = 0.3
	g := synth.New(11, opts)
	var out []chemicals.Item
	for range n {
		ev := g.Next()
		m, err := manifest.Decode(ev.Value)
		if err != nil {
			continue
		}
		for _, it := range m.Items {
			out = append(out, chemicals.Item{Description: it.Description, CAS: it.CAS, HSCode: it.HSCode})
		}
	}
	return out
}

// TestItemCacheSameAsMatching: through the cache, the first and every
// later match of an item equal what the matcher finds afresh.
func TestItemCacheSameAsMatching(t *testing.T) {
	cat := defaultCatalog(t)
	plain := chemicals.NewMatcher(cat)
	c := newCachingMatcher(plain)
	items := synthItems(t, 3000)
	matched := 0
	for round := range 2 {
		for _, it := range items {
			want, got := plain.Match(it), c.Match(it)
			if !reflect.DeepEqual(normalResult(got), normalResult(want)) {
				t.Fatalf("round %d, %+v: got %+v, want %+v", round, it, got, want)
			}
			matched += len(want.Matches)
		}
	}
	if matched == 0 || c.len() == 0 {
		t.Fatalf("%d matches, %d items cached: the comparison proves nothing", matched, c.len())
	}
}

// normalResult makes empty and nil slices compare equal.
func normalResult(r chemicals.Result) chemicals.Result {
	if len(r.Matches) == 0 {
		r.Matches = nil
	}
	if len(r.InvalidCAS) == 0 {
		r.InvalidCAS = nil
	}
	if len(r.Findings) == 0 {
		r.Findings = nil
	}
	return r
}

// TestItemCacheBounded: however many items pass, the cache holds at most
// itemCacheEntries of them, and skips long texts.
func TestItemCacheBounded(t *testing.T) {
	c := newCachingMatcher(chemicals.NewMatcher(defaultCatalog(t)))
	limit := itemCacheEntries
	for i := range limit + limit/2 {
		c.Match(chemicals.Item{Description: fmt.Sprintf("cotton t-shirts, style %d", i)})
	}
	if n := c.len(); n > limit || n < limit/2 {
		t.Errorf("%d items cached, want at most %d (and most of them)", n, limit)
	}
	before := c.len()
	long := make([]byte, itemCacheMaxText+1)
	for i := range long {
		long[i] = 'a' + byte(i%26)
	}
	c.Match(chemicals.Item{Description: string(long) + " unique"})
	if c.len() > before {
		t.Error("a description over itemCacheMaxText was cached")
	}
}

// TestItemCacheHoldsNoEventString: the cache keeps copies, not substrings
// of the event an item was decoded from.
func TestItemCacheHoldsNoEventString(t *testing.T) {
	c := newCachingMatcher(chemicals.NewMatcher(defaultCatalog(t)))
	event := `{"description":"4-anilinopiperidine 99%","cas":"23056-29-3"}`
	it := chemicals.Item{Description: event[16:39], CAS: event[48:58]}
	if it.Description != "4-anilinopiperidine 99%" || it.CAS != "23056-29-3" {
		t.Fatalf("test data: %+v", it)
	}
	if len(c.Match(it).Matches) == 0 {
		t.Fatal("no match: the check proves nothing")
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(event)))
	inEvent := func(v string) bool {
		a := uintptr(unsafe.Pointer(unsafe.StringData(v)))
		return len(v) > 0 && a >= lo && a < lo+uintptr(len(event))
	}
	// The key is a fingerprint, which holds no string; the result is checked.
	res, ok := c.items.Get(c.key(it))
	if !ok {
		t.Fatal("the item was not cached")
	}
	for _, m := range res.Matches {
		if inEvent(m.Text) {
			t.Errorf("a cached match holds the event's strings: %+v", m)
		}
	}
}

// The cache is safe for concurrent use (run with -race).
func TestItemCacheConcurrent(t *testing.T) {
	c := newCachingMatcher(chemicals.NewMatcher(defaultCatalog(t)))
	items := synthItems(t, 300)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, it := range items {
				c.Match(it)
			}
		})
	}
	wg.Wait()
}
