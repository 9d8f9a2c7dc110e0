package ruletest

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/precursorwatch/precursor/parties"
	"github.com/precursorwatch/precursor/rules"
	"gopkg.in/yaml.v3"
)

// loadDefaultEngine loads the embedded default pack and catalog with the
// embedded sample lists (what `precursor rules test` uses by default),
// failing the test with every load problem.
func loadDefaultEngine(t testing.TB) *rules.Engine {
	t.Helper()
	e, err := rules.LoadEngine("", "")
	if err != nil {
		t.Fatalf("load default engine: %v", err)
	}
	lists, err := parties.LoadSample(context.Background())
	if err != nil {
		t.Fatalf("load sample lists: %v", err)
	}
	return e.WithParties(lists)
}

// TestDefaultPackRuleTests runs the default pack's own rule tests
// (rules/default/*_test.yaml): every case must pass, and coverage must be
// complete: every rule and exception has a firing and a non-firing case
// and every list and macro is used (what `precursor rules test
// --require-coverage` requires).
func TestDefaultPackRuleTests(t *testing.T) {
	e := loadDefaultEngine(t)
	rep := RunDefault(t.Context(), e)
	var out bytes.Buffer
	if err := rep.WriteText(&out, testing.Verbose()); err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || !rep.Coverage.Complete() {
		t.Errorf("default pack rule tests failed:\n%s", out.String())
	} else {
		t.Logf("\n%s", out.String())
	}
	if len(rep.Cases) < 2*len(e.Ruleset().Rules()) {
		t.Errorf("only %d cases for %d rules", len(rep.Cases), len(e.Ruleset().Rules()))
	}
}

// TestDefaultPackTestsOnDisk checks that the embedded tests are the ones in
// rules/default (the directory `precursor rules test rules/default` reads).
func TestDefaultPackTestsOnDisk(t *testing.T) {
	e := loadDefaultEngine(t)
	disk := RunDir(t.Context(), e, "../default")
	emb := RunDefault(t.Context(), e)
	if len(disk.Cases) != len(emb.Cases) || len(disk.Files) != len(emb.Files) {
		t.Fatalf("disk: %d files %d cases, embedded: %d files %d cases",
			len(disk.Files), len(disk.Cases), len(emb.Files), len(emb.Cases))
	}
	if !strings.HasPrefix(disk.Files[0], "../default/") || !strings.HasPrefix(emb.Files[0], rules.DefaultDir+"/") {
		t.Errorf("files shown as %q and %q, want ../default/ and %s/ prefixes", disk.Files[0], emb.Files[0], rules.DefaultDir)
	}
}

// TestDefaultPackCalibration pins the calibration the pack promises:
// severities of the reference shipments, independent of the test files.
func TestDefaultPackCalibration(t *testing.T) {
	e := loadDefaultEngine(t)
	rep := RunDefault(t.Context(), e)
	want := map[string]string{
		"4-AP from China to Mexico is critical":                                   "critical",
		"NPP from China to Mexico is critical without the 4-AP lane rule":         "critical",
		"Aniline from Germany to the US is a lone watch-list reagent below alert": "none",
		"Benign goods fire nothing":                                               "none",
	}
	for _, c := range rep.Cases {
		sev, ok := want[c.Name]
		if !ok {
			continue
		}
		delete(want, c.Name)
		if c.Severity != sev {
			t.Errorf("%s: severity %s (score %.1f), want %s", c.Name, c.Severity, c.Score, sev)
		}
		if (sev == "critical") != c.Emit {
			t.Errorf("%s: emit %t", c.Name, c.Emit)
		}
	}
	for name := range want {
		t.Errorf("calibration case %q not found in the default tests", name)
	}
}

// TestDefaultPackListsNameCatalogFamilies guards the lists that conditions
// compare with match fields (family in lists.fentanyl_families): the engine
// checks literal ids at load time but cannot check list contents, and the
// macros that repeat them as literals must stay in step.
func TestDefaultPackListsNameCatalogFamilies(t *testing.T) {
	e := loadDefaultEngine(t)
	data, err := os.ReadFile(filepath.Join("..", "default", "lists.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Lists  map[string][]string `yaml:"lists"`
		Macros map[string]string   `yaml:"macros"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	// Each family list has a hasFamily macro (cheap, checked at load time)
	// that must name the same families; the heading list has its
	// hsDeclared macro.
	for name, macro := range map[string]string{"fentanyl_families": "fentanyl_any", "meth_families": "meth_any",
		"precursor_headings": "precursor_heading_declared"} {
		if len(f.Lists[name]) == 0 {
			t.Errorf("list %s is empty or missing", name)
		}
		for _, fam := range f.Lists[name] {
			if name != "precursor_headings" && e.Catalog().Family(fam) == nil {
				t.Errorf("list %s: %q is not a catalog family", name, fam)
			}
		}
		if got, want := strings.Count(f.Macros[macro], `"`)/2, len(f.Lists[name]); got != want {
			t.Errorf("macro %s names %d families, list %s %d", macro, got, name, want)
		}
		for _, fam := range f.Lists[name] {
			if !strings.Contains(f.Macros[macro], `"`+fam+`"`) {
				t.Errorf("macro %s lacks family %q of list %s", macro, fam, name)
			}
		}
	}
}

