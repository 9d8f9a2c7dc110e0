package structure

// Span is a byte range [Start, End) of an item's text, such as the evidence
// span of a catalog match.
type Span struct{ Start, End int }

// Candidate is a chemical-looking span of item text that no catalog match
// covers: the text worth sending to the resolver.
type Candidate struct {
	Start, End int    // byte offsets in the original text
	Query      string // Normalize(text[Start:End])
}

// maxCandidates bounds the candidates taken from one text.
const maxCandidates = 4

// maxWord is the prefix of a word the classifier looks at.
const maxWord = 128

// wordKind grades one whitespace-separated word.
type wordKind uint8

const (
	wordOther  wordKind = iota // ends a chemical span: cargo words, purity, quantities, packaging
	wordWeak                   // one morpheme: joins a name inside a span, dropped at its edges ("polypropylene bags")
	wordClass                  // a class word that belongs to names at any place ("ethyl", "acid", "sodium")
	wordStrong                 // systematic nomenclature: a locant or brackets with a morpheme, or two morphemes
)

// Candidates appends to dst the spans of text that read like systematic
// chemical names (nomenclature morphemes, locants, brackets) and that no
// span in resolved covers entirely, and returns the extended slice. Words
// that are not chemical (purity such as "99%", quantities, packaging, grade)
// end a span, so they are never sent. A span is kept only if at least one of
// its words is strongly systematic; a resolved span that covers only part of
// a candidate (the catalogued core inside a larger derivative name) does not
// suppress it. It allocates only for the candidates it returns.
func Candidates(dst []Candidate, text string, resolved []Span) []Candidate {
	if !anyStrong(text) {
		return dst // ordinary cargo text: one cheap pass
	}
	// A span runs from the first to the last word that is strong or a class
	// word; weak words count only between them.
	spanStart, spanEnd, strong := -1, -1, false
	flush := func() {
		if strong && len(dst) < maxCandidates && !covered(spanStart, spanEnd, resolved) {
			if q := Normalize(text[spanStart:spanEnd]); q != "" && len(q) <= MaxQueryLen {
				dst = append(dst, Candidate{Start: spanStart, End: spanEnd, Query: q})
			}
		}
		spanStart, strong = -1, false
	}
	for i := 0; i < len(text); {
		ws, we := nextWord(text, i)
		if ws < 0 {
			break
		}
		i = we
		cs, ce, breakBefore, breakAfter := trimWord(text, ws, we)
		if breakBefore {
			flush()
		}
		kind := classifyWord(text[cs:ce])
		if kind == wordOther {
			flush()
			continue
		}
		if breakAfter == ',' && continuesInverted(text, we) {
			breakAfter = 0
		}
		if kind != wordWeak {
			if spanStart < 0 {
				spanStart = cs
			}
			spanEnd = ce
		}
		strong = strong || kind == wordStrong
		if breakAfter != 0 {
			flush()
		}
	}
	flush()
	return dst
}

// anyStrong reports whether text has a strongly systematic word, without
// grading the others: morphemes are counted only in words that carry a
// locant or a bracket (one morpheme makes them strong) and in words long
// enough to hold two morphemes. Most cargo words are neither, and are
// passed over in the same pass that finds them: a locant needs a '-' or
// ',', a bracket a '(' or '['; a word without any of them that is shorter
// than minTwoMorphemes is not looked at again (BenchmarkAnyStrong: about
// 78 against 116 ns of CPU per traffic item for the plain form, which
// trims and checks every word; TestAnyStrongFastPath and FuzzAnyStrong
// compare the two).
func anyStrong(text string) bool {
	start, marked := -1, false
	for i := 0; i <= len(text); i++ {
		c := byte(' ')
		if i < len(text) {
			c = text[i]
		}
		switch scanClasses[c] {
		case scanSpace:
			if start >= 0 && (marked || i-start >= minTwoMorphemes) && strongWord(text, start, i) {
				return true
			}
			start, marked = -1, false
			continue
		case scanMark:
			marked = true
		}
		if start < 0 {
			start = i
		}
	}
	return false
}

// Byte classes of anyStrong's scan: word separators (isSpace), the bytes
// a locant or bracket needs, and the rest.
const (
	scanOther = iota
	scanSpace
	scanMark
)

var scanClasses = func() (t [256]uint8) {
	for c := range t {
		switch {
		case isSpace(byte(c)):
			t[c] = scanSpace
		case c == '-' || c == ',' || c == '(' || c == '[':
			t[c] = scanMark
		}
	}
	return t
}()

// strongWord reports whether text[ws:we], trimmed, is strongly systematic
// (classifyWord's wordStrong, without grading it further).
func strongWord(text string, ws, we int) bool {
	cs, ce, _, _ := trimWord(text, ws, we)
	w := text[cs:ce]
	if len(w) < minTwoMorphemes && !hasLocant(w) && !hasBracket(w) {
		return false
	}
	w, m := wordMorphemes(w)
	return strong(w, m)
}

// minTwoMorphemes is the shortest word checked for two morphemes without a
// locant or bracket. Shorter pairs exist ("oxobutyl") but such a word is
// never the only systematic word of a name worth resolving.
const minTwoMorphemes = 9

// covered reports whether one resolved span contains [start, end).
func covered(start, end int, resolved []Span) bool {
	for _, r := range resolved {
		if r.Start <= start && r.End >= end {
			return true
		}
	}
	return false
}

