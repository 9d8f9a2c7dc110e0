package chemicals

// fuzzyScratch is the reusable state of fuzzy lookups in one item.
type fuzzyScratch struct {
	// tokMask holds the symbol set of each canonical token of the text
	// being searched, filled as windows reach further (prepare resets it).
	tokMask []uint64
	stamp   []uint32 // per fuzzy key: marked when equal to gen
	gen     uint32
	// bestRank is the rank of the best hit so far (fuzzyIndex.tryKey)
	bestRank int32
	// windows starting at the current token: end offset and symbol set
	// (without h) of windows ending at each following token
	ends  [maxWindow]int32
	masks [maxWindow]uint64
	nwin  int
	start int32 // canonical offset of the windows' start
}

// prepare readies fs for fuzzy lookups in a new canonical text.
func (fs *fuzzyScratch) prepare() { fs.tokMask = fs.tokMask[:0] }

// tokenMask returns the symbol set of token j of n, the text fs was
// prepared for.
func (fs *fuzzyScratch) tokenMask(n *normText, j int) uint64 {
	for len(fs.tokMask) <= j {
		tk := &n.toks[len(fs.tokMask)]
		m := symbolSet(n.buf[tk.cs:tk.ce])
		if len(fs.tokMask) < cap(fs.tokMask) {
			fs.tokMask = fs.tokMask[:len(fs.tokMask)+1] // see normText.setRaw
			fs.tokMask[len(fs.tokMask)-1] = m
		} else {
			fs.tokMask = append(fs.tokMask, m)
		}
	}
	return fs.tokMask[j]
}

// begin prepares fs for the windows starting at token t, up to the first
// longer than limit bytes (no key is compared with a longer one).
func (fs *fuzzyScratch) begin(n *normText, t int, stop []bool, keys int, limit int32) {
	if len(fs.stamp) < keys { // grown only: the two fuzzy indexes share it
		fs.stamp, fs.gen = make([]uint32, keys), 0
	}
	var m uint64
	fs.nwin, fs.start = 0, n.toks[t].cs
	for j := t; j < len(n.toks) && fs.nwin < maxWindow && (j == t || !stop[j]); j++ {
		m |= fs.tokenMask(n, j)
		fs.ends[fs.nwin], fs.masks[fs.nwin] = n.toks[j].ce, m&^symbolBit('h')
		fs.nwin++
		if n.toks[j].ce-fs.start > limit {
			break
		}
	}
}

// mark marks the patterns of cands, unmarking all others.
func (fs *fuzzyScratch) mark(cands []fuzzyCand) {
	fs.gen++
	if fs.gen == 0 {
		clear(fs.stamp)
		fs.gen = 1
	}
	for _, c := range cands {
		fs.stamp[c.id] = fs.gen
	}
}

// marked reports whether pattern id is marked.
func (fs *fuzzyScratch) marked(id int32) bool { return fs.stamp[id] == fs.gen }
