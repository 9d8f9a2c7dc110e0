package chemicals

import (
	"testing"
	"unicode/utf8"
)

// FuzzMatch feeds arbitrary descriptions, CAS fields and HS codes to the
// matcher: it must not panic, spans must lie inside the field they name and
// Text must be exactly that substring.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{
		"N-Phenethyl-4-piperidone 99% powder", "1-(2-phenylethyl)-4-piperidinone", "CAS#23056–29–3",
		"4-AP (4-aminopyridine)", "(1R,2S)-(−)-ephedrine HCl", "α-phenylacetoacetamide", "Ｎ－ＰＰ",
		"norfentanyl 1609-66-5", "pseudoephedrin", "4-anilinopiperdine 2HCl", "NPK 15-15-15", "a-",
		"piperidin-4-one", "1-", "N-", "(", "(±", "tert-", "4-4-4-4", "\xff\xfe", "phenylacetic acd",
		"Butanoic acid, 3-oxo-2-phenyl-, methyl ester", "4-Piperidinamine, N-phenyl-", ", -, -", "a, b-",
		"methyl 3-(benzo[d][1,3]dioxol-5-yl)-2-methyloxirane-2-carboxylate", "benzo[a]", "benzo[d][1,2,3,4",
		"1,1-dimethylethyl ester", "N-phenypliperidin-4-amine", "hpenylacetic", "sodium phenylacetate",
	} {
		f.Add(s, "", "2933")
	}
	f.Add("industrial chemical", "23056293", "")
	f.Add("", "39742 60 4", "293337")
	m, _ := defaultMatcher(f)
	f.Fuzz(func(t *testing.T, desc, cas, hs string) {
		r := m.Match(Item{Description: desc, CAS: cas, HSCode: hs})
		field := func(fl Field) string {
			if fl == FieldCAS {
				return cas
			}
			return desc
		}
		for _, mt := range r.Matches {
			s := field(mt.Field)
			if mt.Start < 0 || mt.End > len(s) || mt.Start > mt.End {
				t.Fatalf("match %s span [%d,%d) outside %q", mt.Entry.ID, mt.Start, mt.End, s)
			}
			if mt.Text != s[mt.Start:mt.End] {
				t.Fatalf("match %s Text %q != %q", mt.Entry.ID, mt.Text, s[mt.Start:mt.End])
			}
			if mt.Confidence <= 0 || mt.Confidence > 1 {
				t.Fatalf("match %s confidence %v", mt.Entry.ID, mt.Confidence)
			}
			if a, b := balanceSpan(s, mt.Start, mt.End); mt.Method != MethodCAS && (a != mt.Start || b != mt.End) {
				t.Fatalf("match %s Text %q leaves out the bracket at [%d,%d) of %q", mt.Entry.ID, mt.Text, a, b, s)
			}
			if utf8.ValidString(s) && !utf8.ValidString(mt.Text) {
				t.Fatalf("match %s Text %q cuts a UTF-8 sequence of %q", mt.Entry.ID, mt.Text, s)
			}
		}
		for _, c := range r.InvalidCAS {
			s := field(c.Field)
			if c.Start < 0 || c.End > len(s) || c.Start > c.End || c.Text != s[c.Start:c.End] {
				t.Fatalf("CAS finding %q span [%d,%d) wrong in %q", c.Text, c.Start, c.End, s)
			}
		}
	})
}
