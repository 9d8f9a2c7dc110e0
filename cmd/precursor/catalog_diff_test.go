package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/chemicals"
)

// writeCatalog writes the embedded catalog with edits applied (old -> new
// text replacements, each of which must apply) and returns its path.
func writeCatalog(t *testing.T, name string, edits ...string) string {
	t.Helper()
	s := string(chemicals.DefaultBytes())
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(s, edits[i]) {
			t.Fatalf("edit %q does not apply", edits[i])
		}
		s = strings.Replace(s, edits[i], edits[i+1], 1)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCatalogDiff(t *testing.T) {
	old := writeCatalog(t, "old.yaml")
	cur := writeCatalog(t, "new.yaml",
		`CN: {listing: "Category II", effective: 2024-09-01, published: 2024-08-02, note: "announcement of 2 Aug 2024", sources: [S26]}`,
		`CN: {listing: "Category II", effective: 2024-09-02, published: 2024-08-02, note: "announcement of 2 Aug 2024", sources: [S26]}`,
		"      - 4-anilinopiperidine dihydrochloride\n", "",
		`      CA: {listing: "CDSA (fentanyl derivatives`, `      # removed: {listing: "CDSA (fentanyl derivatives`,
	)

	code, out, errs := runCat(t, "diff", old, old)
	if code != exitOK || !strings.Contains(out, "0 added, 0 removed, 0 changed") {
		t.Errorf("diff of a catalog with itself: exit %d, %q %s", code, out, errs)
	}
	code, out, errs = runCat(t, "diff", old, cur)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d: %s", code, exitFindings, errs)
	}
	for _, want := range []string{
		"~ entry 4-ap\n",
		"    - synonym 4-anilinopiperidine dihydrochloride\n",
		"    ~ control CN Category II, effective 2024-09-01, published 2024-08-02 [S26]\n      now CN Category II, effective 2024-09-02, published 2024-08-02 [S26]\n",
		"~ entry anpp\n    - control CA CDSA (fentanyl derivatives and analogues), effective unknown, in force by 2019-05-15 [CA-SOR-2019-120]\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCat(t, "diff", "--json", cur, old)
	var d catalogDiff
	if err := json.Unmarshal([]byte(out), &d); err != nil || code != exitFindings {
		t.Fatalf("exit %d, bad JSON %v:\n%s", code, err, out)
	}
	if len(d.Changed) != 2 || d.Changed[0].ID != "anpp" || len(d.Changed[0].ControlsAdded) != 1 ||
		d.Changed[0].ControlsAdded[0].Jurisdiction != "CA" || d.Changed[1].ControlsChanged[0].New.Effective != "2024-09-01" {
		t.Errorf("JSON diff = %+v", d)
	}
	if code, _, _ := runCat(t, "diff", old); code != exitUsage {
		t.Errorf("diff with one file: exit %d, want %d", code, exitUsage)
	}
}
