package variants

import (
	"strings"
	"sync"
)

// NearMiss returns a legitimate-looking company that shares the listed
// name's place and trade words but not its distinctive word: that word is
// replaced by another brand at least two letters away, as happens with
// real firms of one city and trade.
func (g *Generator) NearMiss(listed string) string {
	words := strings.Fields(listed)
	longest := -1
	for i, w := range words {
		if isWord(w) && !commonWords()[strings.ToLower(w)] && (longest < 0 || len(w) > len(words[longest])) {
			longest = i
		}
	}
	if longest < 0 {
		c, _ := g.Company()
		return c
	}
	orig := strings.ToLower(words[longest])
	for {
		b := brand(g.rng)
		if distance(strings.ToLower(b), orig) >= 3 {
			words[longest] = b
			return strings.Join(words, " ")
		}
	}
}

// commonWords are the words a near miss keeps, built once.
var commonWords = sync.OnceValue(func() map[string]bool {
	common := map[string]bool{}
	for _, list := range [][]string{provinces, trades, cnLegal, inPlaces, inTrades, mxTrades} {
		for _, s := range list {
			for _, w := range strings.Fields(s) {
				common[strings.ToLower(strings.Trim(w, ".,"))] = true
			}
		}
	}
	for _, w := range strings.Fields("co ltd limited company and import export new trading technology pvt private sa de cv") {
		common[w] = true
	}
	return common
})

// distance is the Levenshtein distance of two short ASCII words.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
