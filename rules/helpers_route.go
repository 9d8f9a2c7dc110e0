package rules

import (
	"fmt"
	"slices"
)

// routeFunctions ask where the shipment goes.
var routeFunctions = []function{
	{Name: "route", Signature: "route(from []string, to []string) bool",
		Doc:     "The origin is in from and the destination is in to; an empty list matches any country.",
		Example: `route(["CN", "IN"], ["MX"])`,
		reads:   []string{"origin", "destination"},
		arg:     &countryKind,
		cost:    helperCost{sizeOne, true},
		impl:    routeImpl},
	{Name: "transits", Signature: "transits(countries ...string) bool",
		Doc:     "The route passes through one of the countries.",
		Example: `transits("HK", "SG")`,
		reads:   []string{"route"},
		arg:     &countryKind,
		cost:    helperCost{sizeRoute, true},
		impl:    variadic((*Env).transits)},
}

// routeImpl is route's own shape: two lists, each an array literal
// ([]any) or a list of the pack ([]string).
var routeImpl = helperImpl{
	types: []any{new(func(any, []any, []any) bool), new(func(any, []string, []string) bool),
		new(func(any, []any, []string) bool), new(func(any, []string, []any) bool)},
	call: func(e *Env, a []any) (any, error) { return e.route(a[0], a[1]) },
	bind: func(args []any) any {
		if len(args) != 2 {
			return nil
		}
		from, ok := args[0].([]any)
		to, ok2 := args[1].([]any)
		if !ok || !ok2 {
			return nil
		}
		return func(e any) bool {
			ok, _ := env(e).route(from, to) // lists of literals: no error
			return ok
		}
	},
}

// route accepts []any (array literals) and []string (lists) for both sides.
func (e *Env) route(from, to any) (bool, error) {
	inFrom, err := memberOf(e.Origin, from)
	if err != nil || !inFrom {
		return false, err
	}
	return memberOf(e.Destination, to)
}

func memberOf(s string, list any) (bool, error) {
	switch l := list.(type) {
	case []string:
		return len(l) == 0 || slices.Contains(l, s), nil
	case []any:
		if len(l) == 0 {
			return true, nil
		}
		for _, v := range l {
			if v == s {
				return true, nil
			}
		}
		return false, nil
	case nil:
		return true, nil
	}
	return false, fmt.Errorf("route: want a list of country codes, got %T", list)
}

func (e *Env) transits(countries []any) bool {
	for _, c := range countries {
		if slices.Contains(e.Route, c.(string)) {
			return true
		}
	}
	return false
}
