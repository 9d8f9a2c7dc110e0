package chemicals

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The evaluation of the matcher on names it was not developed against
// (testdata/heldout/) and on the development set it is tuned on
// (testdata/dev/). Run with -v to print the tables that docs/matcher.md
// records:
//
//	go test ./chemicals -run 'TestHeldout|TestDevSet' -v

// tally counts the rows of one group: positives found and look-alikes or
// benign items wrongly matched.
type tally struct {
	positives, found int
	negatives, false int
}

// evalTable is a set of tallies by group name, printed in insertion order.
type evalTable struct {
	title  string
	order  []string
	groups map[string]*tally
	misses []string
}

func newEvalTable(title string) *evalTable {
	return &evalTable{title: title, groups: map[string]*tally{}}
}

func (e *evalTable) group(name string) *tally {
	g, ok := e.groups[name]
	if !ok {
		g = &tally{}
		e.groups[name] = g
		e.order = append(e.order, name)
	}
	return g
}

// positive records a positive row of the given groups.
func (e *evalTable) positive(ok bool, miss string, groups ...string) {
	for _, name := range append(groups, "all") {
		g := e.group(name)
		g.positives++
		if ok {
			g.found++
		}
	}
	if !ok {
		e.misses = append(e.misses, miss)
	}
}

// negative records a look-alike or benign row of the given groups.
func (e *evalTable) negative(falseMatch bool, miss string, groups ...string) {
	for _, name := range append(groups, "all") {
		g := e.group(name)
		g.negatives++
		if falseMatch {
			g.false++
		}
	}
	if falseMatch {
		e.misses = append(e.misses, miss)
	}
}

// String renders the table as Markdown.
func (e *evalTable) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s\n\n| group | resolved | recall | look-alikes/benign | false matches |\n|---|---|---|---|---|\n", e.title)
	order := slices.Clone(e.order)
	slices.SortStableFunc(order, func(a, b string) int {
		if a == "all" || b == "all" {
			return map[bool]int{true: 1, false: -1}[a == "all"]
		}
		return 0
	})
	for _, name := range order {
		g := e.groups[name]
		recall := "–"
		if g.positives > 0 {
			recall = fmt.Sprintf("%.0f%%", 100*float64(g.found)/float64(g.positives))
		}
		fmt.Fprintf(&b, "| %s | %d/%d | %s | %d | %d |\n", name, g.found, g.positives, recall, g.negatives, g.false)
	}
	return b.String()
}

// recall returns the recall of a group (1 when it has no positives).
func (e *evalTable) recall(name string) float64 {
	g := e.groups[name]
	if g == nil || g.positives == 0 {
		return 1
	}
	return float64(g.found) / float64(g.positives)
}

func (e *evalTable) falseMatches(name string) int {
	if g := e.groups[name]; g != nil {
		return g.false
	}
	return 0
}

func (e *evalTable) log(t *testing.T) {
	t.Log(e.String())
	if testing.Verbose() {
		for _, m := range e.misses {
			t.Logf("miss: %s", m)
		}
	}
}

// resolves reports whether r has a match of entry id at 0.5 or above.
func resolves(r Result, id string) (Match, bool) {
	for _, m := range r.Matches {
		if m.Entry.ID == id && m.Confidence >= 0.5 {
			return m, true
		}
	}
	return Match{}, false
}

// claims returns a confident match that claims the identity of one of ids.
func claims(r Result, ids []string) (Match, bool) {
	for _, m := range r.Matches {
		if m.Confidence >= 0.5 && m.Method != MethodRelative && slices.Contains(ids, m.Entry.ID) {
			return m, true
		}
	}
	return Match{}, false
}

// evalLanguages runs a languages.tsv file.
func evalLanguages(t *testing.T, m *Matcher, dir, file string) (byLang, byCat *evalTable) {
	byLang, byCat = newEvalTable("by language ("+file+")"), newEvalTable("by category ("+file+")")
	for _, row := range readTSV(t, filepath.Join(dir, file), 4) {
		lang, cat, want, desc := row.fields[0], row.fields[1], row.fields[2], row.fields[3]
		r := m.Match(Item{Description: desc})
		where := fmt.Sprintf("%s:%d %s/%s %q want %s, got%s", file, row.line, lang, cat, desc, want, describe(r))
		if ids, ok := strings.CutPrefix(want, "!"); ok {
			_, bad := claims(r, strings.Split(ids, ","))
			byLang.negative(bad, where, lang)
			byCat.negative(bad, where, cat)
			continue
		}
		_, ok := resolves(r, want)
		byLang.positive(ok, where, lang)
		byCat.positive(ok, where, cat)
	}
	return byLang, byCat
}

