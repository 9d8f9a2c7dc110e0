package rules

import "slices"

// functions lists every helper function of the rule language, in the order
// of the reference (rules/ENV.md). Each group lives with its
// implementations: helpers_match.go, helpers_control.go, helpers_route.go,
// helpers_items.go, helpers_parties.go, helpers_structure.go.
var functions = slices.Concat(matchFunctions, controlFunctions, routeFunctions, itemFunctions, partyFunctions, structureFunctions)
