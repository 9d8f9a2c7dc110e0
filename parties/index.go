package parties

import (
	"sort"

	"github.com/precursorwatch/precursor/parties/listfmt"
)

// index is the blocking structure of a snapshot: every listed name as
// canonical tokens, and for each token the names that hold it, so that a
// party is compared only with names that share a distinctive word (or that
// word with one typo), never with the whole list.
type index struct {
	vocab   map[string]uint32 // token text -> token id
	toks    []tokInfo
	postOff []uint32 // postings of token i: post[postOff[i]:postOff[i+1]]
	post    []uint32 // name ids
	// exact maps the hash of a token's text to its id (screening's
	// lookups; vocab serves building).
	exact *hashTable
	// dels maps the hash of a distinctive token with one letter deleted to
	// an offset in delIDs: delIDs[at] is a count, the token ids follow.
	dels   *hashTable
	delIDs []uint32
	names  []nameRec
	// entries[i] is the entry of names whose entry is i.
	entries []entryRef
	nNames  int
}

type tokInfo struct {
	text   string
	weight float32
	class  wordClass
	joined bool // two adjacent listed words written as one ("shuo kang" -> "shuokang")
	df     uint32
}

type nameRec struct {
	entry  uint32
	kind   listfmt.NameKind
	text   string
	toks   []uint32
	person bool
}

type entryRef struct {
	list  uint16
	entry *listfmt.Entry
}

// buildIndex indexes every name of every entry of lists.
func buildIndex(lists []*listfmt.List, cfg MatchConfig, w *wordTables) *index {
	ix := &index{vocab: map[string]uint32{}}
	norm := newNormalizer(w)
	for li, l := range lists {
		for ei := range l.Entries {
			e := &l.Entries[ei]
			ix.entries = append(ix.entries, entryRef{list: uint16(li), entry: e})
			for _, n := range e.Names {
				toks := norm.normalize(n.Text)
				if len(toks) == 0 {
					continue
				}
				rec := nameRec{entry: uint32(len(ix.entries) - 1), kind: n.Kind, text: n.Text, person: e.Type == listfmt.TypePerson}
				for _, t := range toks {
					rec.toks = append(rec.toks, ix.intern(t, false))
				}
				ix.names = append(ix.names, rec)
			}
		}
	}
	ix.nNames = len(ix.names)
	postings := ix.countAndJoin()
	ix.classify(cfg, w)
	ix.flatten(postings)
	ix.indexDeletions(cfg)
	ix.exact = newHashTable(len(ix.toks))
	for id, t := range ix.toks {
		ix.exact.put(fnv64(t.text), uint32(id))
	}
	return ix
}

// intern returns the id of token t, adding it to the vocabulary.
func (ix *index) intern(t string, joined bool) uint32 {
	if id, ok := ix.vocab[t]; ok {
		return id
	}
	id := uint32(len(ix.toks))
	t = string([]byte(t)) // own copy: t may be a normalizer view
	ix.vocab[t] = id
	ix.toks = append(ix.toks, tokInfo{text: t, joined: joined})
	return id
}

// countAndJoin builds postings (token -> names, each name once), adds the
// joined form of every pair of adjacent words and counts document
// frequencies.
func (ix *index) countAndJoin() [][]uint32 {
	var postings [][]uint32
	add := func(tok, name uint32) {
		for int(tok) >= len(postings) {
			postings = append(postings, nil)
		}
		p := postings[tok]
		if len(p) > 0 && p[len(p)-1] == name {
			return
		}
		postings[tok] = append(p, name)
	}
	var join []byte
	for ni := range ix.names {
		n := &ix.names[ni]
		for i, t := range n.toks {
			add(t, uint32(ni))
			if i+1 < len(n.toks) {
				join = append(append(join[:0], ix.toks[t].text...), ix.toks[n.toks[i+1]].text...)
				add(ix.intern(string(join), true), uint32(ni))
			}
		}
	}
	for len(postings) < len(ix.toks) {
		postings = append(postings, nil)
	}
	for i, p := range postings {
		ix.toks[i].df = uint32(len(p))
	}
	return postings
}

