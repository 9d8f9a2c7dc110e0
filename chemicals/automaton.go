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

// symbols maps a byte to symbol(c), faster.
var symbols = func() (t [256]int8) {
	for c := range 256 {
		t[c] = int8(symbol(byte(c)))
	}
	return t
}()

// patternKind says what a key is evidence of.
type patternKind uint8

const (
	kindName         patternKind = iota // full name, IUPAC name or synonym
	kindLocantFree                      // a name with its digit locants left out
	kindAbbreviation                    // short code: needs context
	kindEster                           // another ester of a listed acid (alkyl as wildcard)
	kindSalt                            // the "-ate" of a listed "-ic acid": its salts and esters
	kindGeneric                         // a bare head word of the entry's own longer names ("phosphorus")
	kindAmide                           // the amide of a listed "-ic acid": a relative (relatives.go)
	kindFamily                          // a name several entries of one family share (family_level.go)
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
	// exactOnly: no fuzzy matching against this key. The language
	// variants of a key (variants_lang.go) are one ending away from it,
	// and the fuzzy index already tolerates that much.
	exactOnly bool
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
	ends = a.breadthFirst(ends)
	nodes := len(a.next) / alphabetSize
	a.outStart = make([]int32, nodes+1)
	for n := 0; n < nodes; n++ {
		a.outStart[n] = int32(len(a.out))
		a.out = append(a.out, ends[int32(n)]...)
	}
	a.outStart[nodes] = int32(len(a.out))
	return a
}

// breadthFirst renumbers the nodes in breadth-first order, so that the
// shallow nodes, where walks over ordinary words die, share a few cache
// lines; it returns ends renumbered.
func (a *automaton) breadthFirst(ends map[int32][]int32) map[int32][]int32 {
	nodes := len(a.next) / alphabetSize
	order := make([]int32, 1, nodes) // new number -> old
	for i := 0; i < len(order); i++ {
		for _, child := range a.next[int(order[i])*alphabetSize : int(order[i]+1)*alphabetSize] {
			if child != 0 {
				order = append(order, child)
			}
		}
	}
	renum := make([]int32, nodes) // old -> new
	for n, old := range order {
		renum[old] = int32(n)
	}
	next := make([]int32, len(a.next))
	for n, old := range order {
		for s, child := range a.next[int(old)*alphabetSize : int(old+1)*alphabetSize] {
			if child != 0 {
				next[n*alphabetSize+s] = renum[child]
			}
		}
	}
	a.next = next
	out := make(map[int32][]int32, len(ends))
	for old, ids := range ends {
		out[renum[old]] = ids
	}
	return out
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
			node = a.next[int(node)*alphabetSize+int(symbols[buf[p]])]
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
