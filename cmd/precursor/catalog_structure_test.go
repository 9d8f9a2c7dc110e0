package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCatalogLintStructure(t *testing.T) {
	// A resolver that compiles everything, resolves every query and finds
	// no pattern anywhere: every pattern then matches none of its entries.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		b.WriteString(`{"results":[`)
		body, _ := io.ReadAll(r.Body)
		n := strings.Count(string(body), `{"name":`) + strings.Count(string(body), `{"smiles":`)
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`{"status":"ok","smiles":"C","matches":[]}`)
		}
		b.WriteString(`],"pattern_errors":[]}`)
		fmt.Fprint(w, b.String())
	}))
	defer srv.Close()
	code, out, _ := runCat(t, "lint", "--structure", "--resolver", srv.URL)
	if code != exitFindings || !strings.Contains(out, `pattern "4-ap/core" matches none of the family's entries`) {
		t.Errorf("exit %d, stdout:\n%s", code, out)
	}
	code, _, errs := runCat(t, "lint", "--structure", "--resolver", "http://127.0.0.1:1")
	if code == exitOK || !strings.Contains(errs, "catalog lint --structure") {
		t.Errorf("unreachable resolver: exit %d, stderr %s", code, errs)
	}
	code, _, errs = runCat(t, "lint", "--structure", "--resolver-jar", "testdata/no-such.jar")
	if code == exitOK || !strings.Contains(errs, "no such file") {
		t.Errorf("missing jar: exit %d, stderr %s", code, errs)
	}
}
