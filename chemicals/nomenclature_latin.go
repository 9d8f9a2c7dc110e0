package chemicals

import "strings"

// Chemical names in Spanish, Portuguese, French and Italian put the class
// first and the rest after it, as an adjective or after "de": "ácido
// fenilacético" (phenylacetic acid), "anhídrido propanoico", "cloruro de
// propionilo" (propionyl chloride), "clorhidrato de efedrina", "acrilato
// de metilo" (methyl acrylate). German writes one compound word, the class
// last: "Phenylessigsäureethylester" (phenylacetic acid ethyl ester),
// "Propionsäureanhydrid", "Ephedrinhydrochlorid". Russian puts anhydrides
// and esters before their acid ("ангидрид пропионовой кислоты"), which
// nomenclature_ru.go has already transliterated.
//
// foreignNames rewrites such raw tokens into the English order and class
// words before the rest of normalisation; their endings (-ina, -ona, -in,
// -on …) are met by the language variants of the catalog keys
// (variants_lang.go). Only texts with a class word or a German compound
// (wordGate) pay for more than a look-up per word.

// romanceHeads are class words that come before the name, with their
// English word.
var romanceHeads = map[string]string{
	"acido": "acid", "acide": "acid", "anhidrido": "anhydride", "anidrido": "anhydride", "anhydride": "anhydride",
	"cloruro": "chloride", "cloreto": "chloride", "chlorure": "chloride", "bromuro": "bromide", "brometo": "bromide",
	"bromure": "bromide", "yoduro": "iodide", "ioduro": "iodide", "iodeto": "iodide", "iodure": "iodide",
	"cianuro": "cyanide", "cianeto": "cyanide", "cyanure": "cyanide", "clorhidrato": "hydrochloride",
	"cloridrato": "hydrochloride", "chlorhydrate": "hydrochloride", "diclorhidrato": "dihydrochloride",
	"dicloridrato": "dihydrochloride", "dichlorhydrate": "dihydrochloride", "sulfato": "sulfate", "sulfate": "sulfate",
	"alcohol": "alcohol", "alcool": "alcohol",
	// Russian transliterated (nomenclature_ru.go): "anhydride/chloride of X acid"
	"chloride": "chloride",
}

// romanceConnectors join a class word to its name ("de", "d'" …).
var romanceConnectors = map[string]bool{"de": true, "do": true, "da": true, "di": true, "du": true, "d": true, "del": true, "des": true}

// foreignWords are single words with an English form in every position.
var foreignWords = map[string]string{
	"fosforo": "phosphorus", "phosphore": "phosphorus", "phosphor": "phosphorus", "fosfor": "phosphorus",
	"rojo": "red", "vermelho": "red", "rouge": "red", "rosso": "red", "roter": "red", "rot": "red", "roten": "red", "rotes": "red",
}

// foreignGate passes the words of romanceHeads, romanceConnectors and
// foreignWords.
var foreignGate = func() *wordGate {
	all := map[string]bool{}
	for w := range romanceHeads {
		all[w] = true
	}
	for w := range romanceConnectors {
		all[w] = true
	}
	for w := range foreignWords {
		all[w] = true
	}
	return newWordGate(all)
}()

// adjectiveEndings turn the Romance adjective after a class word into the
// English one, longest first: "fenilacético" phenylacetic, "fenetílico"
// phenethyl (alcohol), "propionilo" propionyl.
var adjectiveEndings = [...]struct{ from, to string }{
	{"hidrico", "hydric"}, {"hydrique", "hydric"}, {"idrico", "hydric"},
	{"ilico", "yl"}, {"ilica", "yl"}, // only after "alcohol" (englishAdjective)
	{"ique", "ic"}, {"ico", "ic"}, {"ica", "ic"},
	{"ilo", "yl"}, {"ila", "yl"}, {"ile", "yl"}, {"yle", "yl"}, {"ato", "ate"},
}

