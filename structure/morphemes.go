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
	"n-butyl", "isobutyl", "pentyl", "hexyl", "allyl",
}

// morphemeIndex finds morphemes by their first byte.
type morphemeIndex struct {
	byFirst [128][]morphemeRef
}

type morphemeRef struct {
	second byte // the morpheme's second byte, checked before the rest
	id     uint16
	text   string
}

func newMorphemeIndex(list []string) *morphemeIndex {
	ix := &morphemeIndex{}
	for i, m := range list {
		ix.byFirst[m[0]] = append(ix.byFirst[m[0]], morphemeRef{second: m[1], id: uint16(i), text: m})
	}
	return ix
}

// count returns the number of distinct morphemes in the lower-case word w,
// scanning left to right and taking the longest morpheme at each position,
// so "dimethyl" counts once, not as "dimethyl" and "methyl" (at most 8 are
// told apart; more count as 8).
func (ix *morphemeIndex) count(w []byte) int {
	var seen [8]uint16
	n := 0
	for i := 0; i+1 < len(w); {
		a := w[i]
		if a >= 128 {
			i++
			continue
		}
		best, bestLen := uint16(0), 0
		for _, r := range ix.byFirst[a] {
			if r.second != w[i+1] || len(r.text) > len(w)-i || len(r.text) <= bestLen {
				continue
			}
			if string(w[i:i+len(r.text)]) == r.text {
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

func containsID(ids []uint16, id uint16) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

var (
	morphemes = newMorphemeIndex(morphemeList)
	classSet  = func() map[string]bool {
		m := make(map[string]bool, len(classWords))
		for _, w := range classWords {
			m[w] = true
		}
		return m
	}()
)
