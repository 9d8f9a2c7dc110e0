package structure

import (
	"testing"

	"github.com/precursorwatch/precursor/chemicals"
)

// TestResolvedSpansIdentityLevel: family-level identities (relatives,
// names several entries share) are not resolved; a span is reported once.
func TestResolvedSpansIdentityLevel(t *testing.T) {
	m := matcher(t)
	tests := []struct {
		text string
		want []Span
	}{
		{"ethyl 4-oxopiperidine-1-carboxylate", nil},         // a carbamate of 4-piperidone, no entry
		{"BMK hexyl glycidate", nil},                         // an ester of BMK glycidic acid, no entry
		{"2-(methylamino)-1-phenyl-1-propanol", nil},         // ephedrine or pseudoephedrine
		{"BMK methyl glycidate 25kg", []Span{{0, 20}}},       // the entry's name
		{"(1S,2S)-2-(methylamino)-1-phenylpropan-1-ol", nil}, // the entry, by a spelling no name lists
		{"Norephedrin", []Span{{0, 11}}},                     // a curated name
	}
	for _, tt := range tests {
		got := ResolvedSpans(nil, m.Match(chemicals.Item{Description: tt.text}))
		if len(got) != len(tt.want) || len(got) > 0 && got[0] != tt.want[0] {
			t.Errorf("%q: %v, want %v", tt.text, got, tt.want)
		}
	}
	e := &chemicals.Entry{ID: "x", Name: "X"}
	res := chemicals.Result{Matches: []chemicals.Match{
		{Entry: e, Method: chemicals.MethodCAS, Field: chemicals.FieldDescription, Start: 0, End: 9},
		{Entry: e, Method: chemicals.MethodAbbreviation, Field: chemicals.FieldDescription, Start: 0, End: 9},
	}}
	if got := ResolvedSpans([]Span{{0, 9}}, res); len(got) != 2 {
		t.Errorf("duplicate spans: %v, want the caller's span and one more", got)
	}
}
