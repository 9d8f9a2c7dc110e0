package chemicals

import "sort"

//go:generate go run ./internal/confusablesgen -o confusables_table.go

// Unicode confusables: characters of other scripts (Cyrillic "а", Greek
// omicron, Cherokee "Ꭺ") and mathematical letters that look like Latin
// letters or digits. The table is generated from the Unicode consortium's
// confusables data (UTS #39, Confusable Detection) by
// internal/confusablesgen; TestConfusablesTableCurrent keeps it current.
// Characters whose compatibility decomposition already gives the Latin
// letter (full-width forms) are not in it: normalisation reads those as
// plain letters.

// confusableFold is one entry of the generated table.
type confusableFold struct {
	r     rune
	latin string
}

// confusableLatin returns the Latin letters or digits r looks like.
func confusableLatin(r rune) (string, bool) {
	i := sort.Search(len(confusableFolds), func(i int) bool { return confusableFolds[i].r >= r })
	if i < len(confusableFolds) && confusableFolds[i].r == r {
		return confusableFolds[i].latin, true
	}
	return "", false
}
