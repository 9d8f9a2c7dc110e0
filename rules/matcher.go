package rules

import "github.com/precursorwatch/precursor/chemicals"

// itemMatcher is what Enrich needs of *chemicals.Matcher; tests may
// substitute their own.
type itemMatcher interface {
	Match(it chemicals.Item) chemicals.Result
}

// newCatalogMatcher builds the catalog matcher, with the cache of
// repeated items in front of it (matchcache.go).
func newCatalogMatcher(cat *chemicals.Catalog) itemMatcher {
	return newCachingMatcher(chemicals.NewMatcher(cat))
}
