package parties

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties/listfmt"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

var screenAt = time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)

// The end-to-end path: a manifest whose consignee is a listed company
// under a spelling variant becomes a hit that explains the match word by
// word; the shipper is an indicted company under another legal form; the
// notify party is a legitimate laboratory.
func TestScreenManifestEndToEnd(t *testing.T) {
	data, err := os.ReadFile("testdata/screen/consignee_variant.json")
	if err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	hits := loadSample(t).ScreenManifest(m, screenAt)
	if len(hits) != 2 {
		t.Fatalf("got %d hits, want shipper and consignee: %+v", len(hits), hits)
	}
	sh, co := hits[0], hits[1]
	if sh.Role != RoleShipper || sh.EntryID != "PWI-013" || sh.Kind != listfmt.KindIndictment {
		t.Errorf("shipper hit %s %s %s, want PWI-013 indictment", sh.Role, sh.EntryID, sh.Kind)
	}
	if co.Role != RoleConsignee || co.List != "us-ofac-sdn" || co.EntryID != "990008" || co.Kind != listfmt.KindSanction {
		t.Errorf("consignee hit %s %s:%s %s, want us-ofac-sdn:990008 sanction", co.Role, co.List, co.EntryID, co.Kind)
	}
	if w := co.Explain.Words; len(w) != 1 || w[0].How != "joined" || w[0].Listed != "sumilab" || w[0].Party != "sumi lab" {
		t.Errorf("consignee explanation %+v, want sumilab joined from \"sumi lab\"", w)
	}
	checkGolden(t, "testdata/screen/consignee_variant.golden.json", hits)
}

func checkGolden(t *testing.T, golden string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
}

