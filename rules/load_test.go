package rules

import (
	"testing"

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
