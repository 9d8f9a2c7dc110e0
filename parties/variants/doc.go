// Package variants generates party names for synthetic traffic and
// benchmarks: realistic respellings of a listed name (words split or
// joined, order changed, a typo, another legal form, an abbreviation,
// case), legitimate-looking companies and people that are not listed, near
// misses that share a listed name's place and trade but not its
// distinctive word, and filler list entries.
//
// Everything is deterministic for a seed, so a benchmark or a synthetic
// manifest stream is the same on every run. The package knows nothing of
// matching: it only writes names.
package variants
