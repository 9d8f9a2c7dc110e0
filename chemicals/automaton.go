package chemicals

// The automaton finds every catalog key in the canonical text of an item.
//
// Keys may only start and end on token boundaries, so the automaton is an
// anchored trie walked from each token start rather than an Aho–Corasick
// machine: Aho–Corasick's failure links exist to find matches that start
// inside other text, which are exactly the ones we reject, and an anchored
// walk over a dense transition table finds all the others — overlapping ones
// included — without allocating. A walk from a token start dies within a
// character or two on ordinary words, so the cost stays proportional to the
// text length.

// alphabetSize is the number of canonical symbols: a–z and 0–9.
const alphabetSize = 36

// symbol maps a canonical byte to its transition column, or -1.
func symbol(c byte) int {
	switch {
	case c >= 'a' && c <= 'z':
		return int(c - 'a')
	case c >= '0' && c <= '9':
		return int(c-'0') + 26
	}
	return -1
}

// patternKind says what a key is evidence of.
type patternKind uint8

const (
	kindName         patternKind = iota // full name, IUPAC name or synonym
	kindLocantFree                      // a name with its digit locants left out
	kindAbbreviation                    // short code: needs context
	kindEster                           // another ester of a listed acid (alkyl as wildcard)
	kindSalt                            // the "-ate" of a listed "-ic acid": its salts and esters
	kindGeneric                         // a bare head word of the entry's own longer names ("phosphorus")
)

// pattern is one canonical key of one entry.
type pattern struct {
	entry int // index into Catalog.Entries
	kind  patternKind
	key   string
	src   string // the catalog spelling it came from
	// alts are other catalog spellings of the entry with the same key
	// ("N-phenylpiperidin-4-amine" for "4-anilinopiperidine"): their
	// literal-mode keys differ (fuzzy_literal.go).
	alts  []string
	words int // canonical tokens of letters in key
	// quals are the words that make a generic key specific ("red" for
	// phosphorus), canonical.
	quals []string
}

// automaton is a trie over canonical keys with a dense transition table.
type automaton struct {
	next []int32 // next[node*alphabetSize+sym] = child node; 0 = none
	// out[outStart[node]:outStart[node+1]] are the pattern ids ending at node.
	outStart []int32
	out      []int32
	patterns []pattern
}

// buildAutomaton compiles the patterns. Keys must be canonical (a–z, 0–9).
func buildAutomaton(patterns []pattern) *automaton {
	a := &automaton{patterns: patterns, next: make([]int32, alphabetSize)}
	ends := map[int32][]int32{}
	for id, p := range patterns {
		node := int32(0)
		for i := 0; i < len(p.key); i++ {
			s := symbol(p.key[i])
			if s < 0 {
				break
			}
			child := a.next[int(node)*alphabetSize+s]
			if child == 0 {
				child = int32(len(a.next) / alphabetSize)
				a.next = append(a.next, make([]int32, alphabetSize)...)
				a.next[int(node)*alphabetSize+s] = child
			}
			node = child
		}
		ends[node] = append(ends[node], int32(id))
	}
	nodes := len(a.next) / alphabetSize
	a.outStart = make([]int32, nodes+1)
	for n := 0; n < nodes; n++ {
		a.outStart[n] = int32(len(a.out))
		a.out = append(a.out, ends[int32(n)]...)
	}
	a.outStart[nodes] = int32(len(a.out))
	return a
}

// hit is a key found on whole canonical tokens first..last.
type hit struct {
	first, last int
	node        int32
}

// find appends to hits every key that starts at a token start and ends at a
// token end. Neither end may cut a letter/digit run ("4-APB", "SNPP").
func (a *automaton) find(n *normText, hits []hit) []hit {
	toks, buf := n.toks, n.buf
	for t := range toks {
		if toks[t].glued() {
			continue
		}
		node, j := int32(0), t
		for p := toks[t].cs; p < int32(len(buf)); p++ {
			node = a.next[int(node)*alphabetSize+symbol(buf[p])]
			if node == 0 {
				break
			}
			if p+1 < toks[j].ce {
				continue
			}
			if a.outStart[node] < a.outStart[node+1] && (j+1 == len(toks) || !toks[j+1].glued()) {
				hits = append(hits, hit{first: t, last: j, node: node})
			}
			j++
		}
	}
	return hits
}

// outputs returns the pattern ids that end at node.
func (a *automaton) outputs(node int32) []int32 {
	return a.out[a.outStart[node]:a.outStart[node+1]]
}
