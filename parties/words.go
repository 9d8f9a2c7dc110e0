package parties

import (
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed words/*.txt
var wordFiles embed.FS

// wordClass says how much a word can tell one name from another.
type wordClass uint8

// Word classes, from least to most telling.
const (
	classStop     wordClass = iota // dropped before matching
	classGeneric                   // business words: "chem", "trade", "intl"
	classPlace                     // provinces, cities, countries
	classSurname                   // family names thousands share
	classFrequent                  // frequent across the loaded lists
	className                      // a distinctive word
)

func (c wordClass) String() string {
	return [...]string{"stop word", "common word", "place", "common surname", "frequent word", "name word"}[c]
}

// legalForm is one legal-form designation as tokens.
type legalForm struct {
	toks []string
	edge bool // removed only at the start or end of a name
}

// wordTables are the curated word lists of words/*.txt, read once and
// never changed: legal forms, canonical spellings, word classes and the
// Han-script phrases replaced before transliteration.
type wordTables struct {
	legal    map[string][]legalForm // first token -> forms, longest first
	synonyms map[string][]string    // spelling -> canonical tokens
	class    map[string]wordClass
	cjk      []cjkPhrase // longest first
	// info joins the three maps above for normalisation's hot loop: one
	// lookup per word.
	info map[string]*wordInfo
}

// wordInfo is everything the curated lists say about one word.
type wordInfo struct {
	legal []legalForm // legal forms starting with the word
	canon []string    // its canonical spelling, nil when it is its own
	class wordClass   // its class (of its canonical form when it has one)
	stop  bool
}

type cjkPhrase struct{ from, to string }

// words returns the tables, parsed on first use. The embedded files are
// checked by TestWordTables; a malformed file panics here, at start-up.
var words = sync.OnceValue(func() *wordTables {
	w, err := parseWordTables()
	if err != nil {
		panic(err)
	}
	return w
})

func parseWordTables() (*wordTables, error) {
	w := &wordTables{legal: map[string][]legalForm{}, synonyms: map[string][]string{}, class: map[string]wordClass{}}
	for _, f := range []struct {
		name  string
		class wordClass
	}{{"stopwords", classStop}, {"generic", classGeneric}, {"places", classPlace}, {"surnames", classSurname}} {
		for _, line := range dataLines(f.name) {
			for _, word := range strings.Fields(line) {
				if _, dup := w.class[word]; !dup {
					w.class[word] = f.class
				}
			}
		}
	}
	for _, line := range dataLines("synonyms") {
		canon, spellings, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("words/synonyms.txt: %q: want canonical: spellings", line)
		}
		for _, s := range strings.Fields(spellings) {
			w.synonyms[s] = strings.Fields(canon)
		}
	}
	for _, line := range dataLines("legal_forms") {
		f := legalForm{toks: strings.Fields(line)}
		if n := len(f.toks); n > 1 && f.toks[n-1] == "edge" {
			f.toks, f.edge = f.toks[:n-1], true
		}
		w.legal[f.toks[0]] = append(w.legal[f.toks[0]], f)
	}
	for _, forms := range w.legal {
		sort.SliceStable(forms, func(i, j int) bool { return len(forms[i].toks) > len(forms[j].toks) })
	}
	for _, line := range dataLines("cjk") {
		from, to, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("words/cjk.txt: %q: want phrase<TAB>replacement", line)
		}
		w.cjk = append(w.cjk, cjkPhrase{from, " " + to + " "})
	}
	sort.SliceStable(w.cjk, func(i, j int) bool { return len(w.cjk[i].from) > len(w.cjk[j].from) })
	w.info = map[string]*wordInfo{}
	get := func(word string) *wordInfo {
		if wi, ok := w.info[word]; ok {
			return wi
		}
		wi := &wordInfo{class: w.staticClass(word)}
		w.info[word] = wi
		return wi
	}
	for word, c := range w.class {
		get(word).stop = c == classStop
	}
	for word, forms := range w.legal {
		get(word).legal = forms
	}
	for word, canon := range w.synonyms {
		wi := get(word)
		wi.canon = canon
		wi.class = className
		for _, c := range canon {
			wi.class = min(wi.class, w.staticClass(c))
		}
	}
	return w, nil
}

// dataLines returns the non-blank, non-comment lines of words/NAME.txt.
func dataLines(name string) []string {
	data, err := wordFiles.ReadFile("words/" + name + ".txt")
	if err != nil {
		panic(err) // embedded: cannot fail
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimRight(line, "\r"); strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// staticClass is a word's class from the curated lists alone.
func (w *wordTables) staticClass(tok string) wordClass {
	if c, ok := w.class[tok]; ok {
		return c
	}
	return className
}
