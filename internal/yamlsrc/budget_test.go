package yamlsrc

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// mergeBomb returns a document of nested merge keys: level i merges the
// mapping of level i-1 nine times, so level n stands for 9^n mappings in
// a few hundred bytes (the 750-byte rule test file is levels 10).
func mergeBomb(levels int) string {
	var b strings.Builder
	b.WriteString("l0: &a0 {k: v}\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "l%d: &a%d {<<: [%s]}\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 9), ", "))
	}
	return b.String()
}

// TestUnmarshalRefusesAliasBomb: nested merge keys are refused at the
// alias that crosses the bound, in linear time however deep they nest.
func TestUnmarshalRefusesAliasBomb(t *testing.T) {
	src := mergeBomb(10)
	start := time.Now()
	var doc yaml.Node
	err := Unmarshal("bomb.yaml", []byte(src), &doc)
	var d Diagnostic
	if !errors.As(err, &d) {
		t.Fatalf("err = %v, want a Diagnostic", err)
	}
	// 1 + 3 + 3*9 + ... : level 5 is the first whose aliases pass 100000.
	if d.File != "bomb.yaml" || d.Line != 6 || !strings.Contains(d.Message, "alias *a4") || !strings.Contains(d.Message, "100000") {
		t.Errorf("diagnostic = %v, want bomb.yaml:6:... alias *a4 ... limit of 100000", d)
	}
	if el := time.Since(start); el > time.Second {
		t.Errorf("refusing took %v", el)
	}
	p, problem := Syntax("bomb.yaml", []byte(src), err, 1)
	if p != d.Pos || problem != d.Message {
		t.Errorf("Syntax = %v %q, want the diagnostic's own position and message", p, problem)
	}
}

func TestUnmarshalBounds(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // substring of the error; "" = accepted
	}{
		{"shared base manifest", "base: &b {origin: CN, items: [{d: x}, {d: y}]}\ntests:\n" + strings.Repeat("  - {<<: *b, mode: air}\n", 200), ""},
		{"four levels of merge keys", mergeBomb(4), ""},
		{"cyclic anchor", "a: &a [1, *a]\n", "alias *a refers to a node that contains it"},
		{"cyclic through a mapping", "a: &a {b: {c: *a}}\n", "alias *a refers to a node that contains it"},
		{"empty", "", ""},
		{"too large", "k: " + strings.Repeat("x", maxBytes) + "\n", "over the limit of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc yaml.Node
			err := Unmarshal("f.yaml", []byte(tt.src), &doc)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("err = %v, want none", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestDecoderBoundsEveryDocument: the second document is checked too, and
// a syntax error stays yaml.v3's for Syntax to position.
func TestDecoderBoundsEveryDocument(t *testing.T) {
	dec := NewDecoder("f.yaml", []byte("a: 1\n---\n"+mergeBomb(8)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("first document: %v", err)
	}
	var d Diagnostic
	if err := dec.Decode(&doc); !errors.As(err, &d) || d.Line <= 2 {
		t.Fatalf("second document: %v, want a diagnostic in it", err)
	}
	dec = NewDecoder("f.yaml", []byte("a: [1\n"))
	if err := dec.Decode(&doc); err == nil || errors.As(err, &d) || errors.Is(err, io.EOF) {
		t.Fatalf("syntax error = %v, want yaml.v3's", err)
	}
}

// BenchmarkCheckAliases: the check is linear in the document, so a bomb
// costs what its few lines cost.
func BenchmarkCheckAliases(b *testing.B) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(mergeBomb(4)), &doc); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if bad, _ := checkAliases(&doc, maxAliasNodes); bad != nil {
			b.Fatal("refused")
		}
	}
}

// FuzzUnmarshal: any bytes are parsed or refused, never a panic or a
// hang; a refused alias is positioned in the file, and an accepted
// document's aliases add no more than maxAliasNodes nodes.
func FuzzUnmarshal(f *testing.F) {
	f.Add([]byte(mergeBomb(3)))
	f.Add([]byte(mergeBomb(9)))
	f.Add([]byte("a: &a [1, *a]\n"))
	f.Add([]byte("a: &a {x: 1}\nb: {<<: *a, y: 2}\nc: [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var doc yaml.Node
		err := Unmarshal("f.yaml", data, &doc)
		var d Diagnostic
		switch {
		case errors.As(err, &d):
			if d.File != "f.yaml" || d.Line < 1 {
				t.Errorf("unpositioned refusal %v", d)
			}
		case err == nil:
			if bad, _ := checkAliases(&doc, maxAliasNodes); bad != nil {
				t.Errorf("accepted a document the check refuses")
			}
		}
	})
}
