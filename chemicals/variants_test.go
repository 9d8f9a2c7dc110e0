package chemicals

import (
	"slices"
	"testing"
)

func namePattern(t *testing.T, src string) pattern {
	t.Helper()
	v := newVocabulary()
	key, _, words := keyOf(src, &v)
	return pattern{kind: kindName, key: key, src: src, words: words}
}

func TestSubstituentOrders(t *testing.T) {
	tests := []struct {
		name string
		want []string // spellings whose keys must be among the variants
		none bool
	}{
		{"1-boc-4-anilinopiperidine", []string{"4-anilino-1-Boc-piperidine"}, false},
		{"4-Anilino-N-phenethylpiperidine", []string{"1-phenethyl-4-anilinopiperidine"}, false},
		{"N-phenylpiperidin-4-amine", nil, true},                // N- of the amine, not of the ring
		{"dicloridrato de N-fenil-4-piperidinamina", nil, true}, // words that are not substituents
		{"4-Piperidone", nil, true},
	}
	for _, tt := range tests {
		got := substituentOrders(namePattern(t, tt.name))
		if tt.none && len(got) != 0 {
			t.Errorf("substituentOrders(%q) = %q, want none", tt.name, got)
		}
		for _, w := range tt.want {
			if k, _ := canonicalKey(w); !slices.Contains(got, k) {
				t.Errorf("substituentOrders(%q) = %q, want it to contain %q (%s)", tt.name, got, k, w)
			}
		}
	}
}

func TestEsterInverted(t *testing.T) {
	tests := []struct{ name, want string }{
		{"methyl 3-oxo-2-phenylbutanoate", "3-oxo-2-phenylbutanoic acid methyl ester"},
		{"tert-butyl 4-oxopiperidine-1-carboxylate", "4-oxopiperidine-1-carboxylic acid tert-butyl ester"},
		{"ethyl 2-methyl-3-phenyloxirane-2-carboxylate", "2-methyl-3-phenyloxirane-2-carboxylic acid ethyl ester"},
		{"phenylacetic acid", ""},
		{"Benzyl cyanide", ""},
	}
	for _, tt := range tests {
		got, ok := esterInverted(namePattern(t, tt.name))
		want, _ := canonicalKey(tt.want)
		if ok != (tt.want != "") || ok && got != want {
			t.Errorf("esterInverted(%q) = %q, %v; want %q", tt.name, got, ok, want)
		}
	}
}

func TestLocantFreeKey(t *testing.T) {
	tests := []struct{ name, want string }{
		{"N-Phenethyl-4-piperidone", "phenethylpiperidone"},
		{"1-boc-4-piperidone", "Boc piperidone"},
		{"4-Piperidone", ""}, // one word: "piperidone" alone is ambiguous
		{"3,4-MDP-2-P methyl glycidate", "MDPP methyl glycidate"},
		{"2167189-50-4 acid", ""}, // numbers that are not locants
	}
	for _, tt := range tests {
		got, ok := locantFreeKey(namePattern(t, tt.name))
		want, _ := canonicalKey(tt.want)
		if ok != (tt.want != "") || ok && got != want {
			t.Errorf("locantFreeKey(%q) = %q, %v; want %q", tt.name, got, ok, want)
		}
	}
}

func TestSaltKey(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"phenylacetic acid", "phenylacetate"},
		{"2-methyl-3-phenyloxirane-2-carboxylic acid", "2-methyl-3-phenyloxirane-2-carboxylate"},
		{"acetic acid", ""}, // too short a stem to stand alone
		{"Benzyl cyanide", ""},
	} {
		got, ok := saltKey(namePattern(t, tt.name))
		want, _ := canonicalKey(tt.want)
		if ok != (tt.want != "") || ok && got != want {
			t.Errorf("saltKey(%q) = %q, %v; want %q", tt.name, got, ok, want)
		}
	}
}

func TestPrefixedEsterInverted(t *testing.T) {
	got := prefixedEsterInverted(namePattern(t, "BMK methyl glycidate"))
	for _, w := range []string{"BMK glycidic acid methyl ester", "glycidic acid methyl ester BMK"} {
		if k, _ := canonicalKey(w); !slices.Contains(got, k) {
			t.Errorf("prefixedEsterInverted(BMK methyl glycidate) = %q, want %q", got, k)
		}
	}
	if got := prefixedEsterInverted(namePattern(t, "methyl 3-oxo-2-phenylbutanoate")); got != nil {
		t.Errorf("no prefix: got %q", got)
	}
}

func TestWithoutLeadingOne(t *testing.T) {
	if got, ok := withoutLeadingOne(namePattern(t, "1-phenyl-2-propanone")); !ok || got != mustKey("phenyl-2-propanone") {
		t.Errorf("1-phenyl-2-propanone: %q %v", got, ok)
	}
	if _, ok := withoutLeadingOne(namePattern(t, "1-phenylethanol")); ok {
		t.Errorf("1-phenylethanol has no other locant: its 1 must stay")
	}
}

func TestLocantFreeIsomers(t *testing.T) {
	for _, name := range []string{"ethyl 2-methyl-3-phenylglycidate", "methyl 3-oxo-2-phenylbutanoate"} {
		if got, ok := locantFreeKey(namePattern(t, name)); ok {
			t.Errorf("locantFreeKey(%q) = %q: would also name its positional isomers", name, got)
		}
	}
}

func TestGenericHead(t *testing.T) {
	m, _ := defaultMatcher(t)
	for _, tt := range []struct {
		desc     string
		min, max float64
	}{
		{"phosphorus", 0, 0.45},
		{"white phosphorus", 0, 0.45},
		{"phosphorus, red", 0.85, 1},
		{"red phosphorus 98%", 0.9, 1},
	} {
		r := m.Match(Item{Description: tt.desc})
		got, _ := best(r, "red-phosphorus")
		if got.Confidence < tt.min || got.Confidence > tt.max {
			t.Errorf("%q: red-phosphorus %.2f, want %.2f..%.2f", tt.desc, got.Confidence, tt.min, tt.max)
		}
	}
}

func mustKey(s string) string {
	k, _ := canonicalKey(s)
	return k
}
