package chemicals

import (
	"math/rand"
	"strings"
	"testing"
)

// exhaustiveBest is the fuzzy search without any shortcut: every key of the
// window start's candidate lists is compared with every whole-token window
// whose length is within its edit limit (as specified in fuzzy.go), by
// edit distance and the chemistry guards; no letter-set test, no length
// order, no cut-off at the longest key. It returns what best must return.
func exhaustiveBest(f *fuzzyIndex, n *normText, t int, stop []bool) (fuzzyHit, bool) {
	buf := n.buf
	cs := n.toks[t].cs
	if int(cs)+minFuzzyLen-1 > len(buf) {
		return fuzzyHit{}, false
	}
	if tk := &n.toks[t]; tk.ce-tk.cs <= 3 && !f.shortStart(buf[tk.cs:tk.ce]) {
		return fuzzyHit{}, false
	}
	b := buf[cs : cs+3]
	first := f.candidates(b[0], b[1], b[2])
	var second []fuzzyCand
	if b[0] == 'h' || b[1] == 'h' || b[2] == 'h' {
		if h := withoutH(buf[cs:min(int(cs)+6, len(buf))], 3); len(h) == 3 {
			second = f.candidates(h[0], h[1], h[2])
		}
	}
	var ends []int32 // the windows: whole tokens from t, not over stop tokens
	for j := t; j < len(n.toks) && len(ends) < maxWindow && (j == t || !stop[j]); j++ {
		ends = append(ends, n.toks[j].ce)
	}
	best, bestRank := fuzzyHit{dist: 99}, int32(0)
	try := func(c fuzzyCand, rank int32) {
		fk := &f.keys[c.id]
		k := int(fk.k)
		for w, end := range ends {
			if l := int(end - cs); l < len(fk.key)-k || l > len(fk.key)+k+1 {
				continue
			}
			j := t + w
			d, text, kk := fuzzyDistance(buf[cs:end], fk.key, fk.keyNoH, k)
			if d == 0 || d > k || !fuzzyCompatible(text, kk) || d == 2 && twoLetterGap(text, kk) ||
				!sameWordCount(n, t, j, int(fk.words), d) || !shortWordsKept(n, t, j, fk.key) || !alkylsKept(n, t, j, fk.key) {
				continue
			}
			if d < best.dist || d == best.dist && (j > best.last || j == best.last && rank < bestRank) {
				best, bestRank = fuzzyHit{pat: f.pat[c.id], first: t, last: j, dist: d}, rank
			}
		}
	}
	inFirst := map[int32]bool{}
	for _, c := range first {
		inFirst[c.id] = true
		try(c, int32(c.rank))
	}
	for _, c := range second {
		if !inFirst[c.id] {
			try(c, int32(len(first))+int32(c.rank))
		}
	}
	return best, best.dist <= 2
}

// checkPrefilterExact compares best with exhaustiveBest at every token of
// text, normalised as the matcher does (literal mode for the literal
// index), with no stop tokens and with every other token stopped.
func checkPrefilterExact(t *testing.T, m *Matcher, text string) (hits int) {
	t.Helper()
	var fs fuzzyScratch
	for _, idx := range []struct {
		f       *fuzzyIndex
		literal bool
	}{{m.fuzzy, false}, {m.fuzzyLit, true}} {
		n := normText{literal: idx.literal}
		n.normalize(text)
		fs.prepare()
		for _, stops := range [][]bool{make([]bool, len(n.toks)), alternate(len(n.toks))} {
			for tok := range n.toks {
				want, wantOK := exhaustiveBest(idx.f, &n, tok, stops)
				got, gotOK := idx.f.best(&n, tok, stops, &fs)
				if gotOK != wantOK || gotOK && got != want {
					t.Fatalf("%q (literal %v), token %d: prefiltered search %+v %v, every key compared %+v %v",
						text, idx.literal, tok, got, gotOK, want, wantOK)
				}
				if gotOK {
					hits++
				}
			}
		}
	}
	return hits
}

func alternate(n int) []bool {
	b := make([]bool, n)
	for i := 1; i < n; i += 2 {
		b[i] = true
	}
	return b
}