// nextWord returns the bounds of the next whitespace-separated word at or
// after i, or -1 if there is none.
func nextWord(text string, i int) (int, int) {
	for i < len(text) && isSpace(text[i]) {
		i++
	}
	if i == len(text) {
		return -1, -1
	}
	j := i
	for j < len(text) && !isSpace(text[j]) {
		j++
	}
	return i, j
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '|' || c == '/'
}

// trimWord strips edge punctuation from text[ws:we]. breakBefore is set when
// the word opens a bracket it does not close (a parenthetical aside
// begins); breakAfter is the punctuation that ends the span after this word
// (',', ';', ':', '.' or an unmatched closing bracket), or 0.
func trimWord(text string, ws, we int) (cs, ce int, breakBefore bool, breakAfter byte) {
	cs, ce = ws, we
	if aside(text[ws:we]) {
		return ws + 1, we - 1, true, ')'
	}
	for ce > cs {
		c := text[ce-1]
		switch {
		case c == ',' || c == ';' || c == ':' || c == '"':
			breakAfter = c
		case c == '.' && ce-cs > 1 && !isDigit(text[ce-2]):
			breakAfter = c
		case (c == ')' || c == ']') && depth(text[cs:ce]) < 0:
			breakAfter = c
		default:
			goto left
		}
		ce--
	}
left:
	for cs < ce {
		c := text[cs]
		switch {
		case c == '"':
		case (c == '(' || c == '[') && depth(text[cs:ce]) > 0:
			breakBefore = true
		default:
			return cs, ce, breakBefore, breakAfter
		}
		cs++
	}
	return cs, ce, breakBefore, breakAfter
}

// aside reports whether the word is one parenthesised word, "(benzenamine)":
// a synonym or an abbreviation beside a name, not part of it.
func aside(w string) bool {
	if len(w) < 3 || w[0] != '(' || w[len(w)-1] != ')' {
		return false
	}
	d := 0
	for i := 0; i < len(w)-1; i++ {
		switch w[i] {
		case '(':
			d++
		case ')':
			d--
		}
		if d == 0 {
			return false // the first bracket closes before the end: "(2-bromoethyl)benzene)"
		}
	}
	return d == 1
}

// depth returns opening minus closing brackets of s.
func depth(s string) int {
	d := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[':
			d++
		case ')', ']':
			d--
		}
	}
	return d
}

// continuesInverted reports whether the word after a comma at position i is
// the substituent part of a CAS index name ("4-Piperidinone, 1-(2-phenylethyl)-"):
// it starts with a locant and ends with a hyphen.
func continuesInverted(text string, i int) bool {
	ws, we := nextWord(text, i)
	if ws < 0 || we-ws < 3 {
		return false
	}
	w := text[ws:we]
	w = trimRight(w, ",;.")
	return len(w) > 2 && w[len(w)-1] == '-' && (isDigit(w[0]) || (isLetter(w[0]) && (w[1] == '-' || w[1] == ',')))
}

func trimRight(s, cut string) string {
	for len(s) > 0 {
		found := false
		for i := 0; i < len(cut); i++ {
			if s[len(s)-1] == cut[i] {
				found = true
			}
		}
		if !found {
			break
		}
		s = s[:len(s)-1]
	}
	return s
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// classifyWord grades one trimmed word.
func classifyWord(w string) wordKind {
	w, m := wordMorphemes(w)
	switch {
	case m < 0:
		return wordOther
	case strong(w, m):
		return wordStrong
	case isClassWord(w):
		return wordClass
	case m == 1:
		return wordWeak
	}
	return wordOther
}

// wordMorphemes returns the part of a trimmed word the classifier reads and
// its number of distinct morphemes, or -1 for a word of fewer than three
// letters: numbers, purity ("99.5%"), CAS and HS codes, sizes.
func wordMorphemes(w string) (string, int) {
	if len(w) < 3 {
		return w, -1
	}
	if len(w) > maxWord {
		w = w[:maxWord]
	}
	letters := 0
	for i := 0; i < len(w) && letters < 3; i++ {
		if isLetter(w[i]) {
			letters++
		}
	}
	if letters < 3 {
		return w, -1
	}
	return w, morphemes.count(w)
}

// strong reports whether a word with m morphemes is strongly systematic:
// two morphemes, or one with a locant or brackets.
func strong(w string, m int) bool {
	return m >= 2 || m == 1 && (hasLocant(w) || hasBracket(w))
}

// hasLocant reports whether w carries a nomenclature locant: a digit
// followed by '-' or ',' and a digit ("4-", "2,3-"), or a leading letter
// locant ("N-", "N,N-", "o-", "alpha-", "α-").
func hasLocant(w string) bool {
	for i := 0; i+1 < len(w); i++ {
		if isDigit(w[i]) && (w[i+1] == '-' || (w[i+1] == ',' && i+2 < len(w) && isDigit(w[i+2]))) {
			return true
		}
	}
	if len(w) > 2 && isLetter(w[0]) && (w[1] == '-' || (w[1] == ',' && isLetter(w[2]))) {
		return true
	}
	return len(w) > 6 && (w[:6] == "alpha-" || w[:5] == "beta-") || len(w) > 3 && w[:3] == "α-"
}

func hasBracket(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] == '(' || w[i] == '[' {
			return true
		}
	}
	return false
}
