package yamlsrc

import (
	"errors"
	"io"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestDiagnosticFormat(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{Pos: Pos{"c.yaml", 3, 7}, Message: "bad"}, "c.yaml:3:7: bad"},
		{Diagnostic{Pos: Pos{"c.yaml", 3, 0}, Message: "bad"}, "c.yaml:3: bad"},
		{Diagnostic{Pos: Pos{"c.yaml", 0, 0}, Message: "bad"}, "c.yaml: bad"},
		{Diagnostic{Message: "bad"}, "bad"},
		{Diagnostic{Pos: Pos{"r.yaml", 4, 2}, Subject: `rule "A"`, Message: "bad"}, `r.yaml:4:2: rule "A": bad`},
		{Diagnostic{Pos: Pos{"r.yaml", 4, 2}, Subject: `rule "A"`, Message: "old", Warning: true}, `r.yaml:4:2: warning: rule "A": old`},
	}
	for _, tt := range tests {
		if got := tt.d.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestList(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Error("empty List.Err() != nil")
	}
	l.Warnf(Pos{"f", 1, 1}, "", "only a warning")
	if l.Err() != nil {
		t.Error("List.Err() of warnings only != nil")
	}
	l.Errorf(Pos{"f", 3, 1}, "", "third")
	l.Errorf(Pos{"f", 2, 5}, "s", "second")
	l.Sort()
	if l[0].Message != "only a warning" || l[1].Message != "second" || l[2].Message != "third" {
		t.Errorf("sorted = %v", l)
	}
	var got List
	if err := l.Err(); !errors.As(err, &got) || len(got) != 2 {
		t.Fatalf("Err() = %v, want the two errors", err)
	}
	if want := "f:2:5: s: second\nf:3:1: third"; got.Error() != want {
		t.Errorf("Error() = %q, want %q", got.Error(), want)
	}
	if len(l.Warnings()) != 1 || len(l.Errors()) != 2 {
		t.Errorf("Warnings/Errors = %d/%d, want 1/2", len(l.Warnings()), len(l.Errors()))
	}
}

// TestSyntax: the error is put on the broken line, whether yaml.v3's
// parser (0-based lines) or its scanner (1-based) found it, in a later
// document too, at the character at fault when there is one, and said in
// plain words; bad text at its first bad byte.
func TestSyntax(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		plain     string
	}{
		{"unclosed flow sequence", "a:\n  b: [x, y\n  c: 1\n", 2, 6, `a list opened with "[" is not closed`},
		{"unclosed flow mapping", "a:\n  b: {x: [y]\n  c: [z]\n", 2, 6, `a mapping opened with "{" is not closed`},
		{"closed on an earlier line", "a: [x,\n  y]\nb: [z\nc: d\n", 3, 4, `a list opened with "["`},
		{"dedented key", "a:\n  - b: 1\n    c: 2\n d: 3\n", 4, 2, "does not fit the mapping above it"},
		{"tab indentation", "a:\n  - b: 1\n\tc: 2\n", 3, 1, "a tab in the indentation"},
		{"second document", "a: []\n---\nb:\n  c: [x\n  d: y\n", 4, 6, `"[" is not closed`},
		{"first line", "[a, b}\n", 1, 1, `"[" is not closed`},
		{"colon in a plain value", "a:\n  title: Foo: bar\n", 2, 13, `a second ": " on the line`},
		{"reserved character", "a: @x\n", 1, 4, `("@" or "`},
		{"unknown escape", "a: \"x\\qy\"\n", 1, 6, "a backslash in a double-quoted value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := decodeAll(tt.src)
			if err == nil {
				t.Fatal("no syntax error")
			}
			p, problem := Syntax("f.yaml", []byte(tt.src), err, 2)
			if p.Line != tt.line || p.Col != tt.col || p.File != "f.yaml" || !strings.Contains(problem, tt.plain) {
				t.Errorf("Syntax = %v %q (yaml.v3: %v), want f.yaml:%d:%d %q", p, problem, err, tt.line, tt.col, tt.plain)
			}
		})
	}
	src := "a:\n  b: x\x01y\n"
	p, _ := Syntax("f.yaml", []byte(src), decodeAll(src), 2)
	if p.Line != 2 || p.Col != 7 {
		t.Errorf("bad text at %v, want f.yaml:2:7", p)
	}
}

// TestExplanationsComplete: every problem the parser numbers from 0 has
// plain words.
func TestExplanationsComplete(t *testing.T) {
	for _, p := range parserProblems {
		if _, ok := explanations[p]; !ok && !strings.Contains(p, "directive") && !strings.Contains(p, "<") &&
			p != "found incompatible YAML document" {
			t.Errorf("no plain words for %q", p)
		}
	}
}

func decodeAll(src string) error {
	dec := yaml.NewDecoder(strings.NewReader(src))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

func TestPairs(t *testing.T) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("a: 1\n? [x]\n: 2\nb: 3\na: 4\n"), &doc); err != nil {
		t.Fatal(err)
	}
	var keys, problems []string
	bad := func(k, first *yaml.Node) {
		if first == nil {
			problems = append(problems, "not scalar")
			return
		}
		problems = append(problems, k.Value+" first at "+At("f", first).String())
	}
	for k := range Pairs(doc.Content[0], bad) {
		keys = append(keys, k.Value)
	}
	if strings.Join(keys, ",") != "a,b" || strings.Join(problems, ";") != "not scalar;a first at f:1:1" {
		t.Errorf("keys %v problems %v", keys, problems)
	}
	if Value(doc.Content[0], "b").Value != "3" || Value(doc.Content[0], "z") != nil {
		t.Error("Value")
	}
	if KindName(yaml.SequenceNode) != "a list" {
		t.Error("KindName")
	}
}

// FuzzSyntax: for any text YAML rejects, Syntax names a position inside
// the text and a non-empty problem, and never panics.
func FuzzSyntax(f *testing.F) {
	for _, s := range []string{"a: [x\n", "a:\n\tb: 1\n", "a: b: c\n", "[a, b}\n", "a: \"\\q\"\n", "a: @x\n", "- a\nb: c\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := decodeAll(string(data))
		if err == nil {
			return
		}
		p, problem := Syntax("f.yaml", data, err, 2)
		n := len(lines(data))
		if problem == "" || p.Line < 1 || p.Line > n+1 || p.Col < 1 {
			t.Fatalf("Syntax = %v %q for %q (%v)", p, problem, data, err)
		}
	})
}
