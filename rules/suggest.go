package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hbollon/go-edlib"
)

// maxSuggestions bounds how many names a did-you-mean offers: more are
// noise, and then none is offered.
const maxSuggestions = 3

// nearest returns the candidates an author most likely meant by word: the
// one equal but for case, else those at the smallest edit distance
// (insertion, deletion, substitution, swap of neighbours; optimal string
// alignment), when that distance is small for the word's length (one edit
// up to four characters, two up to eight, three beyond). Ties are sorted;
// more than maxSuggestions at the best distance give none.
func nearest(word string, candidates []string) []string {
	if word == "" {
		return nil
	}
	for _, c := range candidates {
		if c != word && strings.EqualFold(c, word) {
			return []string{c}
		}
	}
	limit := 1 + min(len(word)-1, 8)/4
	best, out := limit+1, []string(nil)
	lw := strings.ToLower(word)
	for _, c := range candidates {
		if c == word {
			continue
		}
		d := edlib.OSADamerauLevenshteinDistance(lw, strings.ToLower(c))
		switch {
		case d > limit:
		case d < best:
			best, out = d, []string{c}
		case d == best && !slices.Contains(out, c):
			out = append(out, c)
		}
	}
	if len(out) > maxSuggestions {
		return nil
	}
	slices.Sort(out)
	return out
}

// didYouMeanQuoted renders suggestions as `; did you mean "a" or "b"?`, ""
// when there are none.
func didYouMeanQuoted(near []string) string {
	if len(near) == 0 {
		return ""
	}
	return fmt.Sprintf("; did you mean %s?", quoteAll(near))
}

// didYouMeanNamed renders suggestions of names written bare in conditions
// (helpers, macros, fields) with what each is: `; did you mean hasChemical
// (a function: hasChemical(ids ...string) bool)?`.
func didYouMeanNamed(near []string, what func(string) string) string {
	if len(near) == 0 {
		return ""
	}
	parts := make([]string, len(near))
	for i, n := range near {
		parts[i] = n + " (" + what(n) + ")"
	}
	if len(parts) == 1 {
		return "; did you mean " + parts[0] + "?"
	}
	return "; did you mean " + strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1] + "?"
}

// nameSuggestion suggests, for an unknown name in a condition, the field,
// helper function or macro of the pack probably meant.
func (c *compiler) nameSuggestion(name string) string {
	var names []string
	for f := range envFields {
		names = append(names, f)
	}
	for i := range functions {
		names = append(names, functions[i].Name)
	}
	for m := range c.macroNames {
		names = append(names, m)
	}
	return didYouMeanNamed(nearest(name, names), func(n string) string {
		switch {
		case c.macroNames[n]:
			return "a macro"
		case functionByName(n) != nil:
			return "a function: " + functionByName(n).Signature
		}
		return "a field"
	})
}

// listNames are the names of the pack's lists.
func (c *compiler) listNames() []string {
	names := make([]string, 0, len(c.lists))
	for n := range c.lists {
		names = append(names, n)
	}
	return names
}

// DidYouMean returns `; did you mean "x"?` naming the names an author most
// likely meant by word (a rule id, an exception, ...), or "".
func DidYouMean(word string, names []string) string {
	return didYouMeanQuoted(nearest(word, names))
}
