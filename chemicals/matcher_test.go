package chemicals

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

// tsvRow is one non-comment line of a testdata TSV file.
type tsvRow struct {
	line   int
	fields []string
}

// readTSV reads path, skipping blank and '#' lines; every row is padded to
// n fields.
func readTSV(t testing.TB, path string, n int) []tsvRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []tsvRow
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		s := sc.Text()
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		fields := strings.Split(s, "\t")
		for len(fields) < n {
			fields = append(fields, "")
		}
		rows = append(rows, tsvRow{line, fields})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// defaultMatcher builds a matcher over the embedded catalog.
func defaultMatcher(t testing.TB) (*Matcher, *Catalog) {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatalf("Default(): %v", err)
	}
	return NewMatcher(c), c
}

// best returns the most confident match of entry id, if any.
func best(r Result, id string) (Match, bool) {
	for _, m := range r.Matches {
		if m.Entry.ID == id {
			return m, true
		}
	}
	return Match{}, false
}

func describe(r Result) string {
	var b strings.Builder
	for _, m := range r.Matches {
		b.WriteString(" [" + m.Entry.ID + " " + string(m.Method) + " " + m.Text + "]")
	}
	return b.String()
}

func TestMatchPositives(t *testing.T) {
	m, c := defaultMatcher(t)
	counts := map[string]int{}
	for _, row := range readTSV(t, "testdata/positives.tsv", 5) {
		set, id, desc, hs, cas := row.fields[0], row.fields[1], row.fields[2], row.fields[3], row.fields[4]
		if c.Entry(id) == nil {
			t.Errorf("positives.tsv:%d: unknown entry %q", row.line, id)
			continue
		}
		counts[set]++
		r := m.Match(Item{Description: desc, HSCode: hs, CAS: cas})
		got, ok := best(r, id)
		if !ok || got.Confidence < 0.5 {
			t.Errorf("positives.tsv:%d (%s): %q (hs %q, cas %q) did not resolve to %s:%s", row.line, set, desc, hs, cas, id, describe(r))
		}
	}
	if counts["facts"] < 100 || counts["heldout"] < 80 {
		t.Errorf("positives.tsv has %d facts and %d held-out rows; want >= 100 and >= 80", counts["facts"], counts["heldout"])
	}
}

func TestMatchLookalikes(t *testing.T) {
	m, _ := defaultMatcher(t)
	for _, row := range readTSV(t, "testdata/lookalikes.tsv", 4) {
		desc, hs, cas, forbidden := row.fields[0], row.fields[1], row.fields[2], row.fields[3]
		r := m.Match(Item{Description: desc, HSCode: hs, CAS: cas})
		for _, mt := range r.Matches {
			if mt.Confidence < 0.5 {
				continue
			}
			if forbidden == "*" || contains(strings.Split(forbidden, ","), mt.Entry.ID) {
				t.Errorf("lookalikes.tsv:%d: %q (hs %q) matched %s by %s (%.2f, %q)", row.line, desc, hs, mt.Entry.ID, mt.Method, mt.Confidence, mt.Text)
			}
		}
	}
}