// listOf builds a snapshot of one list from entries given as names.
func listOf(t *testing.T, cfg MatchConfig, names ...string) *Snapshot {
	t.Helper()
	l := &listfmt.List{ID: "test", Format: listfmt.FormatCurated}
	for i, n := range names {
		l.Entries = append(l.Entries, listfmt.Entry{ID: strings.Repeat("x", i+1), Kind: listfmt.KindSanction,
			Type: listfmt.TypeCompany, Names: []listfmt.Name{{Text: n}}, Countries: []string{"CN"}})
	}
	s, err := build([]*listfmt.List{l}, []ListInfo{{ID: "test"}}, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Common words never match alone, whether curated or frequent in the
// loaded lists.
func TestCommonWordsNeverMatchAlone(t *testing.T) {
	s := listOf(t, DefaultMatchConfig(), "Global Chemical Trading Co.", "International Pharmaceutical Technology Ltd", "Hubei Import Export Co.")
	for _, name := range []string{"Global Chemical Trading Co.", "INTERNATIONAL PHARMA TECH", "Hubei Import & Export Co Ltd", "Chemical"} {
		if hits := s.Screen(manifest.Party{Name: name, Country: "CN"}, RoleConsignee, screenAt); len(hits) > 0 {
			t.Errorf("%q matched %q on common words alone", name, hits[0].Matched)
		}
	}
	// A word the lists hold in many names becomes common: "Zenbar" is in
	// every name, so only the other word tells them apart.
	cfg := DefaultMatchConfig()
	cfg.FrequentMin, cfg.FrequentShare = 3, 0.1
	var names []string
	for _, w := range []string{"Aqilon", "Brevant", "Corvexa", "Dulmira", "Estrello"} {
		names = append(names, "Zenbar "+w+" Co.")
	}
	s = listOf(t, cfg, names...)
	if hits := s.Screen(manifest.Party{Name: "Zenbar Holdings"}, RoleConsignee, screenAt); len(hits) > 0 {
		t.Errorf("a word frequent in the lists matched alone: %+v", hits[0])
	}
	if hits := s.Screen(manifest.Party{Name: "Zenbar Corvexa Company"}, RoleConsignee, screenAt); len(hits) != 1 || hits[0].Matched != "Zenbar Corvexa Co." {
		t.Errorf("distinctive word with the frequent one: hits %+v", hits)
	}
}

// The country corroborates: it moves the score, never makes a hit of a
// name that would not be one.
func TestCountryCorroborates(t *testing.T) {
	s := loadSample(t)
	for _, tc := range []struct {
		country string
		want    float64
		effect  string
	}{{"CN", 1, "match"}, {"", 1, "unknown"}, {"US", 0.9, "mismatch"}} {
		hits := s.Screen(manifest.Party{Name: "Hubei Aoks Bio-Tech Co., Ltd.", Country: tc.country}, RoleShipper, screenAt)
		if len(hits) != 1 || hits[0].Score != tc.want || hits[0].Explain.Country.Effect != tc.effect {
			t.Errorf("country %q: hits %+v, want score %.2f (%s)", tc.country, hits, tc.want, tc.effect)
		}
	}
	// A name below the threshold stays below it in the listed country.
	if hits := s.Screen(manifest.Party{Name: "Athos Textiles Pvt Ltd", Country: "IN"}, RoleShipper, screenAt); len(hits) > 0 {
		t.Errorf("country made a hit of a weak name: %+v", hits[0])
	}
}

func TestExceptionsClear(t *testing.T) {
	s, err := loadWithExceptions("testdata/exceptions/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	party := manifest.Party{Name: "ATHOS CHEMICALS GMBH", Country: "DE"}
	hits := s.Screen(party, RoleConsignee, screenAt)
	if len(hits) != 1 || hits[0].Cleared == nil || hits[0].Cleared.ID != "EX-2025-001" {
		t.Fatalf("hits %+v: want PWI-018 cleared by EX-2025-001", hits)
	}
	if hits := s.Screen(party, RoleConsignee, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); len(hits) != 1 || hits[0].Cleared != nil {
		t.Errorf("an expired exception still clears: %+v", hits)
	}
	party.Country = "IN"
	if hits := s.Screen(party, RoleConsignee, screenAt); len(hits) != 1 || hits[0].Cleared != nil {
		t.Errorf("an exception for DE clears a party of IN: %+v", hits)
	}
	if hits := s.Screen(manifest.Party{Name: "Sumilab Diagnostics SA de CV"}, RoleShipper, screenAt); len(hits) != 1 || hits[0].Cleared != nil {
		t.Errorf("a consignee exception clears a shipper: %+v", hits)
	}
	if _, err := loadWithExceptions("testdata/exceptions/unknown_list.yaml"); err == nil || !strings.Contains(err.Error(), `list "us-ofac-sdm" is not loaded`) {
		t.Errorf("exception for an unknown list: %v", err)
	}
}

// Screening is pure and safe for concurrent use (run with -race).
func TestScreenConcurrent(t *testing.T) {
	s := loadSample(t)
	cases := readEvalSet(t, "testdata/dev/variants.tsv")
	want := make([]int, len(cases))
	for i, c := range cases {
		want[i] = len(s.Screen(manifest.Party{Name: c.name, Country: c.country}, RoleConsignee, screenAt))
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, c := range cases {
				if got := len(s.Screen(manifest.Party{Name: c.name, Country: c.country}, RoleConsignee, screenAt)); got != want[i] {
					t.Errorf("%q: %d hits, then %d", c.name, want[i], got)
				}
			}
		}()
	}
	wg.Wait()
}

// FuzzScreen: any party name screens without panicking, scores stay in
// [0, 1], best first, and the same name gives the same hits.
func FuzzScreen(f *testing.F) {
	for _, seed := range []string{"Wuhan Shuokang Biotech", "武汉硕康生物科技有限公司", "S.A. de C.V.", "Ана Габриела", "a b c d e f g h", ""} {
		f.Add(seed, "CN")
	}
	s := loadSample(f)
	f.Fuzz(func(t *testing.T, name, country string) {
		if len(name) > 512 {
			return
		}
		p := manifest.Party{Name: name, Country: country}
		hits := s.Screen(p, RoleShipper, screenAt)
		for i, h := range hits {
			if h.Score < 0 || h.Score > 1 || (i > 0 && h.Score > hits[i-1].Score) {
				t.Fatalf("scores out of order or range: %+v", hits)
			}
		}
		again := s.Screen(p, RoleShipper, screenAt)
		if len(again) != len(hits) {
			t.Fatalf("%q: %d hits, then %d", name, len(hits), len(again))
		}
	})
}

// loadWithExceptions loads the sample lists from disk with an exceptions
// file.
func loadWithExceptions(path string) (*Snapshot, error) {
	cfg := Config{Match: DefaultMatchConfig(), Exceptions: []string{path}}
	for _, p := range []string{"sample/us_ofac_sdn.xml", "sample/precursor_indictments.yaml"} {
		cfg.Lists = append(cfg.Lists, Source{Path: p})
	}
	return Load(context.Background(), cfg)
}

// Words written apart match a listed word when one piece is distinctive;
// pieces that are all common words do not join (docs/parties.md).
func TestJoinPieces(t *testing.T) {
	s := listOf(t, DefaultMatchConfig(), "Hewang Chemical Co.", "Keldor Trading Co.")
	if hits := s.Screen(manifest.Party{Name: "Kel Dor Trading Co Ltd"}, RoleConsignee, screenAt); len(hits) != 1 || hits[0].Explain.Words[0].How != "joined" {
		t.Errorf("hits %+v, want Keldor joined from \"kel dor\"", hits)
	}
	if hits := s.Screen(manifest.Party{Name: "He Wang Chemical Co Ltd"}, RoleConsignee, screenAt); len(hits) != 0 {
		t.Errorf("two common surnames joined: %+v", hits)
	}
}