// foreignNames applies the rewrites above to the raw tokens.
func (n *normText) foreignNames() {
	if !n.foreignHint {
		return
	}
	out := n.foreign[:0]
	for i := 0; i < len(n.raws); i++ {
		t := n.raws[i]
		w := n.word(i)
		if e, ok := foreignWords[w]; ok {
			out = append(out, n.rawWord(e, t))
			continue
		}
		if k := germanCompound(w); k != "" {
			out = n.appendWords(out, k, t)
			continue
		}
		if end, ok := n.russianEster(i); ok { // the acid first, then "methyl ester"
			out = append(out, n.raws[i+2:end]...)
			out[len(out)-(end-i-2)].sep = t.sep
			a, e := n.raws[i], n.raws[i+1]
			a.sep, e.sep = sepSpace, sepSpace
			out = append(out, a, e)
			i = end - 1
			continue
		}
		if end, ok := n.romanceName(i); ok {
			if _, isHead := romanceHeads[w]; !isHead {
				out = n.romanceEster(out, i, end) // "…carboxilato de terc-butilo"
			} else {
				out = n.invertRomance(out, i, end)
			}
			i = end - 1
			continue
		}
		out = append(out, t)
	}
	n.raws, n.foreign = out, n.raws[:0] // the two buffers take turns
}

// foreignWord reports whether raw token i may start a rewrite.
func (n *normText) foreignWord(i int) bool {
	t := &n.raws[i]
	w := n.raw[t.bs:t.be]
	if t.digits {
		return false
	}
	return foreignGate.mayHave(w) && (romanceHeads[string(w)] != "" || foreignWords[string(w)] != "" ||
		romanceConnectors[string(w)] && i > 0 && esterWord(n.raw[n.raws[i-1].bs:n.raws[i-1].be])) ||
		mayBeGerman(w) && germanSuffix(string(w)) != ""
}

// romanceName reports whether raw token i starts "class [connector] name"
// and returns the index after the name: the rest of the hyphenated or
// bracketed run that follows, and "acid" after it (Russian word order:
// "anhydride propionic acid"). Without a connector the name must end in an
// adjective ("ácido fenilacético", "acide phényl-acétique").
func (n *normText) romanceName(i int) (int, bool) {
	w := n.word(i)
	_, isHead := romanceHeads[w]
	j := i + 1
	if j >= len(n.raws) || !isHead && !esterWord(n.raw[n.raws[i].bs:n.raws[i].be]) {
		return 0, false
	}
	connector := romanceConnectors[n.word(j)]
	if connector {
		j++
	}
	if j >= len(n.raws) || n.raws[j].sep&sepSpace == 0 && !connector {
		return 0, false
	}
	end := j + 1
	for end < len(n.raws) && (n.raws[end].sep&sepSpace == 0 || n.raws[end].sep&sepBracket != 0 || n.locantList(end)) {
		end++
	}
	last := n.word(end - 1)
	acid := end < len(n.raws) && n.word(end) == "acid" && n.raws[end].sep&sepSpace != 0
	switch {
	case isHead && acid && strings.HasSuffix(last, "ic"):
		return end + 1, true
	case isHead && (connector || adjective(last)):
		return end, true
	case !isHead && connector && alkylAdjective(last): // "acrilato de metilo", "acrylate de méthyle"
		return end, true
	}
	return 0, false
}

// russianEster reports whether raw tokens i.. read "<alkyl> ester <name>
// acid" (a transliterated "метиловый эфир … кислоты") and returns the
// index after "acid".
func (n *normText) russianEster(i int) (int, bool) {
	if i+3 >= len(n.raws) || !alkylWords[n.word(i)] || n.word(i+1) != "ester" {
		return 0, false
	}
	for end := i + 3; end < len(n.raws) && end <= i+6; end++ {
		if n.word(end) == "acid" {
			return end + 1, true
		}
	}
	return 0, false
}

func adjective(w string) bool {
	for _, e := range adjectiveEndings {
		if len(w) > len(e.from)+2 && strings.HasSuffix(w, e.from) {
			return true
		}
	}
	return false
}

// alkylAdjective reports whether w is the alkyl of a Romance ester name
// ("metilo", "etila", "méthyle").
func alkylAdjective(w string) bool {
	for _, s := range [...]string{"ilo", "ila", "ile", "yle"} {
		if strings.HasSuffix(w, s) {
			stem := w[:len(w)-len(s)] // "met" of "metilo", "meth" of "méthyle"
			if strings.HasSuffix(stem, "et") {
				stem += "h"
			}
			if strings.HasSuffix(stem, "benc") {
				stem = stem[:len(stem)-1] + "z"
			}
			return alkylWords[stem+"yl"]
		}
	}
	return false
}

