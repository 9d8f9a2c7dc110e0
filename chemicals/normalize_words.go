package chemicals

import "strings"

// The word tables of the rewrite phase (normalize_rewrite.go) and the
// spellings of words it recognises in several languages.

// suffixes that move behind their stem when written "stem-4-suffix".
var movableSuffix = func() map[string]bool {
	m := map[string]bool{
		"one": true, "amine": true, "ol": true, "yl": true, "al": true,
		"carboxylic": true, "carboxylate": true, "carboxamide": true, "carbonitrile": true, "carbaldehyde": true,
	}
	// the same suffixes as Spanish, Portuguese, Italian, French and German
	// write them: piperidin-4-ona, piperidin-4-on, piperidin-4-il,
	// oxirano-2-carboxílico, piperidina-1-carboxilato
	for _, w := range [...]string{"ona", "on", "amina", "amin", "il", "ilo", "carboxilic", "carboxilico", "carboxylique",
		"carboxilate", "carboxilato", "carboxylat", "carboxamida", "carboxamid"} {
		m[w] = true
	}
	return m
}()

// wordMap unifies whole words that chemists use interchangeably.
var wordMap = map[string]string{
	"tert":             "t",
	"terc":             "t", // Spanish
	"terz":             "t", // Italian
	"piperidinona":     "piperidone",
	"piperidinon":      "piperidone",
	"piperidona":       "piperidone",
	"piperidon":        "piperidone",
	"tbu":              "tbutyl",
	"tboc":             "boc",
	"butoxycarbonyl":   "boc",
	"butyloxycarbonyl": "boc",
	"anilino":          "phenylamino",
	"piperidinone":     "piperidone",
	"piperidyl":        "piperidinyl",
	"alfa":             "alpha",
	"bu":               "butyl",
	"sulphate":         "sulfate",
}

// Quick tests for the word tables.
var (
	// prefixStarts[c] has bit d&31 set if a word of prefixMap starts with
	// c and then d (bytes that share the bit pass too: a quick test)
	prefixStarts = func() (t [256]uint32) {
		for _, p := range prefixMap {
			t[p.from[0]] |= 1 << (p.from[1] & 31)
		}
		return t
	}()
	shortestPrefix = func() int { // of prefixMap
		l := len(prefixMap[0].from)
		for _, p := range prefixMap {
			l = min(l, len(p.from))
		}
		return l
	}()
	wordMapGate = newWordGate(wordMap)
	alkylGate   = newWordGate(alkylWords)
)

var alpha = []byte("alpha")

// prefixMap rewrites the start of a word: older and newer nomenclature.
var prefixMap = [...]struct{ from, to string }{
	{"propionamide", "propanamide"},
	{"propionyl", "propanoyl"},
	{"propionil", "propanoyl"}, // Spanish, Italian, Russian transliterated
	{"propionic", "propanoic"},
	{"propionate", "propanoate"},
	{"anilino", "phenylamino"},
	{"benzeneacet", "phenylacet"},
}

// romanceStem turns the Romance ending of a ring or chain stem that takes
// a suffix ("piperidina", "oxirano", "propanona") into the English -e.
func romanceStem(w []byte) {
	if k := len(w); k >= 5 && (w[k-1] == 'a' || w[k-1] == 'o') && w[k-2] == 'n' && (w[k-3] == 'i' || w[k-3] == 'a' || w[k-3] == 'o' || w[k-3] == 'e') {
		w[k-1] = 'e'
	}
}

// splitSubstituent splits a stem such as "phenylpiperidin" after its last
// substituent prefix ("...yl"), so that "phenylpiperidin-4-amine" meets
// "phenyl-4-piperidinamine". It returns the length of the prefix, or 0.
func splitSubstituent(stem []byte) int {
	for k := len(stem) - 4; k >= 3; k-- {
		if stem[k] == 'y' && stem[k+1] == 'l' || stem[k] == 'i' && stem[k+1] == 'l' && romanceSubstituent(stem[:k+2]) {
			return k + 2
		}
	}
	return 0
}

// romanceSubstituent reports whether w ends in a substituent prefix as
// Spanish, Portuguese and Italian spell it ("fenil", "bencil"): "-il" ends
// many other words ("anil-ino"), so only these count.
func romanceSubstituent(w []byte) bool {
	for _, p := range [...]string{"fenil", "metil", "etil", "propil", "butil", "bencil", "benzil", "fenetil"} {
		if hasSuffix(w, p) {
			return true
		}
	}
	return false
}

// inamine returns where "-inamine" starts at the end of w ("piperidinamine",
// and the Spanish, Portuguese and German "-inamina", "-inamin"), or -1.
func inamine(w []byte) int {
	if len(w) < len("inamin")+4 {
		return -1
	}
	e := ""
	switch w[len(w)-1] {
	case 'e':
		e = "inamine"
	case 'a':
		e = "inamina"
	case 'n':
		e = "inamin"
	default:
		return -1
	}
	if k := len(w) - len(e); k >= 0 && string(w[k:]) == e {
		return k
	}
	return -1
}

var phenethylWord = []byte("phenethyl")

// phenylethylPrefixBytes is phenylethylPrefix for a raw word, without
// converting it unless it may start so.
func phenylethylPrefixBytes(w []byte) int {
	if len(w) < len("feniletil") || w[0] != 'p' && w[0] != 'f' || w[2] != 'e' && w[2] != 'n' {
		return 0
	}
	return phenylethylPrefix(string(w))
}

// phenylethylPrefix returns the length of the "phenylethyl" a raw word
// starts with, in any spelling ("feniletil" in Spanish, Portuguese,
// Italian), or 0.
func phenylethylPrefix(w string) int {
	for _, p := range [...]string{"phenylethyl", "feniletil", "phenylaethyl"} {
		if strings.HasPrefix(w, p) {
			return len(p)
		}
	}
	return 0
}
