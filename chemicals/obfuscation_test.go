package chemicals

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestObfuscation: each trick is seen through and recorded.
func TestObfuscation(t *testing.T) {
	tests := []struct {
		desc, id string
		want     Obfuscation
	}{
		{"N-phenethyl-4-pip\u0435ridone", "npp", ObfHomoglyph},                 // Cyrillic е
		{"\u0392\u039c\u039a glycidate", "bmk-methyl-glycidate", ObfHomoglyph}, // Greek capitals
		{"P2\u0420 oil 99%", "p2p", ObfHomoglyph},                              // Cyrillic Р glued to a digit
		{"\U0001d41a\U0001d427\U0001d422\U0001d425\U0001d422\U0001d427\U0001d41e", "aniline", ObfHomoglyph},
		{"phenylacet\u200bone", "p2p", ObfInvisible},
		{"\u2066ephedrine\u2069", "ephedrine", ObfInvisible},
		{"pseudo\u00adephedrine", "pseudoephedrine", ObfInvisible},
		{"n o r e p h e d r i n e", "norephedrine", ObfSpacing},
		{"a.n.i.l.i.n.e", "aniline", ObfSpacing},
		{"benzyl_cyanide", "benzyl-cyanide", ObfSpacing},
		{"n1troethane", "nitroethane", ObfLeet},
		{"benzaldehyd3", "benzaldehyde", ObfLeet},
		{"phenyl4cet1c acid", "phenylacetic-acid", ObfLeet},
		{"m\u0435th\u200by1amine", "methylamine", ObfHomoglyph | ObfInvisible | ObfLeet},
	}
	m, _ := defaultMatcher(t)
	for _, tt := range tests {
		r := m.Match(Item{Description: tt.desc})
		mt, ok := resolves(r, tt.id)
		if !ok || mt.Obfuscation != tt.want {
			t.Errorf("%q: got%s obfuscation %q, want %s with %q", tt.desc, describe(r), mt.Obfuscation, tt.id, tt.want)
		}
	}
}

// TestPlainTextHasNoTricks: ordinary names record no obfuscation, and a
// leading locant or a quantity is never read as a letter.
func TestPlainTextHasNoTricks(t *testing.T) {
	m, _ := defaultMatcher(t)
	for _, row := range readTSV(t, "testdata/positives.tsv", 5) {
		desc := row.fields[2]
		if strings.ContainsFunc(desc, func(r rune) bool { return r >= utf8.RuneSelf || r == '_' }) {
			continue
		}
		for _, mt := range m.Match(Item{Description: desc, HSCode: row.fields[3], CAS: row.fields[4]}).Matches {
			if mt.Obfuscation != 0 {
				t.Errorf("positives.tsv:%d: %q: %s recorded obfuscation %q", row.line, desc, mt.Entry.ID, mt.Obfuscation)
			}
		}
	}
	for _, s := range []string{"4AP intermediate 99%", "1-boc-4-AP 98%", "C10H15NO", "5kg drums", "2HCl", "4-ANPP"} {
		for _, mt := range m.Match(Item{Description: s}).Matches {
			if mt.Obfuscation.Has(ObfLeet) {
				t.Errorf("%q: %s read as leetspeak", s, mt.Entry.ID)
			}
		}
	}
}

// TestTrickWrongIdentity: a trick must not turn one chemical into another.
// A Greek omicron in norfentanyl used to split it into "n" and
// "rfentanyl", which was read as fentanyl misspelt.
func TestTrickWrongIdentity(t *testing.T) {
	m, _ := defaultMatcher(t)
	for _, tt := range []struct{ desc, want, not string }{
		{"n\u03bfrfentanyl", "norfentanyl", "fentanyl"},
		{"N\u03bfrfentanyl HCl", "norfentanyl", "fentanyl"},
		{"n\u0e01rfentanyl", "", "fentanyl"}, // a Thai letter, no Latin look-alike: a lost "o" is no typo of "nor"
		{"n\u03bfrephedrine", "norephedrine", "ephedrine"},
		{"pseud\u03bfephedrine", "pseudoephedrine", "ephedrine"},
	} {
		r := m.Match(Item{Description: tt.desc})
		if _, ok := resolves(r, tt.want); !ok && tt.want != "" {
			t.Errorf("%q: not %s:%s", tt.desc, tt.want, describe(r))
		}
		if mt, bad := resolves(r, tt.not); bad {
			t.Errorf("%q: read as %s by %s (%.2f)", tt.desc, tt.not, mt.Method, mt.Confidence)
		}
	}
}

// FuzzTricks: a name disguised by invisible characters or homoglyphs
// resolves to what the plain text resolves to, and plain ASCII text records
// no homoglyph or invisible trick.
func FuzzTricks(f *testing.F) {
	for _, s := range []string{"N-phenethyl-4-piperidone 99%", "phenylacetic acid", "ephedrine HCl", "cotton shirts",
		"4-anilinopiperidine", "BMK methyl glycidate", "acetone 99.5%", "norfentanyl"} {
		f.Add(s)
	}
	m, _ := defaultMatcher(f)
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 200 || strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf || r < ' ' }) {
			return
		}
		plain := m.Match(Item{Description: s})
		for _, mt := range plain.Matches {
			if mt.Obfuscation&(ObfHomoglyph|ObfInvisible) != 0 {
				t.Fatalf("%q: plain text recorded %q", s, mt.Obfuscation)
			}
			if mt.Obfuscation != 0 {
				return // tricks of its own (letter-spacing, digits): combinations are not compared
			}
		}
		for _, disguise := range []func(string) string{zeroWidthInWords, cyrillicInWords} {
			d := disguise(s)
			if got, want := confidentIDs(m.Match(Item{Description: d})), confidentIDs(plain); got != want {
				t.Fatalf("%q disguised as %q: %s, plain %s", s, d, got, want)
			}
		}
	})
}

// zeroWidthInWords puts a zero-width space after the second letter of
// every word of five or more letters.
func zeroWidthInWords(s string) string {
	return mapWords(s, func(w string) string { return w[:2] + "\u200b" + w[2:] })
}

// cyrillicInWords writes the Latin a, e, o and p of words of five or more
// letters in Cyrillic, keeping the word's first letter Latin.
func cyrillicInWords(s string) string {
	return mapWords(s, func(w string) string {
		return w[:1] + strings.NewReplacer("a", "\u0430", "e", "\u0435", "o", "\u043e", "p", "\u0440").Replace(w[1:])
	})
}

func mapWords(s string, f func(string) string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
			j++
		}
		if j-i >= 5 && (i == 0 || !unicode.IsLetter(rune(s[i-1])) && !isDigit(s[i-1])) && (j == len(s) || !isDigit(s[j])) {
			b.WriteString(f(s[i:j]))
			i = j
			continue
		}
		if j == i {
			j++
		}
		b.WriteString(s[i:j])
		i = j
	}
	return b.String()
}

// confidentIDs lists the entries found at 0.5 or more, by method.
func confidentIDs(r Result) string {
	var ids []string
	for _, mt := range r.Matches {
		if mt.Confidence >= 0.5 && mt.Field == FieldDescription {
			ids = append(ids, mt.Entry.ID)
		}
	}
	return strings.Join(ids, ",")
}