// invertRomance appends raw tokens i..end-1 with the class word moved
// behind the name and the connector dropped.
func (n *normText) invertRomance(out []rawTok, i, end int) []rawTok {
	head := n.raws[i]
	j := i + 1
	if romanceConnectors[n.word(j)] {
		j++
	}
	lead := head.sep
	for k := j; k < end; k++ {
		t := n.raws[k]
		if k == j {
			t.sep = lead
		}
		w := n.word(k)
		if e, ok := romanceHeads[w]; ok && k == end-1 && k > j {
			out = append(out, n.rawWord(e, t))
			continue
		}
		if k == end-1 || k+1 < end && n.raws[k+1].sep&sepSpace != 0 {
			w = englishAdjective(w, romanceHeads[n.word(i)] == "alcohol")
		}
		out = append(out, n.rawWord(w, t))
	}
	word := romanceHeads[n.word(i)]
	if word == "" {
		word = englishAdjective(n.word(i), false) // "acrilato" → "acrilate"
	}
	head.sep = sepSpace
	return append(out, n.rawWord(word, head))
}

// romanceEster appends "<acid>ato de <alkyl>" (raw tokens i..end-1, the
// acid ending in token i, whose leading tokens joined to it are already in
// out) as "<alkyl> <acid>ate".
func (n *normText) romanceEster(out []rawTok, i, end int) []rawTok {
	r0 := len(out)
	for r0 > 0 && r0 > len(out)-(i+1) && n.raws[i-(len(out)-r0)].sep&sepSpace == 0 {
		r0-- // the acid's run: "4-anilinopiperidina-1-"
	}
	acid := append(n.foreignAcid[:0], out[r0:]...)
	out = out[:r0]
	lead := n.raws[i].sep
	if len(acid) > 0 {
		lead = acid[0].sep
	}
	j := i + 2 // after the connector
	for k := j; k < end; k++ {
		t := n.raws[k]
		if k == j {
			t.sep = lead
		}
		out = append(out, n.rawWord(englishAdjective(n.word(k), false), t))
	}
	for k, t := range acid {
		if k == 0 {
			t.sep = sepSpace
		}
		out = append(out, t)
	}
	t := n.raws[i]
	if len(acid) == 0 {
		t.sep = sepSpace
	}
	n.foreignAcid = acid[:0]
	return append(out, n.rawWord(englishAdjective(n.word(i), false), t))
}

// englishAdjective rewrites a Romance adjective ending into English; of an
// alcohol, "-ílico" is the alkyl ("alcohol fenetílico": phenethyl alcohol).
func englishAdjective(w string, alcohol bool) string {
	if strings.HasPrefix(w, "bencil") {
		w = "benzyl" + w[len("bencil"):]
	}
	for _, e := range adjectiveEndings {
		if e.to == "yl" && strings.HasPrefix(e.from, "ilic") && !alcohol {
			continue
		}
		if len(w) > len(e.from)+2 && strings.HasSuffix(w, e.from) {
			w = w[:len(w)-len(e.from)] + e.to
			if strings.HasSuffix(w, "hydric") && !strings.HasPrefix(w, "hydr") && strings.HasPrefix(w, "i") {
				w = "hydriodic" // iodhídrico, iodhydrique: hydriodic
			}
			return w
		}
	}
	return w
}

// rawWord returns a raw token spelling w over t's span and separator.
func (n *normText) rawWord(w string, t rawTok) rawTok {
	if string(n.raw[t.bs:t.be]) == w {
		return t
	}
	t.bs = int32(len(n.raw))
	n.raw = append(n.raw, w...)
	t.be = int32(len(n.raw))
	return t
}

// appendWords appends the space-separated words of text as raw tokens over
// t's span, the first with t's separator.
func (n *normText) appendWords(out []rawTok, text string, t rawTok) []rawTok {
	for k, w := range strings.Fields(text) {
		u := n.rawWord(w, t)
		u.digits = false
		if k > 0 {
			u.sep = sepSpace
		}
		out = append(out, u)
	}
	return out
}
