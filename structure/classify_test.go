package structure

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/precursorwatch/precursor/chemicals"
)

func TestCandidates(t *testing.T) {
	for _, row := range readTSV(t, "testdata/classify.tsv", 3) {
		text, spans, want := row.f[0], parseSpans(t, row.f[1]), row.f[2]
		var got []string
		for _, c := range Candidates(nil, text, spans) {
			if c.Start < 0 || c.End > len(text) || c.Start >= c.End {
				t.Errorf("line %d: bad span %d:%d", row.line, c.Start, c.End)
			}
			got = append(got, c.Query)
		}
		g := strings.Join(got, " | ")
		if g == "" {
			g = "-"
		}
		if g != want {
			t.Errorf("line %d: Candidates(%q) = %q, want %q", row.line, text, g, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Benzyl   4-Anilinopiperidine-1-Carboxylate ", "benzyl 4-anilinopiperidine-1-carboxylate"},
		{"N,N-Dimethylformamide", "N,N-dimethylformamide"},
		{"(2R,3S)-2-methyl-3-phenyloxirane", "(2R,3S)-2-methyl-3-phenyloxirane"},
		{"1H-Indole", "1H-indole"},
		{"N‐Boc‐4‐piperidone", "N-boc-4-piperidone"},
		{"α-Phenylacetoacetonitrile,", "alpha-phenylacetoacetonitrile"},
		{"(ethyl 3-oxo-2-phenylbutanoate", "ethyl 3-oxo-2-phenylbutanoate"},
		{"piperidin-4-one)", "piperidin-4-one"},
		{"1-(2-phenylethyl)piperidin-4-one", "1-(2-phenylethyl)piperidin-4-one"},
		{" ,; ", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Normalize(tt.want); got != tt.want {
			t.Errorf("Normalize is not idempotent on %q: %q", tt.want, got)
		}
	}
}

// TestTrafficFraction measures what share of synthetic line items the
// classifier would send to the resolver after the catalog matcher has run,
// and bounds it: the resolver must only see rare text.
func TestTrafficFraction(t *testing.T) {
	items := trafficItems(t)
	m := matcher(t)
	sent, chemical, distinct := 0, 0, map[string]bool{}
	for _, it := range items {
		if len(Candidates(nil, it.Description, nil)) > 0 {
			chemical++ // chemical-looking before the catalog matcher's spans are taken out
		}
		c := Candidates(nil, it.Description, resolvedSpans(m, it))
		if len(c) > 0 {
			sent++
		}
		for _, x := range c {
			distinct[x.Query] = true
		}
	}
	frac := float64(sent) / float64(len(items))
	t.Logf("%d items: %d chemical-looking (%.2f%%); after the catalog matcher %d sent (%.2f%%), %d distinct queries",
		len(items), chemical, 100*float64(chemical)/float64(len(items)), sent, 100*frac, len(distinct))
	if frac > 0.02 {
		t.Errorf("classifier would send %.2f%% of items, want at most 2%%: %v", 100*frac, keys(distinct))
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func matcher(tb testing.TB) *chemicals.Matcher {
	tb.Helper()
	cat, err := chemicals.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return chemicals.NewMatcher(cat)
}

// resolvedSpans are the description spans the catalog matcher resolved exactly.
func resolvedSpans(m *chemicals.Matcher, it chemicals.Item) []Span {
	return ResolvedSpans(nil, m.Match(it))
}

func TestResolvedSpans(t *testing.T) {
	m := matcher(t)
	tests := []struct {
		text string
		want []Span
	}{
		{"tert-butyl 4-oxopiperidine-1-carboxylate 99%", []Span{{0, 40}}},    // the entry's IUPAC name
		{"NPP 25kg", []Span{{0, 3}}},                                         // an abbreviation
		{"1-[2-(4-chlorophenyl)ethyl]piperidin-4-one 98%", []Span{{27, 42}}}, // only the ring is a catalog name
		{"benzyl 4-anilinopiperidine-1-carboxylate", nil},                    // another ester of boc-4-ap
		{"Laptop computers", nil},
		{"N-phenylpiperidin-4-amine dihydrochloride", []Span{{0, 41}}},  // a name and its salt words
		{"N-phenyl-1-(1-phenylpropan-2-yl)piperidin-4-amine", nil},      // generalised to 4-ap                                         // no match
		{"N-phenylpiperidin-4-amine, CAS 23056-29-3", []Span{{31, 41}}}, // one match per entry: the CAS
	}
	for _, tt := range tests {
		got := ResolvedSpans(nil, m.Match(chemicals.Item{Description: tt.text}))
		if len(got) != len(tt.want) {
			t.Errorf("%q: %v, want %v", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q: %v, want %v", tt.text, got, tt.want)
			}
		}
	}
}

func trafficItems(tb testing.TB) []chemicals.Item {
	var out []chemicals.Item
	for _, row := range readTSV(tb, "testdata/traffic.tsv", 3) {
		out = append(out, chemicals.Item{Description: row.f[0], HSCode: strings.ReplaceAll(row.f[1], ".", ""), CAS: row.f[2]})
	}
	return out
}

type tsvRow struct {
	line int
	f    []string
}

// readTSV reads a TAB-separated file with '#' comments and exactly n fields a row.
func readTSV(tb testing.TB, path string, n int) []tsvRow {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []tsvRow
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		s := sc.Text()
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		fields := strings.Split(s, "\t")
		if len(fields) != n {
			tb.Fatalf("%s:%d: %d fields, want %d", path, line, len(fields), n)
		}
		out = append(out, tsvRow{line, fields})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func parseSpans(tb testing.TB, s string) []Span {
	if s == "-" {
		return nil
	}
	var out []Span
	for _, p := range strings.Split(s, ",") {
		a, b, _ := strings.Cut(p, ":")
		x, err1 := strconv.Atoi(a)
		y, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil {
			tb.Fatalf("bad span %q", p)
		}
		out = append(out, Span{x, y})
	}
	return out
}

// The benchmarks below also report cpu-ns/op, the process's CPU time per
// operation (getrusage): on a shared machine wall time counts the waits for
// a core, CPU time does not, so ratios between benchmarks stay meaningful.

func BenchmarkCandidates(b *testing.B) {
	items := trafficItems(b)
	var dst []Candidate
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; b.Loop(); i++ {
		dst = Candidates(dst[:0], items[i%len(items)].Description, nil)
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// cpuTime returns the process's user and system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Normalize("Tert-Butyl 4-[(4-Fluorophenyl)amino]piperidine-1-carboxylate")
	}
}

func FuzzCandidates(f *testing.F) {
	for _, s := range []string{"benzyl 4-anilinopiperidine-1-carboxylate 99%", "4-Piperidinone, 1-(2-phenylethyl)-",
		"((([[", "α-", "x, 1-", "ethyl ester; acid"} {
		f.Add(s, 0, 5)
	}
	f.Fuzz(func(t *testing.T, text string, a, b int) {
		var spans []Span
		if a >= 0 && b >= a && b <= len(text) {
			spans = []Span{{a, b}}
		}
		prev := 0
		for _, c := range Candidates(nil, text, spans) {
			if c.Start < prev || c.End > len(text) || c.Start >= c.End {
				t.Fatalf("bad span %d:%d after %d in %q", c.Start, c.End, prev, text)
			}
			prev = c.End
			if c.Query == "" || len(c.Query) > MaxQueryLen || Normalize(c.Query) != c.Query {
				t.Fatalf("query %q of %q is not a normal form", c.Query, text)
			}
		}
	})
}

// BenchmarkMatchBaseline runs the catalog matcher over the same items as
// BenchmarkCandidates: the classifier's cost is reported as a ratio to it.
func BenchmarkMatchBaseline(b *testing.B) {
	items := trafficItems(b)
	m := matcher(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; b.Loop(); i++ {
		m.Match(items[i%len(items)])
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"N,N-Dimethylformamide", "(2R,3S)-x", "α-β", " ,;(", "1H-Indole)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("Normalize(%q) = %q, but Normalize of that is %q", s, n, Normalize(n))
		}
		if normal(s) && normalize(s) != s {
			t.Fatalf("normal(%q) but the full normalisation gives %q", s, normalize(s))
		}
	})
}

func TestVocabularyShape(t *testing.T) {
	for _, w := range classWords {
		if len(w) > maxClassWord || w != strings.ToLower(w) {
			t.Errorf("class word %q: lower case, at most %d bytes", w, maxClassWord)
		}
	}
	seen := map[string]bool{}
	for _, m := range morphemeList {
		if len(m) < 2 || m != strings.ToLower(m) || seen[m] {
			t.Errorf("morpheme %q: lower case, two bytes or more, once", m)
		}
		seen[m] = true
	}
}

// anyStrongPlain is anyStrong without its fast path: every word trimmed
// and checked.
func anyStrongPlain(text string) bool {
	for i := 0; i < len(text); {
		ws, we := nextWord(text, i)
		if ws < 0 {
			return false
		}
		i = we
		if strongWord(text, ws, we) {
			return true
		}
	}
	return false
}

// TestAnyStrongFastPath: the fast path changes no answer, on the traffic
// and the classifier's table.
func TestAnyStrongFastPath(t *testing.T) {
	texts := []string{"", " ", "x-", "(", "Laptop computers", "4-AP", "N,N-dimethylformamide 99%"}
	for _, it := range trafficItems(t) {
		texts = append(texts, it.Description)
	}
	for _, row := range readTSV(t, "testdata/classify.tsv", 3) {
		texts = append(texts, row.f[0])
	}
	for _, s := range texts {
		if got, want := anyStrong(s), anyStrongPlain(s); got != want {
			t.Errorf("anyStrong(%q) = %v, plain form %v", s, got, want)
		}
	}
}

func FuzzAnyStrong(f *testing.F) {
	for _, s := range []string{"benzyl 4-anilinopiperidine-1-carboxylate", "Multivitamin capsules", "a|b/c", "((x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := anyStrong(s), anyStrongPlain(s); got != want {
			t.Fatalf("anyStrong(%q) = %v, plain form %v", s, got, want)
		}
	})
}

// BenchmarkAnyStrong compares the fast path with the plain form on cargo
// text (the traffic's items).
func BenchmarkAnyStrong(b *testing.B) {
	items := trafficItems(b)
	for _, tc := range []struct {
		name string
		fn   func(string) bool
	}{{"fast", anyStrong}, {"plain", anyStrongPlain}} {
		b.Run(tc.name, func(b *testing.B) {
			cpu := cpuTime()
			for i := 0; b.Loop(); i++ {
				tc.fn(items[i%len(items)].Description)
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}
