package chemicals

import "strings"

// This file weighs evidence: each found key gets a method and a confidence
// from the rest of the item.
//
// Context decides how much a short abbreviation is worth. "NPP" alone may be
// a product code, a company or a typo; "NPP 99% powder, HS 2933" is a
// chemical. Evidence for chemistry raises an abbreviation's confidence,
// evidence that the text names some other thing lowers it:
//
//   - chemical words (acid, powder, purity, reagent, CAS, pharma …), a '%'
//     sign, a CAS-shaped number, or an HS code in chapters 28, 29 or 38 corroborate;
//   - a declared HS code outside those chapters, or words of other trades
//     (network, cable, fertiliser, resin …) contradict;
//   - so does a full chemical name in the same text that is not the entry
//     ("4-AP (4-aminopyridine)", "PAA polyacrylic acid") or a valid CAS
//     number of something outside the catalog: the abbreviation then names
//     that other chemical.
//
// Names are strong evidence, but a name can be a fragment of what the text
// names: a word of a longer chemical name ("phosphorus trichloride"), the
// parent of a substituted or CAS-index name ("2,2,6,6-tetramethyl-4-piperidone",
// "Benzeneacetic acid, alpha-acetyl-, methyl ester"), or the adjective of
// goods outside chemistry ("aniline black pigment", HS 3204). Such names drop
// below 0.5; they stay in the result for the record.

// Word classes of the context vocabulary.
const (
	wordChemical = 1 << iota // corroborates chemistry
	wordOther                // names another trade
	wordSalt                 // salt or hydrate word, part of a name's span
	wordGoods                // goods a one-word name may qualify ("aniline leather")
)

var chemicalWords = []string{
	"acid", "amine", "amide", "ester", "ketone", "aldehyde", "nitrile", "powder", "crystal",
	"crystals", "crystalline", "intermediate", "intermediates", "cas", "purity", "pure",
	"assay", "reagent", "reagents", "pharma", "pharmaceutical", "chemical", "chemicals",
	"compound", "synthesis", "synthetic", "api", "solvent", "liquid", "oil", "solution",
	"precursor", "organic", "laboratory", "lab", "analytical", "usp", "min", "research",
	"industrial", "grade", "white", "yellow", "colorless", "colourless", "mw", "formula",
	"boc", "cbz", "fmoc", // protecting groups
	"carbamate", "derivative", "ester", "amide", "salt",
}

var otherWords = []string{
	"network", "cable", "cables", "router", "software", "adapter", "fertilizer", "fertiliser",
	"polymer", "resin", "plastic", "battery", "charger", "ethernet", "wifi", "bluetooth",
	"units", "unit", "player", "toy", "toys", "shoes", "garment",
}

// goodsWords, after a one-word chemical name, make it an adjective: the
// goods are dyed, finished or coloured with it ("aniline leather", "aniline
// dye", "aniline black") and are not the chemical.
var goodsWords = []string{
	"leather", "leathers", "hide", "hides", "suede", "nubuck", "dye", "dyes", "dyed", "dyestuff", "dyestuffs",
	"pigment", "pigments", "ink", "inks", "toner", "paint", "paints", "lacquer", "varnish", "finish", "finished",
	"black", "blue", "violet", "purple", "sofa", "sofas", "couch", "upholstery", "furniture", "chair", "chairs",
	"jacket", "jackets", "bag", "bags", "handbag", "handbags", "wallet", "belt", "belts", "boots",
}

var saltWords = []string{
	"hydrochloride", "dihydrochloride", "hcl", "hbr", "hydrobromide", "sulfate", "hemisulfate",
	"bisulfate", "monohydrate", "hydrate", "dihydrate", "hemihydrate", "salt", "base", "freebase",
	"citrate", "tartrate", "oxalate", "phosphate", "mesylate", "sodium", "potassium",
	"clorhidrato", "diclorhidrato", "sulfato", "sal", "chlorhydrate", "dichlorhydrate",
}

