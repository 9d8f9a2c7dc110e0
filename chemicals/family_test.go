package chemicals

import (
	"strings"
	"testing"
)

func TestFamilyShortAndLongForm(t *testing.T) {
	const doc = `version: "1"
sources:
  S1: {title: "a source"}
families:
  short: "the short form"
  long:
    description: "the long form"
    patterns:
      - id: amine
        smarts: "[NX3;H2]c1ccccc1"
        meaning: "a primary aniline"
        legal: "aniline"
        sources: [S1]
      - id: nitro
        smarts: "[$([NX3](=O)=O),$([NX3+](=O)[O-])]"
        meaning: "a nitro group"
        legal: "none"
        sources: [S1]
entries:
  - {id: a, name: A, formula: CH4, role: reagent, family: short, sources: [S1], structure: {none: "test entry"}}
  - {id: b, name: B, formula: C2H6, role: reagent, family: long, sources: [S1], structure: {none: "test entry"}}
`
	c, err := Parse("t.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.FamilyDescription("short"); got != "the short form" {
		t.Errorf("short description = %q", got)
	}
	if got := c.FamilyDescription("long"); got != "the long form" {
		t.Errorf("long description = %q", got)
	}
	if got := c.FamilyPatterns("short"); got != nil {
		t.Errorf("short form has patterns %v", got)
	}
	pats := c.FamilyPatterns("long")
	if len(pats) != 2 {
		t.Fatalf("long: %d patterns, want 2", len(pats))
	}
	want := FamilyPattern{ID: "long/amine", Family: "long", SMARTS: "[NX3;H2]c1ccccc1",
		Meaning: "a primary aniline", Legal: "aniline", Sources: []string{"S1"}, Line: 10, Col: 17}
	got := pats[0]
	if got.ID != want.ID || got.Family != want.Family || got.SMARTS != want.SMARTS || got.Meaning != want.Meaning ||
		got.Legal != want.Legal || strings.Join(got.Sources, ",") != "S1" || got.Line != want.Line || got.Col != want.Col {
		t.Errorf("pattern = %+v, want %+v", got, want)
	}
	if all := c.Patterns(); len(all) != 2 || all[1].ID != "long/nitro" {
		t.Errorf("Patterns() = %v", all)
	}
}

// TestDefaultFamilyPatterns pins which families of the embedded catalog
// declare patterns, and that each pattern cites a registered source.
func TestDefaultFamilyPatterns(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"4-ap", "4-piperidone", "anpp", "bmk-glycidic", "norfentanyl", "npp", "p2p-masked", "pmk-glycidic"}
	var got []string
	for _, f := range c.Families() {
		if len(c.FamilyPatterns(f)) > 0 {
			got = append(got, f)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("families with patterns = %v, want %v", got, want)
	}
	for _, p := range c.Patterns() {
		for _, s := range p.Sources {
			if _, ok := c.Sources[s]; !ok {
				t.Errorf("%s cites unknown source %q", p.ID, s)
			}
		}
		if p.Meaning == "" || p.Legal == "" {
			t.Errorf("%s: meaning or legal text missing", p.ID)
		}
	}
}

func TestSMARTSShape(t *testing.T) {
	tests := []struct{ smarts, want string }{
		{"c1ccccc1N", ""},
		{"[$([CX3]=O),$([CX4]([OX2])[OX2])]1CCNCC1", ""},
		{"", "is empty"},
		{"C C", "has a space or a non-ASCII byte at offset 1"},
		{"[C", "has an unclosed '['"},
		{"C(C", "has an unclosed '('"},
		{"[C)]", "has an unbalanced ')' at offset 2"},
		{"C)", "has an unbalanced ')' at offset 1"},
		{strings.Repeat("C", maxSMARTS+1), "is longer than 500 characters"},
	}
	for _, tt := range tests {
		if got := smartsShape(tt.smarts); got != tt.want {
			t.Errorf("smartsShape(%.20q) = %q, want %q", tt.smarts, got, tt.want)
		}
	}
}
