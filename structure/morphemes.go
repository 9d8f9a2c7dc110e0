package structure

// The vocabulary of the classifier: fragments of systematic nomenclature
// that ordinary cargo text does not contain. Fragments are matched anywhere
// inside a word, lower-cased; each distinct fragment found counts once. The
// list favours long, specific fragments: "yl" or "one" alone would fire on
// "nylon" and "phone".
var morphemeList = []string{
	// substituent and parent stems
	"methyl", "ethyl", "propyl", "butyl", "pentyl", "hexyl", "heptyl", "octyl", "phenyl", "benzyl",
	"phenethyl", "tolyl", "xylyl", "naphth", "allyl", "vinyl", "isopropyl",
	"acetyl", "propionyl", "propanoyl", "butanoyl", "butyryl", "benzoyl", "formyl", "carbonyl",
	"carboxy", "carbox", "carbamat", "carbamo", "amino", "anilin", "anilid", "amido", "imido",
	"amine", "amide", "imine", "imide", "hydroxy", "methoxy", "ethoxy", "butoxy", "phenoxy",
	"oxo", "chloro", "bromo", "fluoro", "iodo", "nitro", "cyano", "nitrile", "thio", "sulfon",
	"sulfanyl", "mercapto", "trifluoro", "dimethyl", "diethyl", "piperid", "piperaz", "pyrid",
	"pyrrol", "morpholin", "furan", "thiophen", "oxiran", "epoxy", "glycid", "dioxol", "dioxa",
	"benzodiox", "acetoacet", "acetamid", "malon", "propanedio", "oxirane", "azaspiro", "spiro[",
	"cyclohex", "cyclopent", "cycloprop", "indol", "quinolin", "imidazol", "triazol", "oxazol",
	"thiazol", "fluoren", "azepan", "azetidin", "pyrazol", "pyran", "oxolan", "oxan",
	// endings of systematic names
	"anoate", "enoate", "anoic", "enoic", "anoyl", "anamide", "anamine", "anenitrile", "anone",
	"anol", "an-1-", "an-2-", "-1-yl", "-2-yl", "-3-yl", "-4-yl", "-5-yl", "ylamino", "ylmethyl",
	"ylidene", "ylethyl", "yl)", "yl]", "oxy)", "carboxylate", "carboxylic",
	// protecting groups and trade abbreviations that name groups
	"boc", "fmoc", "cbz", "alloc", "troc", "tert-", "sec-",
}

// classWords are whole words that continue a chemical name without being
// systematic on their own ("2-methyl-3-phenylglycidic acid ethyl ester").
var classWords = []string{
	"acid", "ester", "salt", "amide", "anhydride", "hydrate", "monohydrate", "dihydrate",
	"hydrochloride", "dihydrochloride", "hydrobromide", "sulfate", "sulphate", "phosphate",
	"nitrate", "acetate", "chloride", "bromide", "iodide", "oxide", "carbonate", "citrate",
	"tartrate", "oxalate", "sodium", "potassium", "lithium", "calcium", "magnesium", "ammonium",
	"methyl", "ethyl", "propyl", "butyl", "isopropyl", "benzyl", "phenyl", "tert-butyl", "sec-butyl",
	"n-butyl", "isobutyl", "pentyl", "hexyl", "heptyl", "octyl", "allyl", "cyclohexyl", "vinyl",
	"dimethyl", "diethyl", "dipropyl", "dibutyl", "diisopropyl", "dibenzyl",
}

// morphemeIndex finds morphemes by the class of their first two bytes (a
// letter, case-folded, or "other"). The morphemes are sorted by that pair;
// start[k]..start[k+1] are those of pair k, so most positions of ordinary
// words cost two loads from a 1.5 KB table and no comparison.
type morphemeIndex struct {
	start [27*27 + 1]uint16
	refs  []morphemeRef
}

type morphemeRef struct {
	id   uint16
	text string
}

func newMorphemeIndex(list []string) *morphemeIndex {
	ix := &morphemeIndex{}
	var byKey [27 * 27][]morphemeRef
	for i, m := range list {
		k := pairKey(m[0], m[1])
		byKey[k] = append(byKey[k], morphemeRef{id: uint16(i), text: m})
	}
	for k := range byKey {
		ix.start[k] = uint16(len(ix.refs))
		ix.refs = append(ix.refs, byKey[k]...)
	}
	ix.start[len(byKey)] = uint16(len(ix.refs))
	return ix
}

// byteClasses maps a byte to 0..25 for a letter (either case), 26 otherwise.
var byteClasses = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= 'a' && c <= 'z':
			t[c] = uint8(c - 'a')
		case c >= 'A' && c <= 'Z':
			t[c] = uint8(c - 'A')
		default:
			t[c] = 26
		}
	}
	return t
}()

// pairKey indexes two bytes by class.
func pairKey(a, b byte) int {
	return int(byteClasses[a])*27 + int(byteClasses[b])
}

func byteClass(c byte) int { return int(byteClasses[c]) }

// count returns the number of distinct morphemes in w (any case), scanning
// left to right and taking the longest morpheme at each position, so
// "dimethyl" counts once, not as "dimethyl" and "methyl" (at most 8 are
// told apart; more count as 8).
func (ix *morphemeIndex) count(w string) int {
	var seen [8]uint16
	n := 0
	for i := 0; i+1 < len(w); {
		k := pairKey(w[i], w[i+1])
		lo, hi := ix.start[k], ix.start[k+1]
		if lo == hi {
			i++
			continue
		}
		best, bestLen := uint16(0), 0
		for _, r := range ix.refs[lo:hi] {
			if len(r.text) > bestLen && hasPrefixFold(w[i:], r.text) {
				best, bestLen = r.id, len(r.text)
			}
		}
		if bestLen == 0 {
			i++
			continue
		}
		if n < len(seen) && !containsID(seen[:n], best) {
			seen[n] = best
			n++
		}
		i += bestLen
	}
	return n
}

// hasPrefixFold reports whether s starts with the lower-case prefix, ASCII
// letters of s compared case-insensitively.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for j := 0; j < len(prefix); j++ {
		c := s[j]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[j] {
			return false
		}
	}
	return true
}

func containsID(ids []uint16, id uint16) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// isClassWord reports whether w (any case) is one of classWords. A table of
// (first letter, length) pairs answers most words before any hashing.
func isClassWord(w string) bool {
	var buf [maxClassWord]byte
	if len(w) > len(buf) || !classShape[byteClass(w[0])][len(w)] {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return classSet[string(buf[:len(w)])]
}

// maxClassWord is the length of the longest class word.
const maxClassWord = 16

var (
	morphemes = newMorphemeIndex(morphemeList)
	classSet  = func() map[string]bool {
		m := make(map[string]bool, len(classWords))
		for _, w := range classWords {
			m[w] = true
		}
		return m
	}()
	// classShape[first letter][length] is true if a class word has that shape.
	classShape = func() (t [27][maxClassWord + 1]bool) {
		for _, w := range classWords {
			t[byteClass(w[0])][len(w)] = true
		}
		return t
	}()
)
