package rules

import "github.com/precursorwatch/precursor/chemicals"

// itemMatcher is what Enrich needs of *chemicals.Matcher; tests may
// substitute their own.
type itemMatcher interface {
	Match(it chemicals.Item) chemicals.Result
}

// newCatalogMatcher builds the catalog matcher.
func newCatalogMatcher(cat *chemicals.Catalog) itemMatcher { return chemicals.NewMatcher(cat) }
