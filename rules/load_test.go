package rules

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
)

func defaultCatalog(t testing.TB) *chemicals.Catalog {
	t.Helper()
	cat, err := chemicals.Default()
	if err != nil {
		t.Fatalf("default catalog: %v", err)
	}
	return cat
}

// TestDefaultPackLoads compiles every shipped rule against Env: the
// contract test of the rule language.
func TestDefaultPackLoads(t *testing.T) {
	rs, ds, err := LoadRuleset("", defaultCatalog(t))
	for _, d := range ds {
		t.Log(d)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(rs.Rules()) == 0 {
		t.Fatal("default pack has no rules")
	}
}

// TestLoadPackNotADirectory checks that a pack that cannot be read is named
// once, as given, and not by its path inside the pack ("open .").
func TestLoadPackNotADirectory(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "file.yaml")
	if err := os.WriteFile(file, []byte("rules: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{filepath.Join(tmp, "missing"), file} {
		shown := filepath.ToSlash(dir)
		_, _, loadErr := LoadRuleset(dir, defaultCatalog(t))
		_, _, lintErr := lintWith(dir, defaultCatalog(t), time.Now())
		for _, err := range []error{loadErr, lintErr} {
			if err == nil {
				t.Fatalf("%s: no error", dir)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "read rule pack "+shown+": ") || strings.Count(msg, shown) != 1 ||
				strings.Contains(msg, "open .") {
				t.Errorf("error = %q, want %q once and no \"open .\"", msg, "read rule pack "+shown+": ")
			}
		}
		if dir != file && !errors.Is(loadErr, fs.ErrNotExist) {
			t.Errorf("error %v does not match fs.ErrNotExist", loadErr)
		}
	}
}
