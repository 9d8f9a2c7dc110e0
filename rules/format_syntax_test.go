package rules

import (
	"strings"
	"testing"
)

// TestSyntaxErrorLine checks that YAML syntax errors point at the line
// marked BROKEN (for an unclosed bracket, the line that opens it), at
// column 1, whether yaml.v3's parser (0-based lines) or
// its scanner (1-based) found them, and in a second document too.
func TestSyntaxErrorLine(t *testing.T) {
	cases := map[string]string{
		"unclosed flow sequence": "rules:\n  - id: A\n    tags: [a, b # BROKEN\n    when: true\n",
		"unclosed flow mapping":  "lists:\n  origins: {a: [x] # BROKEN\n  more: [y]\n",
		"dedented key":           "rules:\n  - id: A\n    when: true\n score: 10 # BROKEN\n",
		"tab indentation":        "rules:\n  - id: A\n\ttitle: t # BROKEN\n",
		"value in plain scalar":  "rules:\n  - id: A\n    title: t\n      when: x # BROKEN\n",
		"second document":        "rules: []\n---\nlists:\n  a: [x # BROKEN\n  b: y\n",
		"on the first line":      "rules: [a, b}  # BROKEN\n",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			want := 0
			for i, l := range strings.Split(src, "\n") {
				if strings.Contains(l, "BROKEN") {
					want = i + 1
				}
			}
			ds := &diags{}
			parseFile("a.yaml", []byte(src), ds, &packDefs{})
			if len(ds.list) != 1 {
				t.Fatalf("diagnostics = %v, want one", ds.list)
			}
			d := ds.list[0]
			if d.Line != want || d.Col != 1 || !strings.HasPrefix(d.Message, "yaml: ") || strings.Contains(d.Message, "line ") {
				t.Errorf("got %s, want a.yaml:%d:1: yaml: <problem>", d, want)
			}
		})
	}
}

// TestSyntaxErrorBadText checks that text YAML rejects outright is placed
// at its first bad byte.
func TestSyntaxErrorBadText(t *testing.T) {
	ds := &diags{}
	parseFile("a.yaml", []byte("rules:\n  - id: A\n    title: ab\x01c\n"), ds, &packDefs{})
	if len(ds.list) != 1 || ds.list[0].Line != 3 || ds.list[0].Col != 14 {
		t.Fatalf("diagnostics = %v, want one at a.yaml:3:14", ds.list)
	}
}

// TestRuleTestSyntaxErrorLine: a rule test file's YAML syntax error points
// at the broken line too.
func TestRuleTestSyntaxErrorLine(t *testing.T) {
	src := "tests:\n  - name: x\n    fires: [FEN-001 # BROKEN\n    alert: true\n"
	_, errs := parseTestFile(nil, "x_test.yaml", "x_test.yaml", []byte(src))
	const want = "x_test.yaml:3:1: invalid YAML: did not find expected ',' or ']'"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Fatalf("errors = %v, want %s", errs, want)
	}
}
