package pipeline

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// TestStartupLoadErrors: a pipeline that cannot load what it needs at
// start says which of the catalog, the rules and the candidate rules
// failed, with every problem, and does not talk of a reload; a later
// reload that fails says it keeps what is in use.
func TestStartupLoadErrors(t *testing.T) {
	dir := t.TempDir()
	badCatalog := filepath.Join(dir, "catalog.yaml")
	write := func(path, data string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(badCatalog, "version: x\nentries:\n  - id: a\n  - id: a\n")
	badPack := filepath.Join(dir, "pack")
	if err := os.Mkdir(badPack, 0o755); err != nil {
		t.Fatal(err)
	}
	write(filepath.Join(badPack, "ruleset.yaml"), "name: bad\nversion: \"1\"\n")
	write(filepath.Join(badPack, "r.yaml"), "rules:\n  - {id: R, title: t, score: 1, when: 'destination == \"MEX\"'}\n")
	for _, tt := range []struct {
		name string
		cfg  func(*Config)
		want []string
	}{
		{"broken catalog", func(c *Config) { c.CatalogFile = badCatalog }, []string{"load catalog: ", badCatalog + ":4:9: duplicate entry id"}},
		{"missing catalog", func(c *Config) { c.CatalogFile = filepath.Join(dir, "nope.yaml") }, []string{"load catalog: ", "nope.yaml"}},
		{"broken rules", func(c *Config) { c.RulesDir = badPack }, []string{"load rules: ", `r.yaml:2:55: rule "R": "MEX" is not a country code`}},
		{"broken candidate rules", func(c *Config) { c.CandidateRulesDir = badPack }, []string{"load candidate rules: ", `"MEX"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Brokers = []string{"127.0.0.1:1"}
			tt.cfg(&cfg)
			var logs bytes.Buffer
			_, err := New(cfg, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err == nil {
				t.Fatal("New succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if strings.Contains(err.Error()+logs.String(), "reload") || !strings.Contains(logs.String(), "cannot start: the catalog or the rules do not load") {
				t.Errorf("start-up failure worded as a reload:\nerror: %v\nlog: %s", err, logs.String())
			}
		})
	}
	t.Run("a failed reload keeps what is in use", func(t *testing.T) {
		cfg := DefaultConfig()
		cfg.Brokers = []string{"127.0.0.1:1"}
		cfg.CatalogFile = filepath.Join(dir, "good.yaml")
		good, err := os.ReadFile("../chemicals/catalog.yaml")
		if err != nil {
			t.Fatal(err)
		}
		write(cfg.CatalogFile, string(good))
		var logs bytes.Buffer
		p, err := New(cfg, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		write(cfg.CatalogFile, "version: x\nentries: [\n")
		if err := p.Reload(); err == nil || !strings.Contains(logs.String(), "reload refused; keeping the rules and catalog in use") {
			t.Errorf("reload: %v\nlog: %s", err, logs.String())
		}
	})
}

// TestCandidateReload: the live and the candidate pack reload together;
// a candidate that breaks is refused with the live pack kept as it was,
// and promoting (pointing the live pack at the candidate's files, then a
// reload) swaps in the candidate's rules at once; pack_info follows.
func TestCandidateReload(t *testing.T) {
	dir := t.TempDir()
	copyPack := func(name, version string) string {
		t.Helper()
		d := filepath.Join(dir, name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		files, _ := filepath.Glob("../rules/default/*.yaml")
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Base(f) == "ruleset.yaml" {
				data = []byte(strings.Replace(string(data), `version: "1.0.0"`, `version: "`+version+`"`, 1))
			}
			if err := os.WriteFile(filepath.Join(d, filepath.Base(f)), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	live, cand := copyPack("v1", "1"), copyPack("v2", "2")
	link := filepath.Join(dir, "live")
	if err := os.Symlink(live, link); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Brokers = []string{"127.0.0.1:1"}
	cfg.RulesDir, cfg.CandidateRulesDir = link, cand
	reg := prometheus.NewRegistry()
	p, err := New(cfg, Options{Registerer: reg})
	if err != nil {
		t.Fatal(err)
	}
	versions := func() (string, string) {
		in := p.reloader.current().info()
		return in.RulesetVersion, in.Candidate.Version
	}
	if l, c := versions(); l != "1" || c != "2" {
		t.Fatalf("versions %s, %s", l, c)
	}
	set := filepath.Join(cand, "ruleset.yaml")
	good, _ := os.ReadFile(set)
	if err := os.WriteFile(set, []byte(strings.Replace(string(good), `version: "2"`, `version: "2.1"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := p.Reload(); err != nil {
		t.Fatal(err)
	}
	if _, c := versions(); c != "2.1" {
		t.Errorf("candidate after reload: %s, want 2.1", c)
	}
	if err := os.WriteFile(filepath.Join(cand, "broken.yaml"), []byte("rules:\n  - {id: X, title: t, score: 1, when: 'nope'}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := p.Reload(); err == nil || !strings.Contains(err.Error(), "load candidate rules") {
		t.Errorf("broken candidate reload: %v", err)
	}
	if l, c := versions(); l != "1" || c != "2.1" {
		t.Errorf("after a refused reload: %s, %s; want 1, 2.1 kept", l, c)
	}
	os.Remove(filepath.Join(cand, "broken.yaml"))
	// Promote: the live path now leads to the candidate's files.
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(cand, link); err != nil {
		t.Fatal(err)
	}
	if err := p.Reload(); err != nil {
		t.Fatal(err)
	}
	if l, _ := versions(); l != "2.1" {
		t.Errorf("live after promotion: %s, want 2.1", l)
	}
	if got := gaugeLabels(t, reg, "precursor_pack_info"); strings.Join(got, " ") != "candidate/2.1 live/2.1" {
		t.Errorf("pack_info series %v, want candidate/2.1 live/2.1", got)
	}
}

// gaugeLabels lists pack/version of the series of a pack_info gauge.
func gaugeLabels(t *testing.T, g prometheus.Gatherer, name string) []string {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.Metric {
			var pack, version string
			for _, l := range m.Label {
				switch l.GetName() {
				case "pack":
					pack = l.GetValue()
				case "version":
					version = l.GetValue()
				}
			}
			out = append(out, pack+"/"+version)
		}
	}
	slices.Sort(out)
	return out
}
