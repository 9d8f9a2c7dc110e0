package pipeline

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