// TestMatchDetails pins method, confidence band, field and span of single
// findings.
func TestMatchDetails(t *testing.T) {
	tests := []struct {
		name             string
		it               Item
		id               string
		method           Method
		field            Field
		text             string
		minConf, maxConf float64
		hs               HSStatus
	}{
		{"cas field", Item{Description: "intermediate", CAS: "23056-29-3", HSCode: "293339"},
			"4-ap", MethodCAS, FieldCAS, "23056-29-3", 0.98, 1, HSConsistent},
		{"cas in description, en dashes", Item{Description: "CAS#39742–60–4 pharma"},
			"npp", MethodCAS, FieldDescription, "39742–60–4", 0.95, 0.98, HSMissing},
		{"cas spaced after keyword", Item{Description: "CAS No.: 23056 29 3"},
			"4-ap", MethodCAS, FieldDescription, "23056 29 3", 0.95, 0.98, HSMissing},
		{"name with salt and noise", Item{Description: "Ephedrine HCl USP 25kg/drum", HSCode: "293941"},
			"ephedrine", MethodName, FieldDescription, "Ephedrine HCl", 0.9, 0.96, HSConsistent},
		{"dropped N- locant is in the span", Item{Description: "pure N-Phenethyl-4-piperidone, 99%"},
			"npp", MethodName, FieldDescription, "N-Phenethyl-4-piperidone", 0.9, 0.96, HSMissing},
		{"2HCl joins the span", Item{Description: "4-Anilinopiperidine 2HCl"},
			"4-ap", MethodName, FieldDescription, "4-Anilinopiperidine 2HCl", 0.9, 0.96, HSMissing},
		{"HS mismatch is reported, not hidden", Item{Description: "Phenylacetic acid", HSCode: "291211"},
			"phenylacetic-acid", MethodName, FieldDescription, "Phenylacetic acid", 0.9, 0.96, HSMismatch},
		{"abbreviation alone is weak", Item{Description: "NPP"},
			"npp", MethodAbbreviation, FieldDescription, "NPP", 0.3, 0.49, HSMissing},
		{"abbreviation with chemistry", Item{Description: "NPP 99% powder"},
			"npp", MethodAbbreviation, FieldDescription, "NPP", 0.6, 0.8, HSMissing},
		{"abbreviation with matching HS", Item{Description: "NPP 99% powder", HSCode: "293337"},
			"npp", MethodAbbreviation, FieldDescription, "NPP", 0.75, 0.8, HSConsistent},
		{"abbreviation naming another chemical", Item{Description: "4-AP (4-aminopyridine) 99%"},
			"4-ap", MethodAbbreviation, FieldDescription, "4-AP", 0, 0.3, HSMissing},
		{"misspelling of a long name", Item{Description: "4-anilinopiperdine"},
			"4-ap", MethodFuzzy, FieldDescription, "4-anilinopiperdine", 0.55, 0.8, HSMissing},
		{"misspelling, short name", Item{Description: "norefedrine tablets"},
			"norephedrine", MethodName, FieldDescription, "norefedrine", 0.9, 0.96, HSMissing},
		{"salt named by its anion", Item{Description: "Sodium phenylacetate 99%", HSCode: "291634"},
			"phenylacetic-acid", MethodName, FieldDescription, "phenylacetate", 0.75, 0.85, HSConsistent},
		{"CAS index name quoted whole", Item{Description: "Butanoic acid, 3-oxo-2-phenyl-, methyl ester 25kg"},
			"mapa", MethodName, FieldDescription, "Butanoic acid, 3-oxo-2-phenyl-, methyl ester", 0.9, 0.96, HSMissing},
		{"typo in the first letters", Item{Description: "hpenylacetic acid"},
			"phenylacetic-acid", MethodFuzzy, FieldDescription, "hpenylacetic acid", 0.6, 0.8, HSMissing},
		{"span takes the opening bracket of its own closing one", Item{Description: "(2-bromoethyl)benzene 98%"},
			"phenethyl-bromide", MethodName, FieldDescription, "(2-bromoethyl)benzene", 0.9, 0.96, HSMissing},
		{"span balances nested brackets", Item{Description: "N-[1-(2-phenylethyl)-4-piperidinyl]aniline, 99%"},
			"anpp", MethodName, FieldDescription, "N-[1-(2-phenylethyl)-4-piperidinyl]aniline", 0.9, 0.96, HSMissing},
		{"CAS of the element, another allotrope named", Item{Description: "Yellow phosphorus", CAS: "7723-14-0"},
			"red-phosphorus", MethodCAS, FieldCAS, "7723-14-0", 0.3, 0.49, HSMissing},
		{"CAS in the text, another allotrope named", Item{Description: "white phosphorus sticks CAS 7723-14-0"},
			"red-phosphorus", MethodCAS, FieldDescription, "7723-14-0", 0.3, 0.49, HSMissing},
		{"CAS of the element, the listed allotrope named", Item{Description: "phosphorus, red", CAS: "7723-14-0"},
			"red-phosphorus", MethodCAS, FieldCAS, "7723-14-0", 0.98, 1, HSMissing},
		{"CAS of the element, no form named", Item{Description: "phosphorus powder", CAS: "7723-14-0"},
			"red-phosphorus", MethodCAS, FieldCAS, "7723-14-0", 0.98, 1, HSMissing},
		{"Spanish ending is a typo-distance away", Item{Description: "Seudoefedrina clorhidrato"},
			"pseudoephedrine", MethodName, FieldDescription, "Seudoefedrina clorhidrato", 0.9, 0.96, HSMissing},
	}
	m, _ := defaultMatcher(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := m.Match(tt.it)
			got, ok := best(r, tt.id)
			if !ok {
				t.Fatalf("no match for %s:%s", tt.id, describe(r))
			}
			if got.Method != tt.method || got.Field != tt.field || got.Text != tt.text || got.HS != tt.hs {
				t.Errorf("got %s/%s %q hs=%s, want %s/%s %q hs=%s", got.Method, got.Field, got.Text, got.HS,
					tt.method, tt.field, tt.text, tt.hs)
			}
			if got.Confidence < tt.minConf || got.Confidence > tt.maxConf {
				t.Errorf("confidence %.2f, want %.2f..%.2f", got.Confidence, tt.minConf, tt.maxConf)
			}
		})
	}
}

