package rules

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// FuzzParseRules loads random bytes as a rule file: it must never panic,
// and every diagnostic must name the file and, past the first line of a
// YAML document, carry a position.
func FuzzParseRules(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/lint/*.yaml")
	seeds = append(seeds, "testdata/pack/rules.yaml")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("rules:\n  - id: A\n    title: t\n    score: 1\n    when: |\n      any(items, # > )\n"))
	f.Add([]byte("macros:\n  a: a\n"))
	cat, err := chemicals.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			rulefmt.SettingsFile: {Data: []byte(lintSettings)},
			"fuzz.yaml":          {Data: data},
		}
		_, ds, err := LoadRulesetFS(fsys, "p", cat)
		if err != nil && len(ds.Errors()) == 0 {
			t.Fatalf("error without diagnostics: %v", err)
		}
		for _, d := range ds {
			if d.File != "p/fuzz.yaml" && d.File != "p" {
				t.Fatalf("diagnostic without its file: %v", d)
			}
			if d.Line < 0 || d.Col < 0 || (d.Line > 0 && d.Col == 0) {
				t.Fatalf("bad position: %v", d)
			}
			if d.Line > yamlLines(data)+2 {
				t.Fatalf("position past the end of the file: %v", d)
			}
		}
	})
}

// yamlLines counts the line breaks of data as YAML does: CR LF, CR, LF,
// and the Unicode breaks NEL, LS and PS.
func yamlLines(data []byte) int {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	n := 0
	for _, br := range []string{"\n", "\r", "\u0085", "\u2028", "\u2029"} {
		n += strings.Count(s, br)
	}
	return n
}

// FuzzScore scores random manifests (decoded from random bytes, enriched
// by the real matcher) with the test pack and the default pack: Score and
// Alert must never panic and the alert must be valid JSON.
func FuzzScore(f *testing.F) {
	for _, raw := range benchManifests(10) {
		f.Add(raw)
	}
	f.Add([]byte(`{"schema_version":1,"shipment_id":"x","event_time":"2026-01-01T00:00:00Z","origin":{"country":"CN"},` +
		`"destination":{"country":"MX"},"mode":"postal","items":[{"line":1,"description":"N-phenethyl-4-piperidone \u0000"}]}`))
	engines := []*Engine{testEngine(f)}
	if e, err := LoadEngine("", ""); err == nil {
		engines = append(engines, e)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := manifest.Decode(raw)
		if err != nil {
			return
		}
		for _, e := range engines {
			en := e.Enrich(m)
			r := e.Score(m, en)
			if r.Score < 0 || r.Score > 100 || rulefmt.SeverityRank(r.Severity) < 0 {
				t.Fatalf("score %v severity %q", r.Score, r.Severity)
			}
			out := e.Alert(raw, m, en, r).AppendJSON(nil)
			if !jsonValid(out) {
				t.Fatalf("invalid alert JSON: %s", out)
			}
		}
	})
}

func jsonValid(b []byte) bool { return json.Valid(b) }
