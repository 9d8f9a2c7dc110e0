//go:build structure

package structure

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
)

// evalRow is one name of a dev or held-out set.
type evalRow struct {
	line         int
	name, family string // family "-": must match none
}

func evalSet(tb testing.TB, path string) []evalRow {
	var out []evalRow
	for _, r := range readTSV(tb, path, 3) {
		out = append(out, evalRow{r.line, r.f[0], r.f[1]})
	}
	return out
}

// families returns the sorted families of a structure's pattern matches.
func families(s *Structure) []string {
	set := map[string]bool{}
	for _, m := range s.Matches {
		set[m.Family] = true
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// evalScore counts a set's outcomes.
type evalScore struct {
	positives, recalled, unparsed int
	negatives, falseMatches       int
	alsoOther                     int // positives that also match another family
	misses                        []string
}

func (s evalScore) String() string {
	return fmt.Sprintf("recall %d/%d (%.0f%%, %d not read by OPSIN), false matches %d/%d, positives also matching another family %d",
		s.recalled, s.positives, 100*float64(s.recalled)/float64(max(1, s.positives)), s.unparsed,
		s.falseMatches, s.negatives, s.alsoOther)
}

// score resolves each name directly with the client.
func score(t *testing.T, c *Client, rows []evalRow) evalScore {
	var sc evalScore
	for _, r := range rows {
		s, err := c.Resolve(context.Background(), r.name)
		if err != nil {
			t.Fatalf("line %d: %v", r.line, err)
		}
		fams := families(s)
		if r.family == "-" {
			sc.negatives++
			if len(fams) > 0 {
				sc.falseMatches++
				sc.misses = append(sc.misses, fmt.Sprintf("line %d: look-alike %q matches %v (%s)", r.line, r.name, fams, s.SMILES))
			}
			continue
		}
		sc.positives++
		switch {
		case !s.Resolved:
			sc.unparsed++
			sc.misses = append(sc.misses, fmt.Sprintf("line %d: %q not read", r.line, r.name))
		case has(fams, r.family):
			sc.recalled++
			if len(fams) > 1 {
				sc.alsoOther++
			}
		default:
			sc.misses = append(sc.misses, fmt.Sprintf("line %d: %q (%s) matches %v, want %s", r.line, r.name, s.SMILES, fams, r.family))
		}
	}
	return sc
}

// itemScore runs each positive name, with purity and packaging noise
// around it, through the item path (catalog matcher, ResolvedSpans,
// Candidates, resolver) and, as the baseline, through the catalog matcher
// alone. A name counts when either finds its family, or when the catalog
// names it exactly (fentanyl: the catalog's own entry is the answer).
func itemScore(t *testing.T, c *Client, rows []evalRow) (path, baseline evalScore) {
	m := chemicals.NewMatcher(defaultCatalog(t))
	for _, r := range rows {
		if r.family == "-" {
			continue
		}
		it := chemicals.Item{Description: r.name + " 99% min, 25 kg fibre drum"}
		path.positives++
		baseline.positives++
		res := m.Match(it)
		got := false
		for _, mt := range res.Matches {
			got = got || mt.Entry.Family == r.family
		}
		if got {
			baseline.recalled++
		}
		for _, sp := range ResolvedSpans(nil, res) {
			got = got || sp.Start == 0 && sp.End >= len(r.name)
		}
		for _, cand := range Candidates(nil, it.Description, ResolvedSpans(nil, res)) {
			s, err := c.Resolve(context.Background(), cand.Query)
			if err != nil {
				t.Fatal(err)
			}
			got = got || has(families(s), r.family)
		}
		if got {
			path.recalled++
		} else {
			path.misses = append(path.misses, fmt.Sprintf("line %d: item %q", r.line, it.Description))
		}
	}
	return path, baseline
}

// TestDevSet is the tuning set: every row must come out right, by name and
// through the item path.
func TestDevSet(t *testing.T) {
	c, _ := realClient(t, shared.URL, Config{Timeout: 10 * time.Second})
	rows := evalSet(t, "testdata/dev/names.tsv")
	sc := score(t, c, rows)
	path, baseline := itemScore(t, c, rows)
	t.Logf("dev: %v; item path recall %d/%d; catalog matcher alone %d/%d",
		sc, path.recalled, path.positives, baseline.recalled, baseline.positives)
	for _, m := range append(sc.misses, path.misses...) {
		t.Error(m)
	}
}

// TestHeldOut reports the evaluation on the held-out set (never tuned on):
// by name straight to the resolver, through the item path, and the catalog
// matcher alone as the baseline. It fails only if results fall below the
// floor recorded in docs/structure.md.
func TestHeldOut(t *testing.T) {
	rows := evalSet(t, "testdata/heldout/names.tsv")
	c, _ := realClient(t, shared.URL, Config{Timeout: 10 * time.Second})
	direct := score(t, c, rows)
	path, baseline := itemScore(t, c, rows)
	t.Logf("held-out, name to resolver: %v", direct)
	t.Logf("held-out, item path (matcher + classifier + resolver): recall %d/%d", path.recalled, path.positives)
	t.Logf("held-out, catalog matcher alone (baseline): recall %d/%d", baseline.recalled, baseline.positives)
	for _, m := range append(direct.misses, path.misses...) {
		t.Logf("  %s", m)
	}
	const minRecall, maxFalse = 0.90, 0
	if r := float64(direct.recalled) / float64(direct.positives); r < minRecall || direct.falseMatches > maxFalse {
		t.Errorf("held-out recall %.2f (want >= %.2f), false matches %d (want <= %d)", r, minRecall, direct.falseMatches, maxFalse)
	}
	if r := float64(path.recalled) / float64(path.positives); r < minRecall {
		t.Errorf("held-out item-path recall %.2f, want >= %.2f", r, minRecall)
	}
}
