package chemicals

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
)

func mustDefault(t testing.TB) *Catalog {
	t.Helper()
	c, err := Default()
	if err != nil {
		var l yamlsrc.List
		if errors.As(err, &l) {
			for _, e := range l {
				t.Log(e)
			}
		}
		t.Fatalf("Default(): %v", err)
	}
	return c
}

func TestDefaultCatalog(t *testing.T) {
	c := mustDefault(t)
	if n := len(c.Entries); n < 40 {
		t.Errorf("embedded catalog has %d entries, want at least 40", n)
	}
	if c.Version == "" {
		t.Error("embedded catalog has no version")
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(c.Hash) {
		t.Errorf("Hash = %q, want 64 hex digits", c.Hash)
	}
	if c.Source != DefaultSource {
		t.Errorf("Source = %q, want %q", c.Source, DefaultSource)
	}
	for _, e := range c.Entries {
		for _, n := range e.CAS {
			if !ValidCAS(n.Number) {
				t.Errorf("entry %q: invalid CAS %s", e.ID, n.Number)
			}
			if c.ByCAS(n.Number) != e {
				t.Errorf("ByCAS(%s) is not entry %q", n.Number, e.ID)
			}
		}
		if len(e.Sources) == 0 {
			t.Errorf("entry %q cites no source", e.ID)
		}
		for _, code := range e.HSCodes {
			if len(code) != 6 && len(code) != 4 {
				t.Errorf("entry %q: HS code %q is not stored as digits", e.ID, code)
			}
		}
		if c.Entry(e.ID) != e {
			t.Errorf("Entry(%q) does not return the entry", e.ID)
		}
	}
}

// TestGeneralSupportsNoControl: `general` (general chemistry knowledge)
// supports identity only. An entry citing nothing else claims no control;
// a control never cites `general`; and an entry that cites `general` may
// carry a control only when the control cites another source that the entry
// lists among its own sources as well (fentanyl's China control, S68).
func TestGeneralSupportsNoControl(t *testing.T) {
	c := mustDefault(t)
	for _, e := range c.Entries {
		if msg := generalProblem(e); msg != "" {
			t.Errorf("entry %q: %s", e.ID, msg)
		}
	}
	// the rule can fail: a control resting on general knowledge alone
	bad := &Entry{ID: "x", Sources: []string{"general"}, Note: "n",
		Controls: []Control{{Jurisdiction: "US", Sources: []string{"S1"}}}}
	if generalProblem(bad) == "" {
		t.Error("generalProblem accepts a control on an entry citing only general")
	}
	bad.Sources = []string{"general", "S2"}
	if generalProblem(bad) == "" {
		t.Error("generalProblem accepts a control whose source the entry does not cite")
	}
	bad.Controls[0].Sources = []string{"general"}
	if generalProblem(bad) == "" {
		t.Error("generalProblem accepts a control citing general")
	}
}

// generalProblem says what is wrong with e under the `general` rule, or "".
func generalProblem(e *Entry) string {
	cites := map[string]bool{}
	for _, s := range e.Sources {
		cites[s] = true
	}
	if !cites["general"] {
		return ""
	}
	if len(e.Sources) == 1 && e.Note == "" {
		return "cites only general knowledge and has no note saying so"
	}
	for _, ctl := range e.Controls {
		sourced := false
		for _, s := range ctl.Sources {
			if s == "general" {
				return ctl.Jurisdiction + " control cites general knowledge"
			}
			sourced = sourced || cites[s]
		}
		if !sourced {
			return ctl.Jurisdiction + " control cites no source the entry lists besides general"
		}
	}
	return ""
}

// TestFactsCAS maps every CAS number of the fact table to its entry.
func TestFactsCAS(t *testing.T) {
	c := mustDefault(t)
	tests := []struct{ cas, id, form string }{
		{"39742-60-4", "npp", "parent"},
		{"21409-26-7", "anpp", "parent"},
		{"23056-29-3", "4-ap", "parent"},
		{"99918-43-1", "4-ap", "dihydrochloride"},
		{"125541-22-2", "boc-4-ap", "parent"},
		{"1609-66-1", "norfentanyl", "parent"},
		{"41661-47-6", "4-piperidone", "parent"},
		{"40064-34-4", "4-piperidone", "hydrochloride monohydrate"},
		{"41979-39-9", "4-piperidone", "hydrochloride"},
		{"79099-07-3", "boc-4-piperidone", "parent"},
		{"3612-20-2", "1-benzyl-4-piperidone", "parent"},
		{"79-03-8", "propionyl-chloride", "parent"},
		{"123-62-6", "propionic-anhydride", "parent"},
		{"62-53-3", "aniline", "parent"},
		{"103-63-9", "phenethyl-bromide", "parent"},
		{"622-24-2", "phenethyl-chloride", "parent"},
		{"299-42-3", "ephedrine", "parent"},
		{"50-98-6", "ephedrine", "hydrochloride"},
		{"134-72-5", "ephedrine", "sulfate"},
		{"90-82-4", "pseudoephedrine", "parent"},
		{"345-78-8", "pseudoephedrine", "hydrochloride"},
		{"7460-12-0", "pseudoephedrine", "sulfate"},
		{"14838-15-4", "norephedrine", "racemate"},
		{"492-41-1", "norephedrine", "(1R,2S)-(-)-enantiomer"},
		{"5413-05-8", "eapa", "parent"}, // audit E4: the regulator and PubChem give it to EAPA
		{"4676-39-5", "pmk", "parent"},
		{"101-41-7", "methyl-phenylacetate", "parent"},
		{"101-97-3", "ethyl-phenylacetate", "parent"},
		{"12185-10-3", "white-phosphorus", "parent"},
		{"6303-21-5", "hypophosphorous-acid", "parent"},
		{"103-79-7", "p2p", "parent"},
		{"103-82-2", "phenylacetic-acid", "parent"},
		{"4468-48-8", "apaan", "parent"},
		{"4433-77-6", "apaa", "parent"},
		{"16648-44-5", "mapa", "parent"},
		{"25547-51-7", "bmk-glycidic-acid", "parent"},
		{"80532-66-7", "bmk-methyl-glycidate", "parent"},
		{"41232-97-7", "bmk-ethyl-glycidate", "parent"},
		{"20320-59-6", "depapd", "parent"},
		{"140-29-4", "benzyl-cyanide", "parent"},
		{"74-89-5", "methylamine", "parent"},
		{"593-51-1", "methylamine", "hydrochloride"},
		{"100-52-7", "benzaldehyde", "parent"},
		{"79-24-3", "nitroethane", "parent"},
		{"7723-14-0", "red-phosphorus", "parent"},
		{"10034-85-2", "hydriodic-acid", "parent"},
		{"13605-48-6", "pmk-methyl-glycidate", "parent"},
		{"28578-16-7", "pmk-ethyl-glycidate", "parent"},
		{"2167189-50-4", "pmk-glycidic-acid", "parent"},
	}
	for _, tt := range tests {
		e := c.ByCAS(tt.cas)
		if e == nil {
			t.Errorf("ByCAS(%s) = nil, want %q", tt.cas, tt.id)
			continue
		}
		if e.ID != tt.id {
			t.Errorf("ByCAS(%s) = %q, want %q", tt.cas, e.ID, tt.id)
		}
		if form, _ := e.CASForm(tt.cas); form != tt.form {
			t.Errorf("%s: form %q, want %q", tt.cas, form, tt.form)
		}
	}
}

// TestDataTraps covers the data traps of the fact table: numbers seen in public data that must
// not resolve to the entry they were attached to. (5413-05-8 was one; the
// audit showed it is EAPA's, see TestFactsCAS.)
func TestDataTraps(t *testing.T) {
	c := mustDefault(t)
	for _, cas := range []string{"1609-66-5", "288573-56-8"} {
		if e := c.ByCAS(cas); e != nil {
			t.Errorf("ByCAS(%s) = %q, want no entry", cas, e.ID)
		}
	}
	if e := c.ByCAS("3612-20-2"); e == nil || e.ID != "1-benzyl-4-piperidone" {
		t.Errorf("3612-20-2 must be 1-benzyl-4-piperidone, got %v", e)
	}
	if e := c.Entry("norfentanyl"); e == nil || e.IUPAC != "N-phenyl-N-(piperidin-4-yl)propanamide" {
		t.Errorf("norfentanyl IUPAC name wrong: %+v", e)
	}
}

func TestFamilies(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		family string
		want   []string // ids that must be members
	}{
		{"4-ap", []string{"4-ap", "boc-4-ap"}},
		{"4-piperidone", []string{"4-piperidone", "boc-4-piperidone", "1-benzyl-4-piperidone"}},
		{"norfentanyl", []string{"norfentanyl", "benzylfentanyl"}},
		{"bmk-glycidic", []string{"bmk-glycidic-acid", "bmk-methyl-glycidate", "bmk-ethyl-glycidate"}},
		{"ephedra", []string{"ephedrine", "pseudoephedrine", "norephedrine"}},
	}
	for _, tt := range tests {
		got := map[string]bool{}
		for _, e := range c.Family(tt.family) {
			got[e.ID] = true
			if e.Family != tt.family {
				t.Errorf("Family(%q) returned %q of family %q", tt.family, e.ID, e.Family)
			}
		}
		for _, id := range tt.want {
			if !got[id] {
				t.Errorf("Family(%q) lacks %q", tt.family, id)
			}
		}
		if c.FamilyDescription(tt.family) == "" {
			t.Errorf("family %q has no description", tt.family)
		}
	}
	if c.Family("no-such-family") != nil {
		t.Error("Family of an unknown family is not nil")
	}
	fams := c.Families()
	if !sort.StringsAreSorted(fams) || len(fams) < 5 {
		t.Errorf("Families() = %v, want sorted and several", fams)
	}
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestControlledIn(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		id, j, at string
		want      bool
	}{
		{"4-ap", "CN", "2024-08-31", false},
		{"4-ap", "CN", "2024-09-01", true},
		{"4-ap", "US", "2020-05-14", false},
		{"4-ap", "US", "2020-05-15", true},
		{"4-ap", "MX", "2021-05-12", false},
		{"4-ap", "MX", "2021-05-13", true},
		{"4-ap", "EU", "2023-02-19", false},
		{"4-ap", "EU", "2023-02-20", true},
		{"4-ap", "UN", "2021-12-31", false},
		{"4-ap", "UN", "2022-12-31", true},
		{"4-ap", "CA", "2016-11-29", false},
		{"4-ap", "CA", "2016-11-30", true}, // SOR/2016-294, in force on publication
		{"npp", "US", "2007-04-22", false},
		{"npp", "US", "2007-04-23", true},
		{"npp", "HK", "2018-05-03", false},
		{"npp", "HK", "2018-05-04", true},
		{"anpp", "US", "2010-08-29", false},
		{"anpp", "US", "2010-08-30", true},
		{"norfentanyl", "US", "2020-05-17", false},
		{"norfentanyl", "US", "2020-05-18", true},
		{"boc-4-ap", "MX", "2025-01-01", false}, // unknown in Mexico
		{"4-piperidone", "US", "2023-05-11", false},
		{"4-piperidone", "US", "2023-05-12", true},
		{"4-piperidone", "UN", "2024-12-02", false},
		{"4-piperidone", "UN", "2024-12-03", true},
		{"4-piperidone", "CN", "2025-07-19", false},
		{"4-piperidone", "CN", "2025-07-20", true},
		{"4-piperidone", "EU", "2025-08-13", false}, // audit E2: published 25 Jul, in force 14 Aug
		{"4-piperidone", "EU", "2025-08-14", true},
		{"fentanyl", "CN", "2019-04-30", true}, // audit E1: listed before the 2019 class control
		{"4-ap", "UN", "2022-11-22", false},    // audit ERROR-C: in force, not decided
		{"4-ap", "UN", "2022-11-23", true},
		{"aniline", "CA", "2026-01-01", false},
		{"apaa", "US", "2021-06-08", false},
		{"apaa", "US", "2021-06-09", true},
		{"p2p", "US", "1990-01-01", true}, // controlled, date unknown: at every date
		{"apaan", "US", "2017-08-13", false},
		{"apaan", "US", "2017-08-14", true},
		{"aniline", "US", "2026-01-01", false},
		{"1-benzyl-4-piperidone", "US", "2026-01-01", false},
	}
	for _, tt := range tests {
		e := c.Entry(tt.id)
		if e == nil {
			t.Fatalf("no entry %q", tt.id)
		}
		if got := e.ControlledIn(tt.j, day(tt.at)); got != tt.want {
			t.Errorf("%s.ControlledIn(%s, %s) = %v, want %v", tt.id, tt.j, tt.at, got, tt.want)
		}
	}
}

