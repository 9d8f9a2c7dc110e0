package structure

import (
	"strings"

	"github.com/precursorwatch/precursor/chemicals"
)

// ResolvedSpans appends to dst the description spans of a matcher result
// that the catalog resolved exactly, for Candidates: matches by CAS number
// or abbreviation, misspellings (fuzzy: the resolver reads only exact
// spellings, so sending them gains nothing), and name matches whose text is
// one of the entry's names as written, any case, possibly followed by the
// salt words the matcher's span takes in ("4-piperidone HCl monohydrate").
// A name match the matcher reached by generalising (another ester, an
// N-substituent rewritten to the catalogued parent) does not count:
// "benzyl 4-anilinopiperidine-1-carboxylate" matches the entry boc-4-ap, and
// "N-phenyl-1-(1-phenylpropan-2-yl)piperidin-4-amine" the entry 4-ap, but
// their structures say more (another carbamate; an ANPP analogue), so their
// spans still go to the resolver.
func ResolvedSpans(dst []Span, res chemicals.Result) []Span {
	for _, m := range res.Matches {
		if m.Field != chemicals.FieldDescription {
			continue
		}
		if m.Method != chemicals.MethodName || namedExactly(m.Entry, m.Text) {
			dst = append(dst, Span{m.Start, m.End})
		}
	}
	return dst
}

// namedExactly reports whether text is one of e's names, any case, alone
// or followed by a space and more words (the salt words of the span).
func namedExactly(e *chemicals.Entry, text string) bool {
	if isName(text, e.Name) || isName(text, e.IUPAC) {
		return true
	}
	for _, list := range [][]string{e.Synonyms, e.Abbreviations} {
		for _, n := range list {
			if isName(text, n) {
				return true
			}
		}
	}
	return false
}

func isName(text, name string) bool {
	if name == "" || len(text) < len(name) || !strings.EqualFold(text[:len(name)], name) {
		return false
	}
	return len(text) == len(name) || text[len(name)] == ' '
}