// evalTricks runs a tricks.tsv file: the entry must be found and the match
// must record every trick the row names.
func evalTricks(t *testing.T, m *Matcher, dir, file string) *evalTable {
	tab := newEvalTable("by trick (" + file + ")")
	for _, row := range readTSV(t, filepath.Join(dir, file), 3) {
		tricks, want, desc := row.fields[0], row.fields[1], row.fields[2]
		r := m.Match(Item{Description: desc})
		wantObf, ok := ParseObfuscation(tricks)
		if !ok {
			t.Fatalf("%s:%d: unknown trick %q", dir, row.line, tricks)
		}
		mt, found := resolves(r, want)
		ok = found && mt.Obfuscation.Has(wantObf)
		tab.positive(ok, fmt.Sprintf("%s:%d %s %q want %s, got%s (obfuscation %q)", file, row.line, tricks, desc, want, describe(r), mt.Obfuscation), tricks)
	}
	return tab
}

// evalRelatives runs a relatives.tsv file.
func evalRelatives(t *testing.T, m *Matcher, dir string) *evalTable {
	tab := newEvalTable("relatives")
	for _, row := range readTSV(t, filepath.Join(dir, "relatives.tsv"), 4) {
		rel, fam, not, desc := row.fields[0], row.fields[1], row.fields[2], row.fields[3]
		r := m.Match(Item{Description: desc})
		ok := slices.ContainsFunc(r.Matches, func(mt Match) bool {
			return mt.Confidence >= 0.5 && mt.Method == MethodRelative && mt.Entry.Family == fam
		})
		where := fmt.Sprintf("%s:%d %s %q want family %s, got%s", filepath.Base(dir), row.line, rel, desc, fam, describe(r))
		if rel == "entry" { // the catalog lists the compound: its identity is the entry's, and only that
			mt, found := resolves(r, fam)
			ok = found && mt.Method != MethodRelative && !slices.ContainsFunc(r.Matches, func(o Match) bool {
				return o.Confidence >= 0.5 && o.Method == MethodRelative && o.Entry.Family == mt.Entry.Family
			})
			where = fmt.Sprintf("%s:%d %s %q want entry %s alone, got%s", filepath.Base(dir), row.line, rel, desc, fam, describe(r))
		}
		tab.positive(ok, where, rel)
		_, wrong := claims(r, strings.Split(not, ","))
		tab.negative(wrong, where+" (claims an entry's identity)", rel)
	}
	return tab
}

// evalBenign runs a benign file: no match may reach 0.5.
func evalBenign(t *testing.T, m *Matcher, path string) *evalTable {
	tab := newEvalTable("benign")
	for _, row := range readTSV(t, path, 2) {
		r := m.Match(Item{Description: row.fields[0], HSCode: row.fields[1]})
		bad := slices.ContainsFunc(r.Matches, func(mt Match) bool { return mt.Confidence >= 0.5 })
		tab.negative(bad, fmt.Sprintf("%s:%d %q got%s", filepath.Base(path), row.line, row.fields[0], describe(r)), "benign")
	}
	return tab
}

// TestHeldout prints the held-out figures. Its floors only catch
// regressions; the figures themselves are what docs/matcher.md reports.
func TestHeldout(t *testing.T) {
	m, _ := defaultMatcher(t)
	dir := "testdata/heldout"
	byLang, byCat := evalLanguages(t, m, dir, "languages.tsv")
	tricks := evalTricks(t, m, dir, "tricks.tsv")
	rel := evalRelatives(t, m, dir)
	benign := evalBenign(t, m, filepath.Join(dir, "benign.txt"))
	ids := evalIdentifiers(t, dir)
	byLang2, byCat2 := evalLanguages(t, m, dir, "languages2.tsv")
	tricks2 := evalTricks(t, m, dir, "tricks2.tsv")
	for _, tab := range []*evalTable{byLang, byCat, tricks, rel, ids, benign, byLang2, byCat2, tricks2} {
		tab.log(t)
	}
	for _, f := range heldoutFloors {
		if got := f.table(byLang, byCat, tricks, rel, ids).recall(f.group); got < f.recall {
			t.Errorf("held-out recall of %s = %.2f, below its floor %.2f", f.group, got, f.recall)
		}
	}
	if n := benign.falseMatches("all") + byCat.falseMatches("lookalike") + byCat2.falseMatches("lookalike") + ids.falseMatches("all"); n > heldoutMaxFalse {
		t.Errorf("%d held-out false matches, more than %d", n, heldoutMaxFalse)
	}
}

// TestDevSet prints the development-set figures and requires all of it.
func TestDevSet(t *testing.T) {
	m, _ := defaultMatcher(t)
	dir := "testdata/dev"
	byLang, byCat := evalLanguages(t, m, dir, "languages.tsv")
	tricks := evalTricks(t, m, dir, "tricks.tsv")
	rel := evalRelatives(t, m, dir)
	ids := evalIdentifiers(t, dir)
	for _, tab := range []*evalTable{byLang, byCat, tricks, rel, ids} {
		tab.log(t)
		if tab.recall("all") < 1 || tab.falseMatches("all") > 0 {
			t.Errorf("%s: the development set must pass in full:\n%s", tab.title, strings.Join(tab.misses, "\n"))
		}
	}
}