// classify gives every token its class and weight: curated classes first,
// then words frequent across the loaded names.
func (ix *index) classify(cfg MatchConfig, w *wordTables) {
	extra := make(map[string]bool, len(cfg.CommonWords))
	for _, c := range cfg.CommonWords {
		extra[c] = true
	}
	for i := range ix.toks {
		t := &ix.toks[i]
		if t.joined {
			continue
		}
		t.class = w.staticClass(t.text)
		if extra[t.text] && t.class > classGeneric {
			t.class = classGeneric
		}
		if t.class > classFrequent && int(t.df) >= cfg.FrequentMin && float64(t.df) >= cfg.FrequentShare*float64(ix.nNames) {
			t.class = classFrequent
		}
		t.weight = classWeight(t.class, len(t.text))
	}
	// A joined token is as telling as the more telling of its parts.
	for ni := range ix.names {
		n := &ix.names[ni]
		for i := 0; i+1 < len(n.toks); i++ {
			a, b := ix.toks[n.toks[i]], ix.toks[n.toks[i+1]]
			j := &ix.toks[ix.vocab[a.text+b.text]]
			if !j.joined {
				continue // the pair spells an existing word; that word keeps its class
			}
			j.class = max(j.class, a.class, b.class)
			j.weight = max(j.weight, a.weight+b.weight)
		}
	}
}

// classWeight is the weight of a word of a class and length.
func classWeight(c wordClass, n int) float32 {
	switch c {
	case classStop:
		return 0
	case classGeneric:
		return 0.15
	case classPlace:
		return 0.3
	case classFrequent:
		return 0.35
	case classSurname:
		return 0.4
	}
	switch n {
	case 1:
		return 0.3 // an initial
	case 2:
		return 0.6
	case 3:
		return 0.85
	}
	return 1
}

func (ix *index) flatten(postings [][]uint32) {
	ix.postOff = make([]uint32, len(postings)+1)
	total := 0
	for _, p := range postings {
		total += len(p)
	}
	ix.post = make([]uint32, 0, total)
	for i, p := range postings {
		ix.postOff[i] = uint32(len(ix.post))
		ix.post = append(ix.post, p...)
	}
	ix.postOff[len(postings)] = uint32(len(ix.post))
}

// postings returns the names holding token id.
func (ix *index) postings(id uint32) []uint32 { return ix.post[ix.postOff[id]:ix.postOff[id+1]] }

// indexDeletions records every one-letter deletion of each word long
// enough for a typo (places and names; common words are matched as
// written), so that a party word one edit away finds it.
func (ix *index) indexDeletions(cfg MatchConfig) {
	lists := map[uint64][]uint32{}
	for id, t := range ix.toks {
		if t.class < classPlace || t.joined || len(t.text) < cfg.MinTypoLength {
			continue // common words are matched as written
		}
		for i := 0; i < len(t.text); i++ {
			h := nonZero(fnvDeleted(t.text, i))
			if l := lists[h]; len(l) == 0 || l[len(l)-1] != uint32(id) {
				lists[h] = append(l, uint32(id))
			}
		}
	}
	keys := make([]uint64, 0, len(lists))
	for h := range lists {
		keys = append(keys, h)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	ix.dels = newHashTable(len(keys))
	for _, h := range keys {
		ix.dels.put(h, uint32(len(ix.delIDs)))
		ix.delIDs = append(ix.delIDs, uint32(len(lists[h])))
		ix.delIDs = append(ix.delIDs, lists[h]...)
	}
}

// deleted returns the ids of tokens that, with one letter deleted, hash
// to h (collisions included: callers check the edit distance).
func (ix *index) deleted(h uint64) []uint32 {
	at, ok := ix.dels.get(h)
	if !ok {
		return nil
	}
	n := ix.delIDs[at]
	return ix.delIDs[at+1 : at+1+n]
}

// lookup returns the id of the token whose text hashes to h and equals
// text.
func (ix *index) lookup(h uint64, text string) (uint32, bool) {
	id, ok := ix.exact.get(h)
	if !ok || ix.toks[id].text != text {
		return 0, false // absent, or another text with the same hash
	}
	return id, true
}
