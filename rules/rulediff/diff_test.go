package rulediff

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
)

// edit is a change of one rule of the default pack: in file, old becomes
// new.
type edit struct{ file, old, new string }

// edits are the constructed changes the tests compare. vagueOrigins
// narrows DEC-003 (vague description under a precursor heading) to other
// origins and raises its score: alerts from Hong Kong and India are lost,
// those from China raised. watchlistAlone makes RGT-001 (watch-list
// chemical) alert on its own outside Mexico: alerts are gained.
var (
	vagueOrigins = []edit{
		{"declaration.yaml", "      origin in lists.high_risk_origins && precursor_heading_declared &&",
			"      origin in [\"CN\", \"DE\", \"US\", \"NL\", \"JP\"] && precursor_heading_declared &&"},
		{"declaration.yaml", "      })\n    score: 45\n    tags: [declaration, vague]", "      })\n    score: 75\n    tags: [declaration, vague]"},
	}
	watchlistAlone = []edit{{"reagents.yaml", "when: watchlisted()\n    score: 10", "when: watchlisted() && destination != \"MX\"\n    score: 60"}}
)

// changedPack is the default pack with edits applied and a new version.
func changedPack(t testing.TB, edits []edit) fs.FS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(rules.DefaultFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(rules.DefaultFS(), p)
		fsys[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		f := fsys[e.file]
		if !bytes.Contains(f.Data, []byte(e.old)) {
			t.Fatalf("%s no longer holds %q", e.file, e.old)
		}
		f.Data = bytes.Replace(f.Data, []byte(e.old), []byte(e.new), 1)
	}
	fsys["ruleset.yaml"].Data = bytes.Replace(fsys["ruleset.yaml"].Data, []byte(`version: "1.0.0"`), []byte(`version: "1.1.0-rc1"`), 1)
	return fsys
}

// engines loads the baseline (the default pack) and the candidate on one
// catalog.
func engines(t testing.TB, edits []edit) (base, cand *rules.Engine) {
	t.Helper()
	cat, err := chemicals.Default()
	if err != nil {
		t.Fatal(err)
	}
	rs, _, err := rules.LoadRulesetFS(changedPack(t, edits), "candidate", cat)
	if err != nil {
		t.Fatal(err)
	}
	brs, _, err := rules.LoadRuleset("", cat)
	if err != nil {
		t.Fatal(err)
	}
	base = rules.NewEngine(cat, brs)
	cand, err = base.WithRuleset(rs)
	if err != nil {
		t.Fatal(err)
	}
	return base, cand
}

// events generates n synthetic events, many risky and some malformed, as
// JSON Lines.
func events(n int, seed int64) []byte {
	opts := synth.DefaultOptions()
	opts.RiskyFraction, opts.MalformedFraction = 0.4, 0.02
	g := synth.New(seed, opts)
	var b bytes.Buffer
	for range n {
		b.Write(g.Next().Value)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// reference is the comparison done plainly, one event at a time, with
// engines loaded on their own (each its own catalog): where each change
// happened and each rule's hit counts.
type reference struct {
	gained, lost, changed []string
	hits                  [2]map[string]int64
	scored                int64
}

func referenceDiff(t *testing.T, data []byte, edits []edit) reference {
	base, err := rules.LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := chemicals.Default()
	crs, _, err := rules.LoadRulesetFS(changedPack(t, edits), "candidate", cat)
	if err != nil {
		t.Fatal(err)
	}
	cand := rules.NewEngine(cat, crs)
	ref := reference{hits: [2]map[string]int64{{}, {}}}
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		m, err := manifest.Decode(line)
		if err != nil {
			continue
		}
		ref.scored++
		rb, rc := base.Score(m, base.Enrich(m)), cand.Score(m, cand.Enrich(m))
		where := fmt.Sprintf("in.jsonl:%d", i+1)
		switch {
		case rc.Emit && !rb.Emit:
			ref.gained = append(ref.gained, where)
		case rb.Emit && !rc.Emit:
			ref.lost = append(ref.lost, where)
		case rb.Emit && rc.Emit && rb.Severity != rc.Severity:
			ref.changed = append(ref.changed, where)
		}
		for s, r := range []rules.Result{rb, rc} {
			for _, h := range append(r.Hits, r.ShadowHits...) {
				ref.hits[s][h.RuleID]++
			}
		}
	}
	return ref
}

func wheres(es []Example) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Where
	}
	return out
}

// TestDiffReportsExactlyTheChange compares 12,000 synthetic events with the
// default pack and a candidate differing in one rule, on two workers with
// room for every example: the alerts gained, lost and changed are exactly
// those a plain one-by-one comparison (engines loaded apart) finds, in
// input order, and the changed rule is the only one whose firing changed.
func TestDiffReportsExactlyTheChange(t *testing.T) {
	data := events(12000, 7)
	for _, tt := range []struct {
		name           string
		edits          []edit
		rule           string
		gained, lostOK bool // which changes the edit must cause
	}{
		{"DEC-003 narrowed and raised", vagueOrigins, "DEC-003", false, true},
		{"RGT-001 alerts alone", watchlistAlone, "", true, false}, // fires where it did, scores more
	} {
		t.Run(tt.name, func(t *testing.T) {
			ref := referenceDiff(t, data, tt.edits)
			if tt.gained != (len(ref.gained) > 0) || tt.lostOK != (len(ref.lost) > 0) || !tt.gained && len(ref.changed) == 0 {
				t.Fatalf("the stream must show the change: gained %d, lost %d, changed %d", len(ref.gained), len(ref.lost), len(ref.changed))
			}
			base, cand := engines(t, tt.edits)
			d, err := New(base, cand, Options{Workers: 2, Examples: 1 << 20})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := d.Run(context.Background(), NewLinesSource("in.jsonl", bytes.NewReader(data)))
			if err != nil {
				t.Fatal(err)
			}
			checkReport(t, rep, ref, tt.rule)
		})
	}
}

