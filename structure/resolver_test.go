//go:build structure

// Tests against a real resolver process (make test-structure): the jar is
// PRECURSOR_RESOLVER_JAR, by default ../.cache/resolver/resolver.jar.

package structure

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
)

// shared is the resolver the tests of this package share; tests that kill
// a resolver start their own.
var shared *Process

func resolverJar() string {
	if j := os.Getenv("PRECURSOR_RESOLVER_JAR"); j != "" {
		return j
	}
	return filepath.Join("..", ".cache", "resolver", "resolver.jar")
}

func TestMain(m *testing.M) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	p, err := Start(ctx, StartConfig{Jar: resolverJar(), Stderr: os.Stderr})
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "structure tests:", err)
		os.Exit(1)
	}
	shared = p
	code := m.Run()
	p.Stop(5 * time.Second)
	os.Exit(code)
}

func defaultCatalog(tb testing.TB) *chemicals.Catalog {
	tb.Helper()
	cat, err := chemicals.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return cat
}

func realClient(tb testing.TB, url string, cfg Config) (*Client, *Stats) {
	tb.Helper()
	st := &Stats{}
	cfg.URL, cfg.Observer = url, st
	c, err := New(cfg, defaultCatalog(tb).Patterns())
	if err != nil {
		tb.Fatal(err)
	}
	return c, st
}

func TestRealResolve(t *testing.T) {
	c, st := realClient(t, shared.URL, Config{Timeout: 10 * time.Second})
	ctx := context.Background()
	s, err := c.Resolve(ctx, "Benzyl 4-anilinopiperidine-1-carboxylate")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Resolved || s.SMILES != "C1=CC=C(C=C1)COC(=O)N2CCC(CC2)NC3=CC=CC=C3" || s.InChIKey != "IKZKTNNFPIABNV-UHFFFAOYSA-N" ||
		s.Formula != "C19H22N2O2" || len(s.Matches) != 1 || s.Matches[0].ID != "4-ap/core" || s.Matches[0].Meaning == "" {
		t.Errorf("structure = %+v", s)
	}
	s, err = c.Resolve(ctx, "laptop computers 4-pack")
	if err != nil || s.Resolved {
		t.Errorf("cargo text: %+v, %v", s, err)
	}
	if _, err := c.Resolve(ctx, "benzyl 4-anilinopiperidine-1-carboxylate"); err != nil {
		t.Fatal(err)
	}
	if snap := st.Snapshot(); snap.CacheHits != 1 || snap.Outcomes[OutcomeResolved] != 1 || snap.Outcomes[OutcomeUnparsed] != 1 {
		t.Errorf("stats = %+v", snap)
	}
}

// TestRealLint: the embedded catalog (entries by IUPAC name) and the test
// catalog (entries by SMILES, InChIKeys checked) pass; a pattern that
// matches a look-alike is reported.
func TestRealLint(t *testing.T) {
	ctx := context.Background()
	for _, path := range []string{"", "testdata/catalog.yaml"} {
		cat := defaultCatalog(t)
		if path != "" {
			var err error
			if cat, err = chemicals.LoadFile(path); err != nil {
				t.Fatal(err)
			}
		}
		errs, err := Lint(ctx, shared.URL, cat, DefaultLookalikes())
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range errs {
			t.Errorf("%s: %v", cat.Source, e)
		}
	}
	loose, err := chemicals.Parse("loose.yaml", []byte(`version: "1"
sources:
  S1: {title: "a source"}
families:
  4-piperidone:
    description: "too loose: any 4-piperidone"
    patterns:
      - {id: any, smarts: "O=C1CCNCC1", meaning: "any 4-piperidone", legal: "none", sources: [S1]}
      - {id: bad, smarts: "[Qq]C", meaning: "no such element", legal: "none", sources: [S1]}
entries:
  - {id: p, name: 4-Piperidone, iupac: piperidin-4-one, formula: C5H9NO, role: precursor, family: 4-piperidone, sources: [S1]}
`))
	if err != nil {
		t.Fatal(err)
	}
	errs, err := Lint(ctx, shared.URL, loose, DefaultLookalikes())
	if err != nil {
		t.Fatal(err)
	}
	lookalike, invalid := false, false
	for _, e := range errs {
		lookalike = lookalike || e.Line == 8 && strings.Contains(e.Message, `matches look-alike "1-methyl-4-piperidone`)
		invalid = invalid || e.Line == 9 && strings.Contains(e.Message, `pattern "4-piperidone/bad": invalid SMARTS`)
	}
	if !lookalike || !invalid {
		t.Errorf("want a look-alike match on line 8 and an invalid SMARTS on line 9, got %v", errs)
	}
}