// chemicalMorphemes mark a word as a chemical name ("aminopyridine",
// "polyacrylic") when it is not the catalog entry found.
var chemicalMorphemes = []string{
	"amino", "pyrid", "piper", "phenyl", "methyl", "ethyl", "propyl", "butyl", "acet", "acryl",
	"benz", "chlor", "brom", "iod", "fluor", "nitr", "hydrox", "carbox", "sulf", "phosph",
	"anilin", "toluen", "xylen", "naphth", "cycl", "amid", "oxy", "glycol",
	"vidon", "vinyl", "pyrrolid", // povidone- and polyvidone-iodine are complexes, not iodine
}

// vocabulary maps canonical words to their word classes.
type vocabulary struct {
	words     map[string]uint8
	morphemes []string        // canonical
	salts     []string        // canonical salt words, for truncations
	forms     map[string]bool // canonical form words (forms.go)
}

func newVocabulary() vocabulary {
	v := vocabulary{words: map[string]uint8{}}
	for _, l := range []struct {
		words []string
		class uint8
	}{{chemicalWords, wordChemical}, {otherWords, wordOther}, {saltWords, wordSalt | wordChemical}, {goodsWords, wordGoods}} {
		for _, w := range l.words {
			k, _ := canonicalKey(w)
			v.words[k] |= l.class
			if l.class&wordSalt != 0 {
				v.salts = append(v.salts, k)
			}
		}
	}
	v.forms = map[string]bool{}
	for _, w := range formWords {
		k, _ := canonicalKey(w)
		v.forms[k] = true
	}
	for _, m := range chemicalMorphemes {
		k, _ := canonicalKey(m)
		v.morphemes = append(v.morphemes, k)
	}
	return v
}

// class returns the word class of canonical token w.
func (v *vocabulary) class(w []byte) uint8 { return v.words[string(w)] }

// isSalt reports whether canonical token w is a salt word or a truncation
// of a long one ("hydrochlorid").
func (v *vocabulary) isSalt(w []byte) bool {
	if v.words[string(w)]&wordSalt != 0 {
		return true
	}
	if len(w) < 7 {
		return false
	}
	for _, s := range v.salts {
		if len(s) > len(w) && s[:len(w)] == string(w) {
			return true
		}
	}
	return false
}

// chemicalShaped reports whether canonical token w looks like a chemical
// name: long, letters only and built from chemical morphemes.
func (v *vocabulary) chemicalShaped(w []byte) bool {
	if len(w) < 7 || w[0] <= '9' {
		return false
	}
	for _, m := range v.morphemes {
		if strings.Contains(string(w), m) {
			return true
		}
	}
	return false
}

// itemContext is what the rest of an item says about an abbreviation.
type itemContext struct {
	chemical bool // corroborating evidence
	other    bool // contradicting evidence
}

// hsChapterClass classifies a declared HS code: +1 chemical chapters (28,
// 29, 38), -1 any other chapter, 0 none declared.
func hsChapterClass(hs string) int {
	if len(hs) < 2 {
		return 0
	}
	switch hs[:2] {
	case "28", "29", "38":
		return 1
	}
	return -1
}

// abbreviationConfidence weighs an abbreviation of key length n.
func abbreviationConfidence(n int, c itemContext, hs HSStatus) float64 {
	switch {
	case c.other:
		return 0.25
	case !c.chemical && n <= 2:
		return 0.3
	case !c.chemical:
		return 0.4
	case n <= 2 && hs == HSConsistent:
		return 0.6
	case n <= 2:
		return 0.45
	case hs == HSConsistent:
		return 0.8
	}
	return 0.7
}

// context gathers what the rest of the item says about chemistry.
func (m *Matcher) context(sc *scratch, hs string) itemContext {
	n := &sc.norm
	c := itemContext{
		chemical: n.percent || sc.casSeen || hsChapterClass(hs) > 0,
		other:    hsChapterClass(hs) < 0 || sc.foreignCAS,
	}
	for t, tk := range n.toks {
		w := n.buf[tk.cs:tk.ce]
		cl := m.vocab.class(w)
		c.chemical = c.chemical || cl&wordChemical != 0
		c.other = c.other || cl&wordOther != 0
		if cl == 0 && !sc.covered[t] && !m.vocab.isSalt(w) && m.vocab.chemicalShaped(w) {
			c.other = true // another chemical is named here
		}
	}
	return c
}