func checkReport(t *testing.T, rep *Report, ref reference, rule string) {
	t.Helper()
	if rep.Events != 12000 || rep.Scored != ref.scored || rep.Scored+sum(slices.Collect(maps.Values(rep.Invalid))) != 12000 {
		t.Errorf("events %d, scored %d (want %d), invalid %v", rep.Events, rep.Scored, ref.scored, rep.Invalid)
	}
	for _, c := range []struct {
		name string
		got  Change
		want []string
	}{{"gained", rep.Gained, ref.gained}, {"lost", rep.Lost, ref.lost}, {"changed", rep.Changed, ref.changed}} {
		if c.got.Total != int64(len(c.want)) || !slices.Equal(wheres(c.got.Examples), c.want) {
			t.Errorf("%s: %d %v, want %d %v", c.name, c.got.Total, wheres(c.got.Examples), len(c.want), c.want)
		}
	}
	checkAlertTotals(t, rep)
	if rule == "" {
		if len(rep.Rules) != 0 || !maps.Equal(ref.hits[0], ref.hits[1]) {
			t.Errorf("rules whose firing changed: %+v, want none", rep.Rules)
		}
		return
	}
	if len(rep.Rules) != 1 || rep.Rules[0].Rule != rule {
		t.Fatalf("rules whose firing changed: %+v, want %s alone", rep.Rules, rule)
	}
	r := rep.Rules[0]
	if r.BaselineHits != ref.hits[0][rule] || r.CandidateHits != ref.hits[1][rule] || r.Delta != r.CandidateHits-r.BaselineHits {
		t.Errorf("%s %d -> %d, want %d -> %d", rule, r.BaselineHits, r.CandidateHits, ref.hits[0][rule], ref.hits[1][rule])
	}
}

// checkAlertTotals: the candidate's alerts of each severity are the
// baseline's plus what changed.
func checkAlertTotals(t *testing.T, rep *Report) {
	t.Helper()
	for sev, n := range rep.Alerts["candidate"] {
		if want := rep.Alerts["baseline"][sev] + rep.Gained.By[sev] - rep.Lost.By[sev] + transitionsTo(rep, sev) - transitionsFrom(rep, sev); n != want {
			t.Errorf("candidate %s alerts %d, want baseline + gained - lost + changed in - changed out = %d", sev, n, want)
		}
	}
}

func transitionsTo(r *Report, sev string) (n int64) {
	for k, v := range r.Changed.By {
		if strings.HasSuffix(k, "->"+sev) {
			n += v
		}
	}
	return n
}

func transitionsFrom(r *Report, sev string) (n int64) {
	for k, v := range r.Changed.By {
		if strings.HasPrefix(k, sev+"->") {
			n += v
		}
	}
	return n
}

// TestDiffSamePackIsEmpty: a pack compared with itself changes nothing,
// and the distributions agree.
func TestDiffSamePackIsEmpty(t *testing.T) {
	base, _ := engines(t, nil)
	d, err := New(base, base, Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := d.Run(context.Background(), NewLinesSource("in.jsonl", bytes.NewReader(events(3000, 3))))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Gained.Total+rep.Lost.Total+rep.Changed.Total != 0 || len(rep.Rules) != 0 {
		t.Errorf("self-comparison reports changes: %+v %+v %+v %+v", rep.Gained, rep.Lost, rep.Changed, rep.Rules)
	}
	if rep.Scores["baseline"] != rep.Scores["candidate"] || rep.Scored == 0 {
		t.Errorf("distributions differ: %+v", rep.Scores)
	}
}

// TestDiffExamplesAreTheFirst: with few examples kept, they are the first
// changes in input order whatever the number of workers.
func TestDiffExamplesAreTheFirst(t *testing.T) {
	data := events(8000, 11)
	base, cand := engines(t, vagueOrigins)
	var first []string
	for _, workers := range []int{1, 2, 5} {
		d, _ := New(base, cand, Options{Workers: workers, Examples: 2})
		rep, err := d.Run(context.Background(), NewLinesSource("in.jsonl", bytes.NewReader(data)))
		if err != nil {
			t.Fatal(err)
		}
		got := append(wheres(rep.Gained.Examples), wheres(rep.Lost.Examples)...)
		if first == nil {
			first = got
		} else if !slices.Equal(got, first) {
			t.Errorf("%d workers: examples %v, want %v", workers, got, first)
		}
	}
}

func TestNewNeedsOneCatalog(t *testing.T) {
	a, err := rules.LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := rules.LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(a, b, Options{}); err == nil {
		t.Error("engines on two catalogs accepted")
	}
}