func TestControlAndWatchlist(t *testing.T) {
	c := mustDefault(t)
	ap := c.Entry("4-ap")
	ctl, ok := ap.Control("CN", day("2025-01-01"))
	if !ok || ctl.Listing != "Category II" || !ctl.Effective.Equal(day("2024-09-01")) || len(ctl.Sources) == 0 {
		t.Errorf("4-ap CN control = %+v, %v", ctl, ok)
	}
	// An instant just before midnight UTC of the effective date is before it,
	// whatever the zone it is written in.
	mexico := time.FixedZone("CST", -6*3600)
	if ap.ControlledIn("CN", time.Date(2024, 8, 31, 17, 59, 0, 0, mexico)) {
		t.Error("controlled at 2024-08-31T23:59Z")
	}
	if !ap.ControlledIn("CN", time.Date(2024, 8, 31, 18, 0, 0, 0, mexico)) {
		t.Error("not controlled at 2024-09-01T00:00Z")
	}
	if got := strings.Join(ap.ControlledWhere(day("2024-09-01")), ","); got != "UN,US,CN,MX,EU,CA" {
		t.Errorf("ControlledWhere = %s", got)
	}
	for id, want := range map[string]bool{"aniline": true, "phenethyl-bromide": true, "1-benzyl-4-piperidone": false, "4-ap": false, "benzylfentanyl": false} {
		if got := c.Entry(id).Watchlist(); got != want {
			t.Errorf("%s.Watchlist() = %v, want %v", id, got, want)
		}
	}
}

