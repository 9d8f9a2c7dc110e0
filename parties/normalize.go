package parties

import (
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/mozillazg/go-pinyin"
	"github.com/mozillazg/go-unidecode/table"
)

// normalizer turns a name into canonical tokens: lower-case ASCII after
// transliteration (Han characters to their Mandarin pinyin through
// go-pinyin's dictionary, one syllable a character; every other script,
// Cyrillic, Greek, kana, accented Latin, through unidecode's tables),
// punctuation as word breaks,
// dotted initials joined ("S.A." -> "sa", "G.S.K." -> "gsk"), legal forms
// removed, spellings made canonical ("Biotechnology" -> "bio tech") and stop
// words dropped.
//
// A normalizer is scratch space, not safe for concurrent use. The tokens it
// returns are views of its buffer, valid until its next call; clone them to
// keep them.
type normalizer struct {
	w     *wordTables
	buf   []byte
	raw   []rawTok
	strs  []string
	infos []*wordInfo
	toks  []string
	class []wordClass // static class of each token in toks
	legal []string
	open  bool
	han   bool // the name held Han or kana: its syllables may be joined three at a time
}

type rawTok struct {
	start, end int
	dot        bool // followed by a full stop
}

func newNormalizer(w *wordTables) *normalizer {
	return &normalizer{w: w, buf: make([]byte, 0, 128), raw: make([]rawTok, 0, 16), strs: make([]string, 0, 16), toks: make([]string, 0, 16)}
}

// normalize returns the canonical tokens of s (views; see normalizer).
func (n *normalizer) normalize(s string) []string {
	n.buf, n.raw, n.strs, n.toks, n.legal = n.buf[:0], n.raw[:0], n.strs[:0], n.toks[:0], n.legal[:0]
	n.infos, n.class = n.infos[:0], n.class[:0]
	n.open, n.han = false, false
	if hasHan(s) {
		n.han = true
		s = n.w.replaceCJK(s)
	}
	n.appendText(s)
	n.closeTok(false)
	n.mergeInitials()
	for _, r := range n.raw {
		t := unsafe.String(&n.buf[r.start], r.end-r.start)
		n.strs, n.infos = append(n.strs, t), append(n.infos, n.w.info[t])
	}
	strs, infos := n.w.stripLegal(n.strs, n.infos, &n.legal)
	for i, t := range strs {
		wi := infos[i]
		switch {
		case wi == nil:
			n.toks, n.class = append(n.toks, t), append(n.class, className)
		case wi.canon != nil:
			for _, c := range wi.canon {
				n.toks, n.class = append(n.toks, c), append(n.class, n.w.info[c].classOr(className))
			}
		case wi.stop && len(strs) > 1:
			// dropped
		default:
			n.toks, n.class = append(n.toks, t), append(n.class, wi.class)
		}
	}
	return n.toks
}

// classOr is the word's class, or c for a word the lists do not hold.
func (wi *wordInfo) classOr(c wordClass) wordClass {
	if wi == nil {
		return c
	}
	return wi.class
}

func (n *normalizer) appendText(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n.appendByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '’', 'ʼ', '‘', 'ʻ':
			continue // apostrophes join: O’Brien = obrien
		case '·', '・':
			n.closeTok(false)
			continue
		}
		if py, ok := pinyin.PinyinDict[int(r)]; ok && r >= 0x3400 {
			// Han: the first Mandarin reading, one syllable per
			// character; its tone marks go through unidecode below.
			if k := strings.IndexByte(py, ','); k >= 0 {
				py = py[:k]
			}
			n.closeTok(false)
			n.appendText(py)
			n.closeTok(false)
			continue
		}
		if tb, ok := table.Tables[r>>8]; ok && int(r&0xff) < len(tb) {
			for _, b := range []byte(tb[r&0xff]) {
				n.appendByte(b)
			}
			continue
		}
		n.closeTok(false)
	}
}

func (n *normalizer) appendByte(c byte) {
	switch {
	case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
	case c >= 'A' && c <= 'Z':
		c += 'a' - 'A'
	case c == '\'' || c == '`':
		return
	case c == '.':
		n.closeTok(true)
		return
	default:
		n.closeTok(false)
		return
	}
	if !n.open {
		n.raw = append(n.raw, rawTok{start: len(n.buf)})
		n.open = true
	}
	n.buf = append(n.buf, c)
}

