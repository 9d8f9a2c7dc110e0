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
// Each span is appended once, however many matches share it.
//
// What the matcher reached by generalising does not count, because the
// structure says more than the match: a name match of another spelling
// (an N-substituent rewritten to the catalogued parent:
// "N-phenyl-1-(1-phenylpropan-2-yl)piperidin-4-amine" matches 4-ap, an ANPP
// analogue), and every family-level identity (Match.FamilyLevel): a
// relative ("benzyl 4-anilinopiperidine-1-carboxylate", a carbamate of
// 4-AP that is no entry) or a name several entries of a family share.
// Their spans still go to the resolver.
func ResolvedSpans(dst []Span, res chemicals.Result) []Span {
	n := len(dst)
	for _, m := range res.Matches {
		if m.Field != chemicals.FieldDescription || m.FamilyLevel() {
			continue
		}
		if m.Method != chemicals.MethodName || namedExactly(m.Entry, m.Text) {
			dst = appendSpan(dst, n, Span{m.Start, m.End})
		}
	}
	return dst
}

// appendSpan appends s to dst unless dst[from:] already holds it.
func appendSpan(dst []Span, from int, s Span) []Span {
	for _, d := range dst[from:] {
		if d == s {
			return dst
		}
	}
	return append(dst, s)
}

// namedExactly reports whether text is one of e's names (catalog names,
// synonyms, abbreviations, curated and generated names), any case, alone
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
	for _, n := range e.Names {
		if isName(text, n.Text) {
			return true
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