// TestRuleTestFailureOutput runs a pack whose test file holds deliberately
// wrong expectations and checks that each failure is reported with the
// expected and the actual outcome.
func TestRuleTestFailureOutput(t *testing.T) {
	e := loadDefaultEngine(t)
	rep := RunDir(t.Context(), e, filepath.Join("testdata", "failing"))
	if rep.OK() {
		t.Fatal("report OK for a failing test file")
	}
	if got := rep.Failed(); got != 2 {
		t.Errorf("failed cases = %d, want 2", got)
	}
	var out bytes.Buffer
	if err := rep.WriteText(&out, false); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"--- FAIL: testdata/failing/wrong_test.yaml:4: aniline is wrongly expected to be critical\n",
		"    fires: expected [FEN-001] to fire, did not: [FEN-001]; fired: [RGT-001]\n",
		"    severity: expected critical, got none (score 10.0)\n",
		"    alert: expected true, got false (severity none, score 10.0)\n",
		"    got: hit RGT-001 (10): Watch-list chemical\n",
		"    got:     evidence: line 1: aniline (family fentanyl-reagent) by cas",
		"--- FAIL: testdata/failing/wrong_test.yaml:15: 4-AP is wrongly expected not to fire FEN-001\n",
		"    not_fires: expected [FEN-001] not to fire, fired: [FEN-001]\n",
		"FAIL: 1 files, 3 cases, 2 failed, 0 file errors\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q; got:\n%s", want, text)
		}
	}
	if strings.Contains(text, "passing case") {
		t.Errorf("passing case reported without -v:\n%s", text)
	}
}

