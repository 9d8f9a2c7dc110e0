package main

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/structure"
)

// Without the resolver jar, `demo --structure` says why and how to build
// it, and runs as plain demo does.
func TestDemoStructureWithoutJar(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a broker and the pipeline")
	}
	missing := filepath.Join(t.TempDir(), "resolver.jar")
	code, _, errs := runSynthCmd(t, "demo", "--structure", "--resolver-jar", missing, "--duration", "1s",
		"--rate", "100", "--http", "127.0.0.1:0", "--seed", "2")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	for _, want := range []string{"structure resolver not available", missing, "make resolver", "running without it",
		"25% of them uncatalogued derivatives"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, "  structure ") {
		t.Errorf("summary reports resolver work with the resolver off:\n%s", errs)
	}
}

// With a resolver (here a stand-in that knows one of the derivatives'
// names), `demo --structure` feeds uncatalogued derivatives, alerts on the
// one it resolves and reports what the resolver did.
func TestDemoStructureWithResolver(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a broker and the pipeline")
	}
	cat, err := chemicals.Default()
	if err != nil {
		t.Fatal(err)
	}
	rec, err := structure.NewRecorded([]structure.Structure{{
		Query: "N-(3,4-dichlorophenyl)piperidin-4-amine", SMILES: "C1=C(C=C(C(=C1)Cl)Cl)NC2CCNCC2",
		InChIKey: "DIERXBUIDJOGAB-UHFFFAOYSA-N", Matches: cat.FamilyPatterns("4-ap"),
	}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(structure.Handler(rec))
	defer srv.Close()
	code, out, errs := runSynthCmd(t, "demo", "--structure", "--resolver", srv.URL, "--duration", "2s", "--rate", "200",
		"--risky-pct", "50", "--derivative-pct", "100", "--http", "127.0.0.1:0", "--seed", "4")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if !strings.Contains(errs, "structure resolver at "+srv.URL) {
		t.Errorf("stderr does not name the resolver:\n%s", errs)
	}
	if n := summaryNumber(t, errs, `(?m)^  structure\s+(\d+) spans resolved`); n == 0 {
		t.Errorf("no span resolved:\n%s", errs)
	}
	if !strings.Contains(out, "STR-001") {
		t.Errorf("no alert from the structure rule:\n%s", out)
	}
}