// partOfLongerName reports whether the one-word name at token t is a word
// of a longer chemical name that is not in the catalog: "phosphorus
// trichloride" is not phosphorus, "dimethyl aniline" is not aniline.
func (m *Matcher) partOfLongerName(sc *scratch, t int) bool {
	n := &sc.norm
	for _, k := range [2]int{t - 1, t + 1} {
		if k < 0 || k >= len(n.toks) || sc.covered[k] {
			continue
		}
		w := n.buf[n.toks[k].cs:n.toks[k].ce]
		if m.vocab.class(w) == 0 && !m.vocab.isSalt(w) && m.vocab.chemicalShaped(w) {
			return true
		}
	}
	return false
}

// confQualified caps a name that the text qualifies into something else.
const confQualified = 0.45

// qualified reports whether the name found is only part of what the text
// names:
//   - a substituent is hyphenated in front of it that the catalog does not
//     know ("2,2,6,6-tetramethyl-4-piperidone" is not 4-piperidone);
//   - a one-word name is used as the adjective of goods declared outside
//     chemistry and pharmacy ("aniline black pigment", HS 3204), or of
//     goods it dyes or finishes, whatever the code ("aniline leather");
//   - the name is negated: "pseudoephedrine-free".
func (m *Matcher) qualified(sc *scratch, f found, p *pattern, hs string) bool {
	n := &sc.norm
	if f.first > 0 && n.toks[f.first].sep == sepHyphen {
		prev := n.toks[f.first-1]
		w := n.buf[prev.cs:prev.ce]
		if !prev.digits && !sc.covered[f.first-1] && m.vocab.class(w) == 0 {
			return true
		}
	}
	if f.last+1 >= len(n.toks) {
		return false
	}
	next := n.toks[f.last+1]
	if next.sep&sepHyphen != 0 && string(n.buf[next.cs:next.ce]) == "free" {
		return true // "pseudoephedrine-free tablets" are without it
	}
	if p.words != 1 {
		return false
	}
	cl := m.vocab.class(n.buf[next.cs:next.ce])
	if !next.digits && cl&wordGoods != 0 {
		return true // "aniline leather", "aniline dye", whatever the HS code
	}
	if hsChapterClass(hs) >= 0 || strings.HasPrefix(hs, "30") {
		return false
	}
	return !next.digits && (cl == 0 || cl&wordGoods != 0)
}

// casIndexQualified reports whether the name ending at s[end] is the parent
// of a CAS index name whose substituents follow it: "Benzeneacetic acid,
// alpha-acetyl-, methyl ester" names MAPA, not phenylacetic acid.
func casIndexQualified(s string, end int) bool {
	i := end
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i >= len(s) || s[i] != ',' {
		return false
	}
	j := i + 1
	for j < len(s) && s[j] != ',' {
		j++
	}
	part := strings.TrimSpace(s[i+1 : j])
	return len(part) > 1 && part[len(part)-1] == '-'
}

// weigh returns the method and confidence of one found key.
func (m *Matcher) weigh(p *pattern, f found, c itemContext, hs HSStatus) (Method, float64) {
	switch {
	case f.dist > 0:
		conf := 0.6
		if f.dist == 1 {
			conf = 0.65
			if len(p.key) >= 12 {
				conf = 0.75
			}
		}
		if c.chemical && !c.other {
			conf += 0.05
		}
		return MethodFuzzy, conf
	case p.kind == kindAbbreviation:
		return MethodAbbreviation, abbreviationConfidence(len(p.key), c, hs)
	case p.kind == kindLocantFree:
		return MethodName, confLocantFree
	case p.kind == kindSalt:
		return MethodName, confSalt
	case p.kind == kindAmide:
		return MethodRelative, confAmide
	case p.kind == kindGeneric:
		return MethodName, confGeneric
	case len(p.key) < 8 && !strings.ContainsAny(p.key, "0123456789"):
		return MethodName, confShortName
	}
	return MethodName, confName
}
