package chemicals

import (
	"math/rand"
	"testing"
)

// TestOSADistance checks the bounded distance against a plain reference
// implementation on pairs that exercise each edit and the band limit.
func TestOSADistance(t *testing.T) {
	pairs := [][2]string{
		{"pseudoefedrin", "pseudoefedrine"}, {"psuedoefedrine", "pseudoefedrine"}, {"abc", "abc"},
		{"piperidine", "piperidone"}, {"4fenilaminopiperdine", "4fenilaminopiperidine"}, {"ab", "ba"},
		{"fenilaceticacd", "fenilaceticacid"}, {"metacrilate", "metilacrilate"}, {"", "abc"},
		{"nitrometane", "nitroetane"}, {"abcdef", "badcfe"}, {"kitten", "sitting"}, {"ca", "abc"},
	}
	for _, p := range pairs {
		want := referenceOSA(p[0], p[1])
		for k := 0; k <= 3; k++ {
			got := osaDistance([]byte(p[0]), p[1], k)
			exp := min(want, k+1)
			if got != exp {
				t.Errorf("osaDistance(%q, %q, %d) = %d, want %d", p[0], p[1], k, got, exp)
			}
		}
	}
}

func TestTwoLetterGap(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"feniletilamine", "fenetilamine", true},
		{"metacrilate", "metilacrilate", true},
		{"efedrn", "efedrine", false},
		{"abcd", "abcd", false},
		{"abcdef", "abef", true},
		{"abcdef", "acef", false},
	} {
		if got := twoLetterGap(tt.a, tt.b); got != tt.want {
			t.Errorf("twoLetterGap(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestOSADistanceRandom compares the bit-parallel distance with the table
// on random strings over small alphabets (many repeats, many
// transpositions), of every length up to and past maxOSA.
func TestOSADistanceRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for it := range 100000 {
		alphabet := "abcdefgh"[:1+it%8]
		word := func() string {
			l := rng.Intn(16)
			if it%10 == 0 {
				l = rng.Intn(maxOSA + 4)
			}
			b := make([]byte, l)
			for i := range b {
				b[i] = alphabet[rng.Intn(len(alphabet))]
			}
			return string(b)
		}
		a, b, k := word(), word(), rng.Intn(6)
		checkOSA(t, a, b, k)
	}
}

// FuzzOSADistance compares the bit-parallel distance with the table on
// any two strings.
func FuzzOSADistance(f *testing.F) {
	f.Add("pseudoefedrin", "pseudoefedrine", 2)
	f.Add("abcdef", "badcfe", 3)
	f.Add("ca", "abc", 2)
	f.Fuzz(func(t *testing.T, a, b string, k int) {
		if k < 0 || k > 8 || len(a) > 80 || len(b) > 80 {
			return
		}
		checkOSA(t, a, b, k)
	})
}

// checkOSA compares osaDistance(a, b, k) with the table's distance.
func checkOSA(t *testing.T, a, b string, k int) {
	t.Helper()
	want := min(referenceOSA(a, b), k+1)
	if len(a)-len(b) > k || len(b)-len(a) > k || len(a) >= maxOSA || len(b) >= maxOSA {
		want = k + 1 // not compared
	}
	if got := osaDistance([]byte(a), b, k); got != want {
		t.Fatalf("osaDistance(%q, %q, %d) = %d, want %d", a, b, k, got, want)
	}
}

func referenceOSA(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// TestFuzzyGuards lists near misses the chemistry guards must reject and
// typos they must let through.
func TestFuzzyGuards(t *testing.T) {
	tests := []struct {
		text, key string
		ok        bool
	}{
		{"piperidine", "piperidone", false},
		{"nitromethane", "nitroethane", false},
		{"ethyl 3-oxo-4-phenylbutanoate", "ethyl 3-oxo-2-phenylbutanoate", false},
		{"phenylamino", "phenylamine", false},
		{"methylamide", "methylamine", false},
		{"pseudoephedrin", "pseudoephedrine", true},
		{"4-anilinopiperdine", "4-anilinopiperidine", true},
		{"phenylacetic acd", "phenylacetic acid", true},
		{"N-phenethyl-4-piperidon", "N-phenethyl-4-piperidone", true},
	}
	for _, tt := range tests {
		w, _ := canonicalKey(tt.text)
		k, _ := canonicalKey(tt.key)
		if got := fuzzyCompatible(w, k); got != tt.ok {
			t.Errorf("fuzzyCompatible(%q, %q) = %v, want %v", w, k, got, tt.ok)
		}
	}
}

// TestFuzzyAnywhere: one edit or transposition anywhere in a long name,
// including its first letters, is found; the guards still hold.
func TestFuzzyAnywhere(t *testing.T) {
	m, _ := defaultMatcher(t)
	for _, tt := range []struct {
		desc, id string
		ok       bool
	}{
		{"hpenylacetic acid", "phenylacetic-acid", true}, // swap at 0/1 (ph → hp)
		{"pehnylacetone", "p2p", true},                   // swap at 1/2
		{"bseudoephedrine", "pseudoephedrine", true},     // first letter replaced
		{"seudoephedrine HCl", "pseudoephedrine", true},  // first letter dropped
		{"nroephedrine", "norephedrine", true},           // swap inside "nor"
		{"1-phenyl-2-prpoanone", "p2p", true},            // swap inside "prop"
		{"N-phenehtyl-4-piperidone", "npp", true},        // swallows the exact 4-piperidone
		{"norfentanly", "norfentanyl", true},             // swap at the end
		{"ethylamine", "methylamine", false},             // "met" lost: another amine
		{"nitromethane", "nitroethane", false},           // "met" gained
		{"glycidic acid methyl ester PMK", "bmk-methyl-glycidate", false},
		{"glycidic acid methyl ester BMK", "pmk-methyl-glycidate", false}, // codes are not typos
	} {
		r := m.Match(Item{Description: tt.desc})
		got, found := best(r, tt.id)
		if ok := found && got.Confidence >= 0.5; ok != tt.ok {
			t.Errorf("%q: resolves to %s = %v, want %v:%s", tt.desc, tt.id, ok, tt.ok, describe(r))
		}
	}
}

func TestGarbled(t *testing.T) {
	for _, tt := range []struct {
		win, key, m string
		want        bool
	}{
		{"nroefedrine", "norefedrine", "nor", true},
		{"etilamine", "metilamine", "met", false},
		{"fenil2prpoanone", "fenil2propanone", "prop", true},
		{"fenilacteone", "fenilacetone", "et", true},
	} {
		if got := garbled(tt.win, tt.key, tt.m); got != tt.want {
			t.Errorf("garbled(%q, %q, %q) = %v, want %v", tt.win, tt.key, tt.m, got, tt.want)
		}
	}
}