func TestHSStatus(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		id, declared string
		want         HSStatus
	}{
		{"npp", "293337", HSConsistent},
		{"npp", "293339", HSConsistent},     // older lists code NPP 2933.39 (facts §1.3)
		{"npp", "2933399073", HSConsistent}, // national ten-digit code
		{"npp", "2933", HSConsistent},
		{"npp", "293290", HSMismatch}, // same chapter, other heading
		{"npp", "330300", HSMismatch}, // perfume: another chapter
		{"npp", "29", HSMismatch},     // too short to name a heading
		{"npp", "29x339", HSMismatch},
		{"npp", "", HSMissing},
		{"4-ap", "293339", HSConsistent},
		{"ephedrine", "293941", HSConsistent},
		{"ephedrine", "293339", HSMismatch},
		{"benzylfentanyl", "293339", HSUnknown},
		{"benzylfentanyl", "", HSMissing},
	}
	for _, tt := range tests {
		if got := c.Entry(tt.id).HSStatus(tt.declared); got != tt.want {
			t.Errorf("%s.HSStatus(%q) = %s, want %s", tt.id, tt.declared, got, tt.want)
		}
	}
}

var wantLine = regexp.MustCompile(`(?m)^# want: (.+)$`)

// TestBadCatalogs loads every testdata/catalog/*.bad.yaml and requires
// exactly the errors its "# want:" comments list, all in one load.
func TestBadCatalogs(t *testing.T) {
	files, err := filepath.Glob("testdata/catalog/*.bad.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad catalogs: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var wants []string
			for _, m := range wantLine.FindAllStringSubmatch(string(data), -1) {
				wants = append(wants, m[1])
			}
			if len(wants) == 0 {
				t.Fatal("file has no # want: lines")
			}
			_, err = Parse(file, data)
			var list yamlsrc.List
			if !errors.As(err, &list) {
				t.Fatalf("Parse error = %v, want a yamlsrc.List", err)
			}
			checkErrors(t, file, list, wants)
		})
	}
}