// TestFuzzyPrefilterExact: the prefiltered fuzzy search finds exactly what
// comparing every candidate key with every window finds, on every catalog
// key and spelling misspelt every way (a letter dropped, added, replaced,
// two swapped, an h added; one edit and two), the benign corpus and the
// positives, and random mixes of them.
func TestFuzzyPrefilterExact(t *testing.T) {
	m, c := defaultMatcher(t)
	var texts []string
	for _, e := range c.Entries {
		texts = append(texts, e.Name, e.IUPAC)
		texts = append(texts, e.Synonyms...)
		for _, n := range e.Names {
			texts = append(texts, n.Text)
		}
	}
	for _, f := range []*fuzzyIndex{m.fuzzy, m.fuzzyLit} {
		for _, k := range f.keys {
			// the longest windows a key is compared with: two letters
			// added apart, and three h's (the comparison may drop them),
			// inside the key or as tokens after it
			l := len(k.key)
			texts = append(texts, k.key, insertAt(k.key, "e", l/3, 2*l/3),
				insertAt(k.key, "h", l/4, l/2, 3*l/4), insertAt(k.key, "h", l/3, 2*l/3), k.key+" h h h 4")
		}
	}
	var corpus []string
	for _, r := range readTSV(t, "testdata/benign.txt", 2) {
		corpus = append(corpus, r.fields[0])
	}
	for _, r := range readTSV(t, "testdata/positives.tsv", 5) {
		corpus = append(corpus, r.fields[2])
	}
	rng := rand.New(rand.NewSource(9))
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	var all []string
	for _, s := range texts {
		all = append(all, s)
		for range rounds {
			once := misspell(rng, s)
			all = append(all, once, misspell(rng, once))
		}
	}
	all = append(all, corpus...)
	for range 50 * rounds {
		a, b := corpus[rng.Intn(len(corpus))], texts[rng.Intn(len(texts))]
		all = append(all, a+" "+misspell(rng, b), misspell(rng, b)+", "+a)
	}
	hits := 0
	for _, s := range all {
		hits += checkPrefilterExact(t, m, s)
	}
	if hits < len(texts) {
		t.Errorf("only %d fuzzy hits over %d texts: the comparison is not exercised", hits, len(all))
	}
	t.Logf("%d texts, %d fuzzy hits, all as comparing every key finds", len(all), hits)
}

// insertAt inserts ins into s before each of the offsets (ascending).
func insertAt(s, ins string, at ...int) string {
	var b strings.Builder
	prev := 0
	for _, i := range at {
		b.WriteString(s[prev:i])
		b.WriteString(ins)
		prev = i
	}
	b.WriteString(s[prev:])
	return b.String()
}

// TestFuzzyReach: the windows prepared for a window start reach as far as
// the longest window any candidate of its list is compared with, and the
// lists are ordered by the shortest window (what probe and begin rely on).
func TestFuzzyReach(t *testing.T) {
	m, _ := defaultMatcher(t)
	for _, f := range []*fuzzyIndex{m.fuzzy, m.fuzzyLit} {
		for x := 0; x+1 < len(f.candStart); x++ {
			cands := f.cands[f.candStart[x]:f.candStart[x+1]]
			for i, c := range cands {
				if r := f.reach(cands); int32(c.maxLen) > r {
					t.Fatalf("list %d: key %q is compared with windows of %d bytes, reach is %d", x, f.keys[c.id].key, c.maxLen, r)
				}
				if i > 0 && c.minLen < cands[i-1].minLen {
					t.Fatalf("list %d is not ordered by minLen at %d", x, i)
				}
				if fk := f.keys[c.id]; int32(c.minLen) != fk.minLen || int32(c.maxLen) != fk.maxLen || fk.maxLen-fk.minLen != 2*fk.k+1 {
					t.Fatalf("list %d: key %q lengths %d..%d, record %d..%d, k %d", x, fk.key, c.minLen, c.maxLen, fk.minLen, fk.maxLen, fk.k)
				}
			}
		}
	}
}

// misspell applies one random edit to s: a letter dropped, added or
// replaced, two neighbours swapped, or an h added.
func misspell(rng *rand.Rand, s string) string {
	if len(s) < 2 {
		return s
	}
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789 -"
	i := rng.Intn(len(s))
	switch rng.Intn(5) {
	case 0:
		return s[:i] + s[i+1:]
	case 1:
		return s[:i] + string(letters[rng.Intn(len(letters))]) + s[i:]
	case 2:
		return s[:i] + string(letters[rng.Intn(len(letters))]) + s[i+1:]
	case 3:
		if i+1 < len(s) {
			return s[:i] + s[i+1:i+2] + s[i:i+1] + s[i+2:]
		}
		return s
	}
	return s[:i] + "h" + s[i:]
}

// FuzzFuzzyPrefilter: on any text, the prefiltered fuzzy search finds
// exactly what comparing every candidate key with every window finds.
func FuzzFuzzyPrefilter(f *testing.F) {
	for _, s := range []string{
		"4-anilinopiperdine", "pehnylacetone", "N-phenehtyl-4-piperidone", "nroephedrine", "1-phenyl-2-prpoanone",
		"hpenylacetic acid", "phenylacetic acd", "ethyl phenylacetate 99%", "methyl methacrylate", "nitromethane",
		"Stainless steel cookware set, 12 pieces", "N-phenypliperidin-4-amine", "pseudoefedrina clorhidrato",
		strings.Repeat("phenyl ", 20), "a b c d e f g h i j k l m n o p q r s t",
	} {
		f.Add(s)
	}
	m, _ := defaultMatcher(f)
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 512 {
			return
		}
		checkPrefilterExact(t, m, s)
	})
}
