package chemicals

import "testing"

// TestCanonicalSame lists spellings that must normalise to the same key.
func TestCanonicalSame(t *testing.T) {
	tests := [][]string{
		{"N-phenethyl-4-piperidone", "1-phenethyl-4-piperidone", "N-Phenethyl-4-piperidinone",
			"1-(2-phenylethyl)piperidin-4-one", "1-(2-Phenylethyl)-4-piperidinone", "n‐phenethyl–4‐piperidone",
			"N-PHENETHYL-4-PIPERIDONE", "N phenethyl 4 piperidone", "1-(β-phenylethyl)-4-piperidone"},
		{"4-piperidone", "piperidin-4-one", "4-piperidinone", "4 Piperidone"},
		{"tert-butyl", "t-butyl", "tBu", "tert.-butyl", "t-Bu", "TERT BUTYL"},
		{"1-boc-4-piperidone", "N-Boc-4-piperidone", "1-BOC-4-piperidinone", "N-t-Boc-4-piperidone",
			"1-tert-butoxycarbonyl-4-piperidone", "N-(tert-Butoxycarbonyl)-4-piperidone"},
		{"ephedrine", "(1R,2S)-ephedrine", "(−)-ephedrine", "(-)-Ephedrine", "l-ephedrine", "L-Ephedrine",
			"rac-ephedrine", "dl-ephedrine", "ＥＰＨＥＤＲＩＮＥ", "éphédrine"},
		{"pseudoephedrine", "(+)-pseudoephedrine", "d-pseudoephedrine", "pseudo-ephedrine", "(±)-Pseudoephedrine"},
		{"alpha-phenylacetoacetamide", "α-phenylacetoacetamide", "a-phenylacetoacetamide", "alfa-phenylacetoacetamide"},
		{"4-AP", "4AP", "4 AP", "4-ap"},
		{"P2P", "P-2-P", "p 2 p"},
		{"sulphate", "sulfate"},
		{"4-anilinopiperidine", "4-(phenylamino)piperidine", "4-(Phenylamino)-piperidine"},
		{"N-phenylpiperidin-4-amine", "N-phenyl-4-piperidinamine", "N-Phenyl-4-piperidinamine"},
		{"propionyl chloride", "propanoyl chloride", "Propanoyl-chloride"},
		{"phenylacetic acid", "benzeneacetic acid", "Phenyl acetic acid", "fenilacetic acid"},
		{"N-phenylpiperidin-4-amine", "N-phenyl-4-aminopiperidine", "N-Phenyl-4-piperidinamine"},
		{"1-(2-phenylethyl)piperidine", "N-(β-phenylethyl)piperidine", "phenethyl piperidine"},
		// CAS index names (parent, substituents-, ester) and their parts
		{"3-oxo-2-phenylbutanoic acid methyl ester", "Butanoic acid, 3-oxo-2-phenyl-, methyl ester"},
		{"N-phenyl-4-piperidinamine", "4-Piperidinamine, N-phenyl-"},
		{"1-phenyl-2-propanone", "2-Propanone, 1-phenyl-"},
		{"4-(phenylamino)piperidine-1-carboxylic acid tert-butyl ester",
			"1-Piperidinecarboxylic acid, 4-(phenylamino)-, 1,1-dimethylethyl ester"},
		{"2-methyl-3-phenyloxirane-2-carboxylic acid", "2-Oxiranecarboxylic acid, 2-methyl-3-phenyl-",
			"2-methyl-3-phenyl-oxirane-2-carboxylic acid"},
		{"ethyl 3-(1,3-benzodioxol-5-yl)-2-methyloxirane-2-carboxylate",
			"ethyl 3-(2H-1,3-benzodioxol-5-yl)-2-methyloxirane-2-carboxylate"}, // indicated hydrogen
		{"methyl 3-(1,3-benzodioxol-5-yl)-2-methyloxirane-2-carboxylate",
			"methyl 3-(benzo[d][1,3]dioxol-5-yl)-2-methyloxirane-2-carboxylate"},
		{"2,2,6,6-tetramethyl-4-piperidinone", "4-Piperidinone, 2,2,6,6-tetramethyl-"}, // locant commas
		{"1-(2-phenylethyl)-4-piperidinone 99%", "4-Piperidinone, 1-(2-phenylethyl)- 99%"},
		{"Ｃａｆé", "CAFE", "café", "Çafè"},
		{"łódź ß", "lodz s"},
		{"苯乙酸", "苯 乙 酸"},
		{"N-phenyl-N-(piperidin-4-yl)propionamide", "N-phenyl-N-(piperidin-4-yl)propanamide",
			"N-Phenyl-N-(4-piperidinyl)propanamide", "N-phenyl-N-(4-piperidyl)propanamide"},
		// amines named around either part (normalize_amine.go)
		{"4-anilinopiperidine", "N-phenylpiperidin-4-amine", "N-(piperidin-4-yl)aniline", "N-4-piperidinylaniline",
			"N-(4-piperidyl)aniline", "N-[piperidin-4-yl]aniline"},
		{"1-phenethyl-4-anilinopiperidine", "N-phenyl-1-(2-phenylethyl)piperidin-4-amine",
			"1-phenethyl-N-phenylpiperidin-4-amine", "N-(1-phenethylpiperidin-4-yl)aniline",
			"N-[1-(2-phenylethyl)-4-piperidinyl]aniline", "4-Piperidinamine, N-phenyl-1-(2-phenylethyl)-"},
		{"1-boc-4-anilinopiperidine", "N-(1-Boc-piperidin-4-yl)aniline", "1-Boc-N-phenylpiperidin-4-amine",
			"N-phenyl-1-boc-piperidin-4-amine", "N-(1-tert-butoxycarbonylpiperidin-4-yl)aniline"},
		{"N-phenyl-N-(piperidin-4-yl)propanamide", "N-(piperidin-4-yl)-N-phenylpropanamide",
			"N-4-piperidinyl-N-phenylpropionamide", "N-(4-piperidyl)propionanilide"},
		{"N-phenyl-N-[1-(2-phenylethyl)piperidin-4-yl]propanamide", "N-(1-phenethyl-4-piperidyl)propionanilide",
			"N-[1-(2-phenylethyl)piperidin-4-yl]-N-phenylpropanamide"},
		{"4-(benzylamino)piperidine", "N-benzylpiperidin-4-amine", "N-(piperidin-4-yl)benzylamine"},
	}
	for _, group := range tests {
		want, _ := canonicalKey(group[0])
		for _, s := range group[1:] {
			if got, _ := canonicalKey(s); got != want {
				t.Errorf("canonicalKey(%q) = %q, want %q (as %q)", s, got, want, group[0])
			}
		}
	}
}

