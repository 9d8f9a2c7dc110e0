package chemicals

// wordGate is a quick negative test for membership in a small set of
// words, so that the common case, an ordinary word in none of the word
// tables, costs two bit tests instead of a map lookup: for each word length
// it holds the first and the last bytes of the set's words (bytes folded to
// 5 bits, so distinct bytes may share a bit: the test may pass for a word
// that is not in the set, never fail for one that is).
type wordGate [maxGateLen]struct{ first, last uint32 }

// maxGateLen bounds the lengths a wordGate tells apart; longer words
// always pass.
const maxGateLen = 32

func newWordGate[V any](set map[string]V) *wordGate {
	g := new(wordGate)
	for w := range set {
		if len(w) > 0 && len(w) < maxGateLen {
			g[len(w)].first |= gateBit(w[0])
			g[len(w)].last |= gateBit(w[len(w)-1])
		}
	}
	return g
}

func gateBit(c byte) uint32 { return 1 << (c & 31) }

// mayHave reports whether w may be in the set: false means it is not.
func (g *wordGate) mayHave(w []byte) bool {
	if len(w) == 0 || len(w) >= maxGateLen {
		return true
	}
	e := &g[len(w)]
	return e.first&gateBit(w[0]) != 0 && e.last&gateBit(w[len(w)-1]) != 0
}
