package schema

import (
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/rules"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// compile compiles one schema of Files with a real JSON Schema validator.
func compile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	data, err := fs.ReadFile(Files, name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
	if err != nil {
		t.Fatalf("%s is not JSON: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("%s does not compile: %v", name, err)
	}
	return s
}

// schemaFor names the schema of a pack file.
func schemaFor(name string) string {
	switch base := path.Base(name); {
	case base == "ruleset.yaml":
		return "ruleset.schema.json"
	case strings.HasSuffix(base, "_test.yaml"):
		return "rule-tests.schema.json"
	}
	return "rules.schema.json"
}

// instance converts a YAML document to the JSON value a YAML language
// server validates: scalars typed by their YAML tag, as editors see them.
func instance(t *testing.T, data []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	v := toJSON(doc.Content[0])
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func toJSON(n *yaml.Node) any {
	switch n.Kind {
	case yaml.AliasNode:
		return toJSON(n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = toJSON(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			out[i] = toJSON(c)
		}
		return out
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err == nil {
			return f
		}
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}

// TestDefaultPackValidates: every file of the default pack, its rule
// tests included, validates against its schema.
func TestDefaultPackValidates(t *testing.T) {
	entries, err := fs.ReadDir(rules.DefaultFS(), ".")
	if err != nil {
		t.Fatal(err)
	}
	schemas := map[string]*jsonschema.Schema{}
	n := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		data, err := fs.ReadFile(rules.DefaultFS(), e.Name())
		if err != nil {
			t.Fatal(err)
		}
		name := schemaFor(e.Name())
		if schemas[name] == nil {
			schemas[name] = compile(t, name)
		}
		if err := schemas[name].Validate(instance(t, data)); err != nil {
			t.Errorf("%s/%s does not validate against %s:\n%v", rules.DefaultDir, e.Name(), name, err)
		}
		n++
	}
	if n < 10 || len(schemas) != 3 {
		t.Errorf("validated %d files against %d schemas", n, len(schemas))
	}
}

// TestSchemasReject: files the loader rejects for their shape are
// rejected by the schemas too (an editor shows the mistake while typing),
// and the test pack validates.
func TestSchemasReject(t *testing.T) {
	for _, tt := range []struct {
		file  string
		valid bool
	}{
		{"../testdata/lint/unknown_key.bad.yaml", false},
		{"../testdata/lint/score.bad.yaml", false},
		{"../testdata/pack/rules.yaml", true},
		{"../testdata/pack/ruleset.yaml", true},
		{"../ruletest/testdata/bad_test.yaml", false},
	} {
		data, err := os.ReadFile(tt.file)
		if err != nil {
			t.Fatal(err)
		}
		name := schemaFor(filepath.Base(tt.file))
		err = compile(t, name).Validate(instance(t, data))
		if (err == nil) != tt.valid {
			t.Errorf("%s against %s: valid %v, want %v (%v)", tt.file, name, err == nil, tt.valid, err)
		}
	}
	for _, tt := range []struct {
		schema, doc string
		valid       bool
	}{
		{"ruleset.schema.json", "name: x\nversion: \"1\"\nmin_severity: severe\n", false},
		{"ruleset.schema.json", "name: x\nversion: \"1\"\nthresholds: {critical: 90}\n", true},
		{"rules.schema.json", "rules:\n  - {id: A, title: t, score: 1, when: 'true', status: trial}\n", false},
		{"rules.schema.json", "rules:\n  - {id: A, title: t, score: 1, when: 'true', references: [S1, {S2: why}]}\n", true},
		{"rules.schema.json", "exceptions:\n  - {name: x, when: 'true', rules: [A], reason: r, author: a, expires: 30/06/2027}\n", false},
		{"rules.schema.json", "lists:\n  bad-name: [x]\n", false},
		{"rule-tests.schema.json", "tests:\n  - {name: x, manifest: {}, alert: true}\n", true},
		{"rule-tests.schema.json", "tests:\n  - {name: x, manifest: {}}\n", false},
		{"rule-tests.schema.json", "tests:\n  - {name: x, manifest: {}, manifest_file: m.json, alert: true}\n", false},
	} {
		err := compile(t, tt.schema).Validate(instance(t, []byte(tt.doc)))
		if (err == nil) != tt.valid {
			t.Errorf("%s %q: valid %v, want %v (%v)", tt.schema, tt.doc, err == nil, tt.valid, err)
		}
	}
}