// TestInvalidCAS checks check-digit findings and the entry they imitate.
func TestInvalidCAS(t *testing.T) {
	tests := []struct {
		it    Item
		text  string
		want  byte
		entry string // "" = imitates nothing in the catalog
	}{
		{Item{Description: "norfentanyl CAS 1609-66-5"}, "1609-66-5", '1', "norfentanyl"}, // a trap of public lists
		{Item{CAS: "23065-29-3"}, "23065-29-3", '4', "4-ap"},                              // transposed digits
		{Item{CAS: "39742-61-4"}, "39742-61-4", '5', "npp"},                               // one digit changed
		{Item{Description: "CAS 7732-18-4"}, "7732-18-4", '5', ""},
	}
	m, _ := defaultMatcher(t)
	for _, tt := range tests {
		r := m.Match(tt.it)
		if len(r.InvalidCAS) != 1 {
			t.Errorf("%+v: %d invalid CAS findings, want 1", tt.it, len(r.InvalidCAS))
			continue
		}
		f := r.InvalidCAS[0]
		id := ""
		if f.Entry != nil {
			id = f.Entry.ID
		}
		if f.Text != tt.text || f.Want != tt.want || id != tt.entry {
			t.Errorf("%+v: finding %q want %c entry %q; want %q %c %q", tt.it, f.Text, f.Want, id, tt.text, tt.want, tt.entry)
		}
	}
	for _, s := range []string{"NPK 15-15-15", "grade 18-46-0", "lot 2024-11-05", "tel 555-12-3456"} {
		if r := m.Match(Item{Description: s}); len(r.InvalidCAS) != 0 {
			t.Errorf("%q: unexpected CAS finding %q", s, r.InvalidCAS[0].Text)
		}
	}
}

// TestOncePerField: the best evidence per entry and field wins.
func TestOncePerField(t *testing.T) {
	m, _ := defaultMatcher(t)
	r := m.Match(Item{Description: "NPP (N-phenethyl-4-piperidone) CAS 39742-60-4, NPP", CAS: "39742-60-4"})
	n := map[Field]int{}
	for _, mt := range r.Matches {
		if mt.Entry.ID != "npp" {
			t.Errorf("unexpected %s", mt.Entry.ID)
		}
		n[mt.Field]++
		if mt.Method != MethodCAS {
			t.Errorf("%s: method %s, want cas (the strongest evidence)", mt.Field, mt.Method)
		}
	}
	if n[FieldCAS] != 1 || n[FieldDescription] != 1 {
		t.Errorf("matches per field = %v, want one each", n)
	}
	if r.Matches[0].Field != FieldCAS {
		t.Errorf("first match from %s, want cas (0.99)", r.Matches[0].Field)
	}
}

