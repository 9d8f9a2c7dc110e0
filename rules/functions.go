package rules

import "slices"

// Functions lists every helper function of the rule language, in the order
// of the reference (rules/ENV.md). Each group lives with its
// implementations: helpers_match.go, helpers_control.go, helpers_route.go,
// helpers_items.go.
var Functions = slices.Concat(matchFunctions, controlFunctions, routeFunctions, itemFunctions)
