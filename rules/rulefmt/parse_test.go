package rulefmt

import (
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
)

func parse(t testing.TB, src string) (*Pack, yamlsrc.List) {
	t.Helper()
	var ds yamlsrc.List
	pack := &Pack{}
	parseFile("a.yaml", []byte(src), pack, &ds)
	return pack, ds
}

// TestSyntaxErrorLine: a YAML syntax error of a rule file (yamlsrc.Syntax
// finds the place) is one diagnostic on the broken line, at the character
// at fault, in the second document too, without yaml.v3's "line N" in the
// message.
func TestSyntaxErrorLine(t *testing.T) {
	for src, at := range map[string][2]int{
		"rules:\n  - id: A\n    tags: [a, b\n    when: true\n": {3, 11},
		"rules:\n  - id: A\n    when: true\n score: 10\n":      {4, 2},
		"rules: []\n---\nlists:\n  a: [x\n  b: y\n":            {4, 6},
	} {
		_, ds := parse(t, src)
		if len(ds) != 1 || ds[0].Line != at[0] || ds[0].Col != at[1] ||
			!strings.HasPrefix(ds[0].Message, "yaml: ") || strings.Contains(ds[0].Message, "yaml: line") {
			t.Errorf("%q: diagnostics %v, want one at a.yaml:%d:%d: yaml: <problem>", src, ds, at[0], at[1])
		}
	}
}

// TestSyntaxErrorBadText checks that text YAML rejects outright is placed
// at its first bad byte.
func TestSyntaxErrorBadText(t *testing.T) {
	_, ds := parse(t, "rules:\n  - id: A\n    title: ab\x01c\n")
	if len(ds) != 1 || ds[0].Line != 3 || ds[0].Col != 14 {
		t.Fatalf("diagnostics = %v, want one at a.yaml:3:14", ds)
	}
}

// TestReferences: a reference is a source key or a key with a note;
// anything else is reported where it is written.
func TestReferences(t *testing.T) {
	src := "rules:\n  - id: A\n    title: t\n    score: 1\n    when: 'true'\n    references:\n" +
		"      - S3\n      - S60: seizure origins\n      - [S1]\n      - {S1: a, S2: b}\n      - S4:\n"
	pack, ds := parse(t, src)
	want := []string{
		`a.yaml:9:9: rule "A": reference must be a source key (S26) or a key with a note (S26: what it supports)`,
		`a.yaml:10:9: rule "A": reference must be a source key (S26) or a key with a note (S26: what it supports)`,
		`a.yaml:11:12: rule "A": reference note must not be empty`,
	}
	if got := ds.Error(); got != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if len(pack.Rules) != 1 {
		t.Fatalf("rules = %d, want 1", len(pack.Rules))
	}
	refs := pack.Rules[0].References
	if len(refs) != 2 || refs[0].Key != "S3" || refs[0].Note != "" || refs[1].Key != "S60" ||
		refs[1].Note != "seizure origins" || refs[1].Pos.Line != 8 || refs[1].Pos.Col != 9 {
		t.Errorf("references = %+v", refs)
	}
}

// FuzzParseFile parses random bytes as a rule file: it must never panic,
// and every diagnostic must name the file and carry a sane position.
func FuzzParseFile(f *testing.F) {
	f.Add([]byte("rules:\n  - id: A\n    title: t\n    score: 1\n    when: |\n      any(items, # > )\n"))
	f.Add([]byte("rules:\n  - id: A\n    references: [S1, {S2: note}]\n"))
	f.Add([]byte("macros:\n  a: a\nlists:\n  b: [x]\nexceptions:\n  - name: x\n    expires: 2020-01-01\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var ds yamlsrc.List
		parseFile("fuzz.yaml", data, &Pack{}, &ds)
		for _, d := range ds {
			if d.File != "fuzz.yaml" || d.Line < 0 || d.Col < 0 || (d.Line > 0 && d.Col == 0) ||
				d.Line > yamlLines(data)+1 {
				t.Fatalf("bad diagnostic: %v", d.Error())
			}
		}
	})
}

// yamlLines counts lines as YAML does: \n, \r\n and a lone \r each end one.
func yamlLines(data []byte) int {
	s := string(data)
	return 1 + strings.Count(s, "\n") + strings.Count(s, "\r") - strings.Count(s, "\r\n")
}

// TestAliasBombRefused: a rule file goes through the YAML bounds
// (yamlsrc) like every source: nested aliases are refused at the alias
// that crosses the bound.
func TestAliasBombRefused(t *testing.T) {
	src := "lists:\n  l0: &a0 [x, y]\n"
	for i := 1; i <= 8; i++ {
		src += "  l" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" +
			strings.TrimSuffix(strings.Repeat("*a"+string(rune('0'+i-1))+", ", 9), ", ") + "]\n"
	}
	_, ds := parse(t, src)
	if len(ds) != 1 || ds[0].Line != 7 || !strings.Contains(ds[0].Message, "alias *a4") {
		t.Fatalf("diagnostics = %v, want one at a.yaml:7 naming alias *a4", ds)
	}
}