func checkErrors(t *testing.T, file string, list yamlsrc.List, wants []string) {
	t.Helper()
	used := make([]bool, len(list))
	for _, w := range wants {
		found := false
		for i, e := range list {
			if !used[i] && strings.HasPrefix(e.Error(), file+":"+w) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing error %q", w)
		}
	}
	for i, e := range list {
		if !used[i] {
			t.Errorf("unexpected error %v", e)
		}
	}
}

func TestGoodCatalogs(t *testing.T) {
	files, _ := filepath.Glob("testdata/catalog/*.good.yaml")
	if len(files) == 0 {
		t.Fatal("no good catalogs")
	}
	for _, file := range files {
		c, err := LoadFile(file)
		if err != nil {
			t.Errorf("LoadFile(%s): %v", file, err)
			continue
		}
		if c.Source != file || len(c.Entries) == 0 {
			t.Errorf("%s: Source %q, %d entries", file, c.Source, len(c.Entries))
		}
	}
	c, err := LoadFile("testdata/catalog/minimal.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e := c.Entry("ethanol")
	if e.HSStatus("220710") != HSConsistent || e.CAS[0].Form != "parent" || !e.ControlledIn("US", day("1900-01-01")) {
		t.Errorf("minimal catalog entry = %+v", e)
	}
}

func TestLoadFileMissing(t *testing.T) {
	_, err := LoadFile("testdata/catalog/does-not-exist.yaml")
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadFile of a missing file: %v, want os.ErrNotExist", err)
	}
}

