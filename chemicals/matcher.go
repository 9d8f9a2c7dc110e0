package chemicals

import (
	"strings"
	"sync"
)

// Matcher resolves line items to catalog entries. Build it once per catalog
// with NewMatcher; it is immutable and safe for concurrent use.
type Matcher struct {
	entries  []*Entry
	auto     *automaton
	fuzzy    *fuzzyIndex
	fuzzyLit *fuzzyIndex       // literal-mode keys (fuzzy_literal.go)
	cas      map[string]*Entry // canonical CAS number -> entry
	casNums  []casRef          // every catalog CAS number, for near misses
	vocab    vocabulary
	scratchs sync.Pool // *scratch
	// esterKeys: some keys have an ester wildcard, so items with alkyl
	// words get a second pass.
	esterKeys bool
	parents   map[string]*Entry // family -> parent entry (relatives.go)
	siblings  siblingIndex      // family and alkyl -> ester entry (siblings.go)
	ids       identifierIndex   // InChIKeys, InChIs and formulas (identifiers.go)
}

type casRef struct {
	number string
	entry  *Entry
}

// Confidences of the strong methods.
const (
	confCASField       = 0.99 // valid catalog CAS number in the cas field
	confCASDescription = 0.97 // … inside the description
	confName           = 0.95 // name, IUPAC name or synonym
	confShortName      = 0.9  // a one-word name under eight characters ("aniline")
	confLocantFree     = 0.85 // a name written without its locants
	confEster          = 0.7  // another ester of a listed acid
	confSalt           = 0.8  // a salt or ester of a listed acid, by its "-ate" ("sodium phenylacetate")
	confGeneric        = 0.4  // a bare generic head word ("phosphorus"), no qualifier near
)

// NewMatcher compiles every name, synonym, abbreviation and CAS number of c
// (which must not be nil) into one automaton, with the spelling variants the
// names imply. Compiling the embedded catalog takes a few milliseconds.
func NewMatcher(c *Catalog) *Matcher {
	m := &Matcher{entries: c.Entries, cas: map[string]*Entry{}, vocab: newVocabulary(), parents: familyParents(c.Entries),
		ids: newIdentifierIndex(c.Entries)}
	var pats []pattern
	for i, e := range c.Entries {
		for _, n := range e.CAS {
			if _, dup := m.cas[n.Number]; !dup {
				m.cas[n.Number] = e
			}
			m.casNums = append(m.casNums, casRef{n.Number, e})
		}
		pats = entryPatterns(pats, i, e, &m.vocab)
	}
	pats = addVariants(pats, c.Entries)
	m.siblings = newSiblingIndex(pats, c.Entries)
	pats = append(pats, familyPatterns(pats, c, &m.vocab)...)
	for _, p := range pats {
		m.esterKeys = m.esterKeys || p.kind == kindEster
	}
	m.auto = buildAutomaton(pats)
	ids := make([]int32, len(pats))
	for i := range ids {
		ids[i] = int32(i)
	}
	m.fuzzy = buildFuzzy(pats, ids)
	lits := literalPatterns(pats, &m.vocab)
	ids = ids[:0]
	for i := range lits {
		ids = append(ids, int32(len(pats)+i))
	}
	m.auto.patterns = append(pats[:len(pats):len(pats)], lits...) // beyond the trie: fuzzy only
	m.fuzzyLit = buildFuzzy(m.auto.patterns, ids)
	m.scratchs.New = func() any { return new(scratch) }
	return m
}

// entryPatterns appends the canonical keys of one entry.
func entryPatterns(pats []pattern, idx int, e *Entry, v *vocabulary) []pattern {
	seen := map[string]int{} // key -> index in pats
	add := func(s string, abbreviation, exact bool) {
		for _, part := range nameParts(s) {
			key, weak, words := keyOf(part, v)
			weak = weak || abbreviation && len(key) <= 6
			if letters(key) < 2 {
				continue
			}
			if i, dup := seen[key]; dup {
				pats[i].alts = append(pats[i].alts, part)
				continue
			}
			seen[key] = len(pats)
			kind := kindName
			if weak {
				kind = kindAbbreviation
			}
			pats = append(pats, pattern{entry: idx, kind: kind, key: key, src: part, words: words, exactOnly: exact})
		}
	}
	add(e.Name, false, false)
	add(e.IUPAC, false, false)
	for _, s := range e.Synonyms {
		add(s, false, false)
	}
	for _, s := range e.Abbreviations {
		add(s, true, false)
	}
	for _, n := range e.Names { // curated (multilingual) and structure-verified generated names
		if n.Status != NameUnverified {
			add(n.Text, false, generatedStatus(n.Status))
		}
	}
	return pats
}

// nameParts returns the spellings a catalog name stands for: the name, and
// for "N-phenylpiperidin-4-amine (4-anilinopiperidine)" each half, and for an
// inverted CAS index name ("2-Propanone, 1-phenyl-") the uninverted form.
func nameParts(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if i := strings.LastIndex(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
		return []string{s, s[:i], s[i+2 : len(s)-1]}
	}
	// CAS index names put the parent first: "4-Piperidinone, 1-(2-phenylethyl)-"
	if i := strings.Index(s, ", "); i > 0 && strings.HasSuffix(s, "-") {
		return []string{s, s[i+2:] + s[:i]}
	}
	return []string{s}
}

// keyOf returns the canonical key of a catalog spelling and whether it is
// weak evidence: no word of four or more letters (NPP, 4-AP, P-2-P, 1-boc-4-AP).
// Trailing salt words are left out ("4-piperidone hydrochloride" is keyed as
// 4-piperidone): the matcher adds salt words that follow a name to its span.
func keyOf(s string, v *vocabulary) (key string, weak bool, words int) {
	var n normText
	n.normalize(s)
	toks := n.toks
	for len(toks) > 1 && v.isSalt(n.buf[toks[len(toks)-1].cs:toks[len(toks)-1].ce]) {
		toks = toks[:len(toks)-1]
	}
	weak = true
	for _, t := range toks {
		if !t.digits {
			words++
		}
		if !t.digits && t.ce-t.cs >= 4 {
			weak = false
		}
	}
	if len(toks) == 0 {
		return "", true, 0
	}
	return string(n.buf[:toks[len(toks)-1].ce]), weak, words
}

// sortPatterns orders patterns by key so that compilation is deterministic.
func sortPatterns(p []pattern) {
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && p[j].key < p[j-1].key; j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
}

// letters counts the letters of a canonical key: a key needs two ("12" from
// a name whose words were all unreadable is no key).
func letters(key string) int {
	n := 0
	for i := 0; i < len(key); i++ {
		if key[i] >= 'a' && key[i] <= 'z' {
			n++
		}
	}
	return n
}

// Confidences of machine identifiers.
const (
	confInChIKey      = 0.98 // the full standard InChIKey
	confInChI         = 0.98 // the standard InChI
	confInChIKeyBlock = 0.6  // only the first block: the same skeleton, stereo and charge unknown
)

// generatedStatus reports whether a name comes from the catalog-data
// generator (harvested synonyms): such names are matched exactly, never
// fuzzily. They are systematic and index spellings of what the catalog's
// own names already say, so a misspelling of one is found through those;
// fuzzy matching against them as well took the fuzzy indexes from 736 keys
// to 1,063, compared with every item.
func generatedStatus(s NameStatus) bool {
	return s == NameVerified || s == NameSkeleton || s == NameUnverified
}