func (n *normalizer) closeTok(dot bool) {
	if !n.open {
		return
	}
	r := &n.raw[len(n.raw)-1]
	r.end, r.dot, n.open = len(n.buf), dot, false
}

// mergeInitials joins runs of dotted single letters into one token:
// "S.A." -> "sa", "G.S.K." -> "gsk". Adjacent tokens are contiguous in
// buf, so joining is widening a span.
func (n *normalizer) mergeInitials() {
	out := n.raw[:0]
	for i := 0; i < len(n.raw); {
		j := i
		for j < len(n.raw) && n.raw[j].end-n.raw[j].start == 1 && (n.raw[j].dot || j > i) {
			j++
			if !n.raw[j-1].dot {
				break
			}
		}
		if j-i >= 2 {
			out = append(out, rawTok{start: n.raw[i].start, end: n.raw[j-1].end})
			i = j
			continue
		}
		out = append(out, n.raw[i])
		i++
	}
	n.raw = out
}

// stripLegal removes legal-form designations: from the end, then from the
// start, then, for forms that are never part of a name, anywhere. A name
// that is nothing but a legal form keeps its words. infos[i] is the word
// information of toks[i]; both are returned trimmed alike.
func (w *wordTables) stripLegal(toks []string, infos []*wordInfo, removed *[]string) ([]string, []*wordInfo) {
	origT, origI := toks, infos
	for len(toks) > 0 {
		k := legalEndingAt(toks, infos)
		if k == 0 {
			break
		}
		*removed = append(*removed, toks[len(toks)-k:]...)
		toks, infos = toks[:len(toks)-k], infos[:len(infos)-k]
	}
	for len(toks) > 0 {
		f, ok := legalAt(toks, infos, 0)
		if !ok {
			break
		}
		*removed = append(*removed, toks[:len(f.toks)]...)
		toks, infos = toks[len(f.toks):], infos[len(f.toks):]
	}
	for i := 1; i < len(toks)-1; i++ {
		if f, ok := legalAt(toks, infos, i); ok && !f.edge {
			*removed = append(*removed, toks[i:i+len(f.toks)]...)
			k := i + len(f.toks)
			toks = append(toks[:i:i], toks[k:]...) // copies: never writes into the caller's slice
			infos = append(infos[:i:i], infos[k:]...)
			i--
		}
	}
	if len(toks) == 0 {
		*removed = (*removed)[:0]
		return origT, origI
	}
	return toks, infos
}

// legalAt returns the longest legal form starting at toks[i].
func legalAt(toks []string, infos []*wordInfo, i int) (legalForm, bool) {
	if infos[i] == nil {
		return legalForm{}, false
	}
	for _, f := range infos[i].legal {
		if i+len(f.toks) <= len(toks) && equalToks(toks[i:i+len(f.toks)], f.toks) {
			return f, true
		}
	}
	return legalForm{}, false
}

// legalEndingAt returns the length of the longest legal form that ends
// the tokens, or 0.
func legalEndingAt(toks []string, infos []*wordInfo) int {
	best := 0
	for i := len(toks) - 1; i >= 0 && len(toks)-i <= 6; i-- {
		if f, ok := legalAt(toks, infos, i); ok && i+len(f.toks) == len(toks) {
			best = len(f.toks)
		}
	}
	return best
}

func equalToks(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// hasHan reports whether s holds Han characters or Japanese kana.
func hasHan(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xe3 && s[i] <= 0xe9 { // lead bytes of U+3000..U+9FFF
			for _, r := range s {
				if isHan(r) {
					return true
				}
			}
			return false
		}
	}
	return false
}

func isHan(r rune) bool {
	return (r >= 0x3040 && r <= 0x30ff) || (r >= 0x3400 && r <= 0x9fff) || (r >= 0xf900 && r <= 0xfaff)
}

// replaceCJK replaces Han-script legal forms and business words before
// transliteration (see words/cjk.txt).
func (w *wordTables) replaceCJK(s string) string {
	for _, p := range w.cjk {
		if strings.Contains(s, p.from) {
			s = strings.ReplaceAll(s, p.from, p.to)
		}
	}
	return s
}
