package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

const lintSettings = "name: lint\nversion: \"1\"\n"

// lintNow is the date lint tests judge expiry against.
var lintNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// lintBad lints one testdata/lint file as the only rule file of a pack.
func lintBad(t *testing.T, name string) yamlsrc.List {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata/lint", name))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		rulefmt.SettingsFile: {Data: []byte(lintSettings)},
		name:                 {Data: data},
	}
	ds, _, err := lintFS(fsys, "testdata/lint", defaultCatalog(t), lintNow)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// wantLines returns the "# want: " comment lines of a testdata file.
func wantLines(t *testing.T, name string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata/lint", name))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range strings.Split(string(data), "\n") {
		if w, ok := strings.CutPrefix(l, "# want: "); ok {
			want = append(want, w)
		}
	}
	return want
}

// rewriteWant replaces the "# want: " lines at the top of a testdata/lint
// file by got (go test -run TestLintBad -update; run it twice when the
// number of want lines changes, since that moves the lines below).
func rewriteWant(t *testing.T, name string, got []string) {
	t.Helper()
	path := filepath.Join("testdata/lint", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rest []string
	for _, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(l, "# want: ") {
			rest = append(rest, l)
		}
	}
	var out []string
	for _, g := range got {
		out = append(out, "# want: "+g)
	}
	if err := os.WriteFile(path, []byte(strings.Join(append(out, rest...), "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLintBad checks that each testdata/lint/*.bad.yaml yields exactly the
// diagnostics listed in its "# want:" comments, with file:line:col.
func TestLintBad(t *testing.T) {
	files, err := filepath.Glob("testdata/lint/*.bad.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no lint testdata: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			var got []string
			for _, d := range lintBad(t, name) {
				if strings.Contains(d.Message, "no rule test mentions") && !strings.HasPrefix(name, "untested") {
					continue
				}
				if strings.HasPrefix(d.Message, "no action:") && !strings.HasPrefix(name, "action") {
					continue
				}
				got = append(got, d.Error())
			}
			want := wantLines(t, name)
			if *update {
				rewriteWant(t, name, got)
				return
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("diagnostics:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
			}
		})
	}
}

// TestLoadErrorFormat pins one complete message: position, subject, text.
func TestLoadErrorFormat(t *testing.T) {
	fsys := fstest.MapFS{
		rulefmt.SettingsFile: {Data: []byte(lintSettings)},
		"fen.yaml": {Data: []byte("rules:\n  - id: FEN-001\n    title: t\n    score: 10\n" +
			"    when: hasChemical(\"4-ap2\")\n")},
	}
	_, _, err := LoadRulesetFS(fsys, "rules/default", defaultCatalog(t))
	const want = `rules/default/fen.yaml:5:23: rule "FEN-001": unknown chemical id "4-ap2"; did you mean "4-ap"?`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v\nwant    %s", err, want)
	}
	if _, ok := err.(yamlsrc.List); !ok {
		t.Fatalf("error is %T, want a yamlsrc.List", err)
	}
}

func TestLintTestPackClean(t *testing.T) {
	ds, _, err := lintWith("testdata/pack", defaultCatalog(t), lintNow)
	if err != nil {
		t.Fatal(err)
	}
	if errs := ds.Errors(); len(errs) > 0 {
		t.Fatalf("test pack has errors:\n%v", errs)
	}
}

func TestLintMissingSettings(t *testing.T) {
	fsys := fstest.MapFS{"a.yaml": {Data: []byte("rules: []\n")}}
	ds, _, err := lintFS(fsys, "pack", defaultCatalog(t), lintNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Error() != "pack: no ruleset.yaml settings file in the rule pack" {
		t.Fatalf("diagnostics = %v", ds)
	}
}