func TestDefaultBytesIsACopy(t *testing.T) {
	b := DefaultBytes()
	b[0] ^= 0xff
	if _, err := Default(); err != nil {
		t.Fatalf("Default() after modifying DefaultBytes: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(DefaultBytes())
	files, _ := filepath.Glob("testdata/catalog/*.yaml")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.yaml", data)
		if (c == nil) == (err == nil) {
			t.Fatalf("Parse returned catalog %v and error %v", c != nil, err)
		}
		var l yamlsrc.List
		if err != nil && errors.As(err, &l) && len(l) == 0 {
			t.Fatal("empty yamlsrc.List returned as an error")
		}
	})
}

func BenchmarkParseDefault(b *testing.B) {
	data := DefaultBytes()
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(DefaultSource, data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHSStatus(b *testing.B) {
	c := mustDefault(b)
	e := c.Entry("npp")
	b.ReportAllocs()
	for b.Loop() {
		if e.HSStatus("2933399073") != HSConsistent {
			b.Fatal("inconsistent")
		}
	}
}

func BenchmarkControlledIn(b *testing.B) {
	c := mustDefault(b)
	e := c.Entry("4-ap")
	at := day("2025-01-01")
	b.ReportAllocs()
	for b.Loop() {
		if !e.ControlledIn("CN", at) {
			b.Fatal("not controlled")
		}
	}
}