// TestCanonicalDifferent lists look-alikes that must stay apart.
func TestCanonicalDifferent(t *testing.T) {
	tests := [][2]string{
		{"4-piperidone", "piperidine"},
		{"4-anilinopiperidine", "4-aminopyridine"},
		{"ethyl 3-oxo-2-phenylbutanoate", "ethyl 3-oxo-4-phenylbutanoate"},
		{"phenylacetic acid", "phenylacetaldehyde"},
		{"2-piperidone", "4-piperidone"},
		{"nitroethane", "nitromethane"},
		{"ephedrine", "norephedrine"},
		{"1-phenylethyl", "2-phenylethyl"},
		{"1-phenylethanol", "phenylethanol"}, // 1- of a chain is a locant, not the N of a ring
		{"Benzeneacetic acid, alpha-acetyl-", "benzeneacetic acid alpha-acetyl"},
		{"1-phenyl-1-propanone", "1-phenyl-2-propanone"},
		{"苯乙酸", "苯乙醛"},
		{"N-(piperidin-4-yl)aniline", "4-(piperidin-4-yl)aniline"}, // N- vs ring carbon of the benzene
		{"N-phenylpiperidin-4-amine", "1-phenylpiperidin-4-amine"}, // phenyl on the amine vs the ring N
		{"N-(piperidin-4-yl)aniline", "N-(pyridin-4-yl)aniline"},
		{"N-(piperidin-4-yl)aniline", "N-(piperidin-3-yl)aniline"},
		{"4-anilinopiperidine", "4-anilinopyridine"},
		{"acetoacetanilide", "alpha-phenylacetoacetamide"},
	}
	for _, tt := range tests {
		a, _ := canonicalKey(tt[0])
		b, _ := canonicalKey(tt[1])
		if a == b {
			t.Errorf("canonicalKey(%q) = canonicalKey(%q) = %q", tt[0], tt[1], a)
		}
	}
}

// TestNormalizeSpans checks that every canonical token points back at the
// original text it came from.
func TestNormalizeSpans(t *testing.T) {
	s := "N‐Phénethyl piperidin-4-one (±)-α-PAA 99% 25kg/drum"
	var n normText
	n.normalize(s)
	if !n.percent {
		t.Error("percent not seen")
	}
	for _, tk := range n.toks {
		if tk.os < 0 || tk.oe > int32(len(s)) || tk.os >= tk.oe {
			t.Fatalf("token %q has span [%d,%d) outside %q", n.buf[tk.cs:tk.ce], tk.os, tk.oe, s)
		}
	}
	got := ""
	for _, tk := range n.toks {
		got += string(n.buf[tk.cs:tk.ce]) + "|"
	}
	const want = "fenetil|4|piperidone|alfa|paa|99|25|kg|drum|"
	if got != want {
		t.Errorf("tokens = %s, want %s", got, want)
	}
}
