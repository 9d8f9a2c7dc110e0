package parties

// scratch is the working memory of one screening call, pooled per
// snapshot so that screening a party allocates nothing unless it hits.
type scratch struct {
	norm *normalizer
	// The party's words: canonical tokens, their weights and classes.
	qtoks  []string
	qw     []float32
	qclass []wordClass
	// Items are the party's words and joins of neighbours ("wu han" ->
	// "wuhan"), each covering tokens [lo, hi).
	items   []item
	joinBuf []byte
	delBuf  []byte
	// Candidate names, de-duplicated with an epoch per name.
	seen  []uint32
	epoch uint32
	found []foundTok
	cands []uint32
	// matches are every listed token a party item equals or is one edit
	// from: alignment reads them instead of comparing strings.
	matches []tokMatch
	// Alignment of one candidate.
	litems []item
	pairs  []pair
	usedL  []bool
	usedQ  []bool
	simL   []float32
	simQ   []float32
	howL   []matchHow
	withL  []int16 // index of the party item each listed word matched
	best   []scored
}

type item struct {
	text   string
	lo, hi int
	w      float32
}

type foundTok struct {
	id uint32
	df uint32
}

type tokMatch struct {
	tok  uint32
	item int
	sim  float32
	how  matchHow
}

type pair struct {
	l, q int // indexes into litems and items
	sim  float32
	gain float32
	how  matchHow
}

type matchHow uint8

const (
	howMissing matchHow = iota
	howExact
	howJoined  // party words apart, listed as one
	howSplit   // listed words apart, party writes as one
	howTypo    // one edit
	howInitial // an initial against a whole word
)

func (h matchHow) String() string {
	return [...]string{"missing", "exact", "joined", "split", "typo", "initial"}[h]
}

// scored is the best score of one entry so far.
type scored struct {
	entry uint32
	name  uint32
	score float32
}

func newScratch(w *wordTables, names int) *scratch {
	return &scratch{norm: newNormalizer(w), seen: make([]uint32, names)}
}

// nextEpoch starts a new candidate set.
func (sc *scratch) nextEpoch() {
	sc.epoch++
	if sc.epoch == 0 { // wrapped: clear once every 4 billion calls
		clear(sc.seen)
		sc.epoch = 1
	}
}