// TestRuleTestFileErrors checks that problems in test files are reported
// with file:line:col and that bad cases are not run.
func TestRuleTestFileErrors(t *testing.T) {
	e := loadDefaultEngine(t)
	data, err := os.ReadFile(filepath.Join("testdata", "bad_test.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"bad_test.yaml": {Data: data}}
	rep := run(t.Context(), e, fsys, "")
	var got []string
	for _, fe := range rep.Errors {
		got = append(got, fe.Error())
	}
	// The expectations are the "# want:" comments of the file.
	var want []string
	for _, line := range strings.Split(string(data), "\n") {
		if w, ok := strings.CutPrefix(line, "# want: "); ok {
			want = append(want, w)
		}
	}
	if len(want) == 0 {
		t.Fatal("bad_test.yaml has no # want: lines")
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(rep.Cases) != 1 {
		t.Errorf("ran %d cases, want only the 1 valid one", len(rep.Cases))
	}
}

// TestRuleTestJUnit checks the JUnit XML: valid XML, counts per file, and
// the failure text of a failing case.
func TestRuleTestJUnit(t *testing.T) {
	e := loadDefaultEngine(t)
	rep := RunDir(t.Context(), e, filepath.Join("testdata", "failing"))
	var buf bytes.Buffer
	if err := rep.WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("invalid XML: %v\n%s", err, buf.String())
	}
	if doc.Tests != 3 || doc.Failures != 2 || doc.Errors != 0 || len(doc.Suites) != 1 {
		t.Fatalf("tests=%d failures=%d errors=%d suites=%d, want 3 2 0 1", doc.Tests, doc.Failures, doc.Errors, len(doc.Suites))
	}
	c := doc.Suites[0].Cases[0]
	if c.Failure == nil || !strings.Contains(c.Failure.Text, "severity: expected critical, got none") {
		t.Errorf("first case failure = %+v", c.Failure)
	}
	if doc.Suites[0].Cases[2].Failure != nil {
		t.Errorf("passing case has a failure: %+v", doc.Suites[0].Cases[2].Failure)
	}
}

// TestRuleTestYAMLToJSON pins the conversion of inline manifests: key
// order, scalar types, aliases and merge keys.
func TestRuleTestYAMLToJSON(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"scalars", "a: 1\nb: 2.5\nc: true\nd: null\ne: text\nf: \"2933.39\"\ng: 2026-03-01T08:00:00Z",
			`{"a":1,"b":2.5,"c":true,"d":null,"e":"text","f":"2933.39","g":"2026-03-01T08:00:00Z"}`},
		{"order kept", "z: 1\na: 2", `{"z":1,"a":2}`},
		{"nested", "items:\n  - {description: x, quantity: 25}\n  - {description: y}",
			`{"items":[{"description":"x","quantity":25},{"description":"y"}]}`},
		{"alias", "base: &b {country: CN}\norigin: *b", `{"base":{"country":"CN"},"origin":{"country":"CN"}}`},
		{"merge overrides", "base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\n  c: 4",
			`{"base":{"a":1,"b":2},"x":{"a":1,"b":3,"c":4}}`},
		{"merge list", "p: &p {a: 1}\nq: &q {b: 2}\nx: {<<: [*p, *q]}", `{"p":{"a":1},"q":{"b":2},"x":{"a":1,"b":2}}`},
		{"unicode", "d: \"α-phenyl \\\"x\\\"\"", `{"d":"α-phenyl \"x\""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n yaml.Node
			if err := yaml.Unmarshal([]byte(tt.in), &n); err != nil {
				t.Fatal(err)
			}
			got, err := yamlToJSON(&n)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestRuleTestYAMLToJSONErrors checks positioned errors for what JSON
// cannot express.
func TestRuleTestYAMLToJSONErrors(t *testing.T) {
	for in, want := range map[string]string{
		"? [a, b]\n: 1":   "1:3: mapping keys must be scalars",
		"a: .nan":         "1:4: number \".nan\" has no JSON form",
		"x: {<<: [1, 2]}": "1:10: merge key (<<) needs a mapping",
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(in), &n); err != nil {
			t.Fatal(err)
		}
		_, err := yamlToJSON(&n)
		if err == nil || err.Error() != want {
			t.Errorf("%q: err = %v, want %s", in, err, want)
		}
	}
}

// FuzzParseTestFile: arbitrary test-file bytes never panic, and every
// problem is positioned in the file.
func FuzzParseTestFile(f *testing.F) {
	for _, p := range []string{"testdata/bad_test.yaml", "testdata/failing/wrong_test.yaml",
		"../default/fentanyl_test.yaml"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("tests: [{name: x, manifest: &a {<<: *a}}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"x_test.yaml": {Data: data}}
		_, errs := parseTestFile(fsys, "x_test.yaml", "x_test.yaml", data)
		for _, e := range errs {
			if e.File != "x_test.yaml" || e.Line < 0 || e.Message == "" {
				t.Errorf("unpositioned error %+v", e)
			}
		}
	})
}

// TestRuleTestYAMLExpansionBounded: self-referencing merges and alias
// bombs end with an error instead of a stack overflow or a huge manifest:
// the YAML bounds (yamlsrc) refuse them before the manifest converter,
// whose own depth and size limits stay as a second line of defence.
func TestRuleTestYAMLExpansionBounded(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for i := range 9 {
		name := fmt.Sprintf("b%d", i)
		bomb += fmt.Sprintf("%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", name, name,
			prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	for name, in := range map[string]string{
		"self merge": "tests: [{name: x, alert: true, manifest: &a {<<: *a}}]",
		"alias bomb": "tests:\n  - name: x\n    alert: true\n    manifest:\n      " + strings.ReplaceAll(bomb, "\n", "\n      "),
	} {
		_, errs := parseTestFile(nil, "x_test.yaml", "x_test.yaml", []byte(in))
		if len(errs) != 1 || !strings.Contains(errs[0].Message, "refers to a node that contains it") && !strings.Contains(errs[0].Message, "past the limit of") {
			t.Errorf("%s: errors %v", name, errs)
		}
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(bomb), &n); err != nil {
		t.Fatal(err)
	}
	if _, err := yamlToJSON(&n); err == nil || !strings.Contains(err.Error(), "expands to more than") {
		t.Errorf("alias bomb: err = %v", err)
	}
}

// TestRuleTestSyntaxErrorLine: a rule test file's YAML syntax error points
// at the bracket never closed, in plain words.
func TestRuleTestSyntaxErrorLine(t *testing.T) {
	src := "tests:\n  - name: x\n    fires: [FEN-001 # BROKEN\n    alert: true\n"
	_, errs := parseTestFile(nil, "x_test.yaml", "x_test.yaml", []byte(src))
	const want = `x_test.yaml:3:12: invalid YAML: a list opened with "[" is not closed with "]" (or two of its items lack a comma between them)`
	if len(errs) != 1 || errs[0].Error() != want {
		t.Fatalf("errors = %v, want %s", errs, want)
	}
}

// TestRuleTestNoFiles: a directory without test files is an error, not a
// silent pass.
func TestRuleTestNoFiles(t *testing.T) {
	e := loadDefaultEngine(t)
	rep := run(t.Context(), e, fstest.MapFS{"rules.yaml": {Data: []byte("rules: []")}}, "pack")
	if rep.OK() || len(rep.Errors) != 1 || rep.Errors[0].Error() != "pack: no rule test files (*_test.yaml)" {
		t.Errorf("errors = %v", rep.Errors)
	}
}