// TestMatchConcurrent runs one matcher from many goroutines (run with -race).
func TestMatchConcurrent(t *testing.T) {
	m, _ := defaultMatcher(t)
	rows := readTSV(t, "testdata/positives.tsv", 5)
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- true }()
			for _, row := range rows {
				r := m.Match(Item{Description: row.fields[2], HSCode: row.fields[3], CAS: row.fields[4]})
				if _, ok := best(r, row.fields[1]); !ok {
					t.Errorf("%q: lost %s under concurrency", row.fields[2], row.fields[1])
					return
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}

// TestMatcherOwnCatalog builds a matcher over a catalog made in the test, so
// nothing depends on the embedded catalog's contents.
func TestMatcherOwnCatalog(t *testing.T) {
	e := &Entry{
		ID: "xyl", Name: "2-Methyl-4-xylidinone", Abbreviations: []string{"MXD"},
		Synonyms: []string{"4-xylidinone, 2-methyl-"}, CAS: []CASNumber{{Number: "7732-18-5", Form: "parent"}},
		HSCodes: []string{"292229"},
	}
	m := NewMatcher(&Catalog{Entries: []*Entry{e}})
	for _, tt := range []struct {
		desc   string
		method Method
		ok     bool
	}{
		{"2-methyl-4-xylidinone 99%", MethodName, true},
		{"2-Methyl-4-xylidnone", MethodFuzzy, true},
		{"2-Methyl-4-xylidinon", MethodName, true}, // German ending
		{"MXD reagent 98%", MethodAbbreviation, true},
		{"CAS 7732-18-5", MethodCAS, true},
		{"3-methyl-4-xylidinone", "", false},
		{"MXD", MethodAbbreviation, false},
	} {
		r := m.Match(Item{Description: tt.desc})
		got, found := best(r, "xyl")
		ok := found && got.Confidence >= 0.5
		if ok != tt.ok || found && tt.method != "" && got.Method != tt.method {
			t.Errorf("%q: found=%v conf=%.2f method=%s; want ok=%v method=%s", tt.desc, found, got.Confidence, got.Method, tt.ok, tt.method)
		}
	}
	if r := NewMatcher(&Catalog{}).Match(Item{Description: "anything 50-00-0", CAS: "1609-66-5"}); len(r.Matches) != 0 || len(r.InvalidCAS) != 1 {
		t.Errorf("empty catalog: %+v", r)
	}
}

// FuzzNewMatcher compiles catalogs with arbitrary names: compiling must
// never panic, whatever a catalog file holds.
func FuzzNewMatcher(f *testing.F) {
	for _, s := range []string{"tert-butyl 4-oxopiperidine-1-carboxylate", "t hydrochloride", "1-", "4-Piperidinone, 1-(2-phenylethyl)-",
		"N-phenyl-1-(2-phenylethyl)piperidin-4-amine", "x (", ", -", "苯乙酸", "n-butyl acetate HCl"} {
		f.Add(s, "NPP")
	}
	f.Fuzz(func(t *testing.T, name, abbr string) {
		e := &Entry{ID: "x", Name: name, IUPAC: name + " HCl", Synonyms: []string{name}, Abbreviations: []string{abbr}}
		m := NewMatcher(&Catalog{Entries: []*Entry{e}})
		m.Match(Item{Description: name + " " + abbr})
	})
}

func ExampleMatcher_Match() {
	cat, err := Default()
	if err != nil {
		panic(err)
	}
	m := NewMatcher(cat)
	r := m.Match(Item{Description: "N-phenethyl-4-piperidnoe 99%, 25kg/drum", CAS: "1609-66-5", HSCode: "293339"})
	for _, mt := range r.Matches {
		fmt.Printf("%s %s %.2f %q %s\n", mt.Entry.ID, mt.Method, mt.Confidence, mt.Text, mt.HS)
	}
	for _, f := range r.InvalidCAS {
		fmt.Printf("invalid CAS %s (check digit should be %c), imitates %s\n", f.Text, f.Want, f.Entry.ID)
	}
	// Output:
	// npp fuzzy 0.80 "N-phenethyl-4-piperidnoe" consistent
	// invalid CAS 1609-66-5 (check digit should be 1), imitates norfentanyl
}

func TestBalanceSpan(t *testing.T) {
	tests := []struct{ s, in, want string }{
		{"(2-bromoethyl)benzene 98%", "2-bromoethyl)benzene", "(2-bromoethyl)benzene"},
		{"x [1-(2-a)-4-b]c y", "1-(2-a)-4-b]c", "[1-(2-a)-4-b]c"},
		{"4-(phenylamino) x", "4-(phenylamino", "4-(phenylamino)"},
		{"a) b", "a) b", "a) b"},                // no opener before: stays
		{"( 2-x)y", "2-x)y", "( 2-x)y"},         // spaces between
		{"(a (b)c", "b)c", "(b)c"},              // only the adjacent opener
		{"{x}-y", "x}-y", "{x}-y"},              // braces too
		{"benzene (98%)", "benzene", "benzene"}, // balanced: unchanged
	}
	for _, tt := range tests {
		i := strings.Index(tt.s, tt.in)
		a, b := balanceSpan(tt.s, i, i+len(tt.in))
		if got := tt.s[a:b]; got != tt.want {
			t.Errorf("balanceSpan(%q, %q) = %q, want %q", tt.s, tt.in, got, tt.want)
		}
	}
}
