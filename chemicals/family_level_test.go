package chemicals

import "testing"

// TestIdentityLevel pins whose identity a match claims where the catalog
// has several related entries: a name two entries of a family share is the
// family's unless a stereo descriptor picks one; an ester the catalog lists
// is its entry, in any spelling, with no relative beside it; an ester it
// does not list is a relative.
func TestIdentityLevel(t *testing.T) {
	m, _ := defaultMatcher(t)
	tests := []struct {
		text   string
		id     string
		method Method
		conf   float64
	}{
		{"2-(methylamino)-1-phenyl-1-propanol", "ephedrine", MethodFamily, confFamilyName},
		{"(1S,2S)-2-(methylamino)-1-phenylpropan-1-ol", "pseudoephedrine", MethodName, confName},
		{"(1R,2S)-(-)-2-(methylamino)-1-phenylpropan-1-ol HCl", "ephedrine", MethodName, confName},
		{"(1R,2R)-2-(methylamino)-1-phenylpropan-1-ol", "ephedrine", MethodFamily, confFamilyName}, // a stereoisomer no entry spells
		{"alpha-(1-(methylamino)ethyl)benzyl alcohol", "ephedrine", MethodFamily, confFamilyName},
		{"Exolit RP 6500 flame retardant", "red-phosphorus", MethodFamily, confFamilyName},
		{"BMK methyl glycidate", "bmk-methyl-glycidate", MethodName, confName},
		{"sec-butyl 2-methyl-3-phenyloxirane-2-carboxylate 99%", "bmk-sec-butyl-glycidate", MethodName, confSibling},
		{"tert-butyl 3-(1,3-benzodioxol-5-yl)-2-methyloxirane-2-carboxylate", "pmk-tert-butyl-glycidate", MethodName, confName},
		{"BMK hexyl glycidate", "bmk-glycidic-acid", MethodRelative, confRelative},
		{"propyl phenylacetate", "phenylacetic-acid", MethodRelative, confRelative},
		{"tert-butyl 4-oxopiperidine-1-carboxylate", "boc-4-piperidone", MethodName, confName},
	}
	for _, tt := range tests {
		r := m.Match(Item{Description: tt.text})
		var confident []Match
		for _, mt := range r.Matches {
			if mt.Confidence >= 0.5 {
				confident = append(confident, mt)
			}
		}
		if len(confident) != 1 {
			t.Errorf("%q: want one confident match, got%s", tt.text, describe(r))
			continue
		}
		if got := confident[0]; got.Entry.ID != tt.id || got.Method != tt.method || got.Confidence != tt.conf {
			t.Errorf("%q: got %s %s %.2f, want %s %s %.2f", tt.text, got.Entry.ID, got.Method, got.Confidence, tt.id, tt.method, tt.conf)
		}
	}
}

func TestStereoDescriptors(t *testing.T) {
	for _, tt := range []struct{ s, before, leading string }{
		{"(1R,2S)-2-(methylamino)-1-phenylpropan-1-ol", "", "(1R,2S)"},
		{"(+)-(1S,2S)-x", "", "(1S,2S)"},
		{"(1R,2S)-(−)-ephedrine", "(1R,2S)", "(1R,2S)"},
		{"2-(methylamino)propanol", "", ""},
	} {
		if got := leadingStereo(tt.s); got != tt.leading {
			t.Errorf("leadingStereo(%q) = %q, want %q", tt.s, got, tt.leading)
		}
	}
	s := "(1R,2S)-(−)-ephedrine"
	if got := stereoBefore(s, len(s)-len("ephedrine")); got != "(1R,2S)" {
		t.Errorf("stereoBefore = %q", got)
	}
	if got := stereoBefore("x (2-amino)-y", 12); got != "" {
		t.Errorf("stereoBefore of a substituent = %q", got)
	}
}
