package variants

import (
	"math/rand/v2"
	"strings"
)

// Generator writes names; it is deterministic for its seed and not safe
// for concurrent use.
type Generator struct{ rng *rand.Rand }

// New returns a generator for seed.
func New(seed uint64) *Generator {
	return &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Kind names a way of respelling a name.
type Kind string

// Respelling kinds.
const (
	Split  Kind = "split"  // a word written apart: "Shuokang" -> "Shuo Kang"
	Join   Kind = "join"   // two words written as one: "Bio Tech" -> "Biotech"
	Order  Kind = "order"  // words moved: "Wuhan X Co." -> "X (Wuhan) Co."
	Typo   Kind = "typo"   // one letter swapped, dropped, doubled or replaced
	Legal  Kind = "legal"  // another legal form
	Abbrev Kind = "abbrev" // a trade word abbreviated: "Technology" -> "Tech."
	Case   Kind = "case"   // upper case, punctuation dropped
)

// Kinds lists every respelling kind.
var Kinds = []Kind{Split, Join, Order, Typo, Legal, Abbrev, Case}

// Variant is one respelling of a name.
type Variant struct {
	Name string
	Kind Kind
}

// Variant respells name one way, chosen at random among those that change
// it; it returns the name unchanged with Case when none does.
func (g *Generator) Variant(name string) Variant {
	for _, i := range g.rng.Perm(len(Kinds)) {
		if v := g.respell(name, Kinds[i]); v != name {
			return Variant{Name: v, Kind: Kinds[i]}
		}
	}
	return Variant{Name: strings.ToUpper(name), Kind: Case}
}

// Respell applies one kind of respelling; it may return name unchanged
// when the kind does not apply.
func (g *Generator) Respell(name string, k Kind) string { return g.respell(name, k) }

func (g *Generator) respell(name string, k Kind) string {
	words := strings.Fields(name)
	r := g.rng
	switch k {
	case Split:
		for _, i := range r.Perm(len(words)) {
			w := words[i]
			if len(w) >= 6 && isWord(w) {
				cut := 2 + r.IntN(len(w)-3)
				words[i] = w[:cut] + pick(r, []string{" ", "-"}) + strings.ToUpper(w[cut:cut+1]) + w[cut+1:]
				return strings.Join(words, " ")
			}
		}
	case Join:
		for i := 0; i+1 < len(words); i++ {
			if isWord(words[i]) && isWord(words[i+1]) && len(words[i])+len(words[i+1]) <= 14 {
				words[i] += strings.ToLower(words[i+1])
				return strings.Join(append(words[:i+1], words[i+2:]...), " ")
			}
		}
	case Order:
		if len(words) >= 3 && isWord(words[0]) {
			rest := strings.Join(words[1:], " ")
			return rest + " (" + words[0] + ")"
		}
	case Typo:
		return g.typo(words)
	case Legal:
		return g.legal(words)
	case Abbrev:
		for i, w := range words {
			if a, ok := abbreviations[strings.ToLower(strings.Trim(w, ".,"))]; ok {
				words[i] = a
				return strings.Join(words, " ")
			}
		}
	case Case:
		return strings.ToUpper(strings.NewReplacer(",", "", ".", "").Replace(name))
	}
	return name
}

var abbreviations = map[string]string{
	"technology": "Tech.", "international": "Intl", "pharmaceutical": "Pharma", "chemical": "Chem.",
	"import": "Imp.", "export": "Exp.", "material": "Mat.", "materials": "Mat.", "industrial": "Ind.",
	"company": "Co.", "limited": "Ltd", "biotechnology": "Biotech", "laboratorios": "Labs",
}

// typo changes one letter of the longest word: a swap of neighbours, a
// dropped, doubled or replaced letter.
func (g *Generator) typo(words []string) string {
	best := -1
	for i, w := range words {
		if isWord(w) && (best < 0 || len(w) > len(words[best])) {
			best = i
		}
	}
	if best < 0 || len(words[best]) < 5 {
		return strings.Join(words, " ")
	}
	w := []byte(words[best])
	i := 1 + g.rng.IntN(len(w)-2)
	switch g.rng.IntN(4) {
	case 0:
		w[i], w[i+1] = w[i+1], w[i]
	case 1:
		w = append(w[:i], w[i+1:]...)
	case 2:
		w = append(w[:i+1], w[i:]...)
	default:
		w[i] = "aeiounrst"[g.rng.IntN(9)]
	}
	words[best] = string(w)
	return strings.Join(words, " ")
}

var legalForms = [][]string{
	{"Co., Ltd.", "Co. Ltd", "Company Limited", "Co., Limited", "Limited", "Ltd."},
	{"S.A. de C.V.", "SA de CV", "S. de R.L. de C.V.", "S.A.P.I. de C.V."},
	{"Pvt Ltd", "Private Limited", "Pvt. Ltd."},
}

// legal replaces a trailing legal form with another of its family, or adds
// one.
func (g *Generator) legal(words []string) string {
	name := strings.Join(words, " ")
	for _, fam := range legalForms {
		for _, f := range fam {
			if strings.HasSuffix(strings.ToLower(name), strings.ToLower(f)) {
				return strings.TrimRight(strings.TrimSpace(name[:len(name)-len(f)]), ",") + " " + pick(g.rng, fam)
			}
		}
	}
	return name + " " + pick(g.rng, legalForms[0])
}

// isWord reports whether w is made of ASCII letters: the respellings
// cut and change words byte by byte, so other scripts are left as they
// are (a Han name is only given another legal form or upper-cased).
func isWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return w != ""
}
