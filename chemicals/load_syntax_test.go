package chemicals

import (
	"errors"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
)

// TestSyntaxErrorLine: a YAML syntax error is reported at file:N:1, N
// being the line that is actually broken (the one holding "BROKEN"),
// whether yaml.v3's parser (0-based lines) or its scanner (1-based) found it.
func TestSyntaxErrorLine(t *testing.T) {
	const head = "version: \"1\"\nentries:\n  - id: a\n"
	tests := []struct{ name, text string }{
		{"unclosed flow list", head + "    name: [BROKEN\n  - id: b\n"},
		{"unclosed flow mapping", head + "    x: {a: BROKEN\n    y: 1\n"},
		{"reserved character", head + "    name: @BROKEN\n"},
		{"mapping value in a scalar", head + "    name: a: BROKEN\n"},
		{"bad indentation", head + "    name: x\n   role: BROKEN\n"},
		{"tab indentation", head + "\tname: BROKEN\n"},
		{"unterminated quote", head + "    name: \"BROKEN\n"},
		{"first line", "[BROKEN\n"},
		{"invalid UTF-8", head + "    name: \xffBROKEN\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := 1 + strings.Count(tt.text[:strings.Index(tt.text, "BROKEN")], "\n")
			_, err := Parse("c.yaml", []byte(tt.text))
			var list yamlsrc.List
			if !errors.As(err, &list) || len(list) != 1 {
				t.Fatalf("Parse error = %v, want one positioned error", err)
			}
			if e := list[0]; e.Line != want || e.Col < 1 {
				t.Errorf("error %v at %d:%d, want line %d", e, e.Line, e.Col, want)
			}
		})
	}
}
