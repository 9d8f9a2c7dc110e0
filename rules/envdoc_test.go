package rules

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// TestEnvReferenceCurrent keeps rules/ENV.md equal to `precursor rules env`.
func TestEnvReferenceCurrent(t *testing.T) {
	got := EnvReference()
	if *update {
		if err := os.WriteFile("ENV.md", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("ENV.md")
	if err != nil {
		t.Fatalf("%v (run go test ./rules -run TestEnvReferenceCurrent -update)", err)
	}
	if got != string(want) {
		t.Fatal("rules/ENV.md is stale: run go test ./rules -run TestEnvReferenceCurrent -update")
	}
}

// TestFieldsDocumented checks the fieldDocs table against the Env struct tags.
func TestFieldsDocumented(t *testing.T) {
	documented := map[string]bool{}
	for _, f := range fieldDocs {
		documented[f.Name] = true
		if !envFields[f.Name] {
			t.Errorf("fieldDocs documents %q, which Env does not have", f.Name)
		}
	}
	ty := reflect.TypeOf(Env{})
	for i := 0; i < ty.NumField(); i++ {
		tag := ty.Field(i).Tag.Get("expr")
		if tag != "" && tag != "-" && !documented[tag] {
			t.Errorf("Env field %q is not documented in fieldDocs", tag)
		}
	}
}

// TestExamplesCompile compiles every documented example against Env, so
// the reference cannot show something that does not work.
func TestExamplesCompile(t *testing.T) {
	defs := &rulefmt.Pack{Lists: []rulefmt.List{
		{Name: "high_risk_origins", Values: []string{"CN"}},
		{Name: "licensed_importers", Values: []string{"Lab"}},
	}}
	c := newCompiler(defs, defaultCatalog(t), &yamlsrc.List{})
	var examples []string
	for _, f := range fieldDocs {
		examples = append(examples, f.Example)
	}
	for _, f := range functions {
		examples = append(examples, f.Example)
	}
	for _, ex := range examples {
		if prog, _ := c.condition(rulefmt.Expr{Text: ex, What: "when"}, "example"); prog == nil {
			t.Errorf("example %q does not compile: %v", ex, *c.ds)
		}
	}
	if len(*c.ds) > 0 {
		t.Errorf("diagnostics: %v", *c.ds)
	}
	if !strings.Contains(EnvReference(), "hasChemical(ids ...string) bool") {
		t.Error("reference lacks the hasChemical signature")
	}
}
