package parties

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/precursorwatch/precursor/manifest"
	"gopkg.in/yaml.v3"
)

func TestLoadSample(t *testing.T) {
	s := loadSample(t)
	ls := s.Lists()
	if len(ls) != 2 || ls[0].ID != "us-ofac-sdn" || ls[1].ID != "precursor-indictments" {
		t.Fatalf("lists %+v", ls)
	}
	for _, l := range ls {
		if l.Entries == 0 || len(l.SHA256) != 64 || l.Published.IsZero() || l.PublishedFrom != "file" {
			t.Errorf("list %s: %+v", l.ID, l)
		}
	}
	if s.Entries() != 30 {
		t.Errorf("%d entries, want 30", s.Entries())
	}
}

// Reload the way the pipeline will: load, swap a pointer; a broken list is
// refused as a whole and the old snapshot stays in place and keeps
// screening.
func TestReloadRefusesBrokenListKeepsOld(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("sample/us_ofac_sdn.xml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "sdn.xml")
	if err := os.WriteFile(path, good, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Lists: []Source{{Path: path}}, Match: DefaultMatchConfig()}
	var current atomic.Pointer[Snapshot]
	first, err := Load(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	current.Store(first)

	broken := strings.Replace(string(good), "<uid>990008</uid>", "<uid>990001</uid>", 1) // a repeated uid
	broken = strings.Replace(broken, "</sdnList>", "", 1)                                // and a truncated file
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	next, err := Load(context.Background(), cfg)
	if err == nil || next != nil {
		t.Fatalf("a broken list loaded: %v", err)
	}
	if !strings.Contains(err.Error(), "sdn.xml:") {
		t.Errorf("error without a position: %v", err)
	}
	if current.Load() != first {
		t.Fatal("the old snapshot was replaced")
	}
	hits := current.Load().Screen(manifest.Party{Name: "SUMILAB SA DE CV"}, RoleConsignee, screenAt)
	if len(hits) != 1 || hits[0].EntryID != "990008" {
		t.Errorf("old snapshot no longer screens: %+v", hits)
	}
}

// Every broken file is reported in one load, not just the first.
func TestLoadCollectsAllErrors(t *testing.T) {
	cfg := Config{Match: DefaultMatchConfig(), Lists: []Source{
		{Path: "listfmt/testdata/bad/ofac_entries.xml"},
		{Path: "listfmt/testdata/bad/un_entries.xml"},
		{Path: "no/such/list.xml"},
	}}
	_, err := Load(context.Background(), cfg)
	if err == nil {
		t.Fatal("loaded broken lists")
	}
	for _, want := range []string{"ofac_entries.xml:7:3:", "un_entries.xml:4:5:", "no/such/list.xml"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

func TestLoadRefuses(t *testing.T) {
	sdn := Source{Path: "sample/us_ofac_sdn.xml"}
	bad := DefaultMatchConfig()
	bad.Threshold = 0
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		cfg  Config
		want string
	}{
		{"no lists", context.Background(), Config{Match: DefaultMatchConfig()}, "no lists configured"},
		{"same id twice", context.Background(), Config{Match: DefaultMatchConfig(), Lists: []Source{sdn, sdn}}, `id "us-ofac-sdn" is already used`},
		{"bad match config", context.Background(), Config{Match: bad, Lists: []Source{sdn}}, "threshold 0"},
		{"cancelled", ctx, Config{Match: DefaultMatchConfig(), Lists: []Source{sdn}}, "context canceled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Load(tc.ctx, tc.cfg)
			if s != nil || err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load = %v, %v; want error %q", s, err, tc.want)
			}
		})
	}
	if _, err := Load(context.Background(), Config{Match: DefaultMatchConfig(), Lists: []Source{sdn, {ID: "second", Path: sdn.Path}}}); err != nil {
		t.Errorf("a list loaded twice under two ids: %v", err)
	}
}

func TestParseSource(t *testing.T) {
	for _, tc := range []struct{ in, id, path, err string }{
		{"lists/sdn.xml", "", "lists/sdn.xml", ""},
		{"us-ofac-cons=lists/consolidated.xml", "us-ofac-cons", "lists/consolidated.xml", ""},
		{"Bad ID=x.xml", "", "", "want lower-case"},
		{"id=", "", "", "want PATH"},
	} {
		src, err := ParseSource(tc.in)
		if src.ID != tc.id || src.Path != tc.path || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("ParseSource(%q) = %+v, %v", tc.in, src, err)
		}
	}
}

// Every source key the sample lists cite resolves in the catalog's
// sources registry.
func TestSampleSourcesInRegistry(t *testing.T) {
	data, err := os.ReadFile("../chemicals/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cat struct {
		Sources map[string]any `yaml:"sources"`
	}
	if err := yaml.Unmarshal(data, &cat); err != nil {
		t.Fatal(err)
	}
	var cited []string
	for _, p := range []string{"sample/us_ofac_sdn.xml", "sample/precursor_indictments.yaml"} {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		cited = append(cited, regexp.MustCompile(`\bS\d+[a-z]?\b`).FindAllString(string(raw), -1)...)
	}
	if len(cited) == 0 {
		t.Fatal("no source keys found")
	}
	for _, k := range cited {
		if _, ok := cat.Sources[k]; !ok {
			t.Errorf("source %s is cited but not in chemicals/catalog.yaml's sources registry", k)
		}
	}
}

var _ = errors.New
