package rules

// helperCost is the declared cost of one call of a helper, in the steps
// of the static cost bound (cost.go): what the helper walks, once or once
// per argument. The same declaration bounds a condition at load time
// (bound, for the reference shipment) and is charged at run time (steps,
// for the shipment at hand), so a condition within its static bound never
// exceeds its step limit.
type helperCost struct {
	walks  size // what one pass of the helper walks
	perArg bool // one pass per argument (a list argument counts its elements)
}

// size is a dimension of a shipment a helper may walk.
type size uint8

const (
	sizeOne       size = iota // a fact computed when the Env is built
	sizeItems                 // the line items
	sizeMatches               // every catalog match of every item
	sizeChemicals             // the distinct chemicals matched
	sizeRoute                 // the transit countries
	sizeText                  // the descriptions' text, textBytesPerStep bytes a step
)

// String names what a helper of this size walks, for messages.
func (s size) String() string {
	switch s {
	case sizeItems:
		return "the items"
	case sizeMatches:
		return "every match of every item"
	case sizeChemicals:
		return "the matched chemicals"
	case sizeRoute:
		return "the route"
	case sizeText:
		return "every description"
	}
	return "a fact"
}

// bound is the cost of a call with args arguments on the reference
// shipment.
func (h helperCost) bound(m costModel, args float64) float64 {
	var per float64
	switch h.walks {
	case sizeOne:
		per = 1
	case sizeItems:
		per = m.items
	case sizeMatches:
		per = m.items * m.matches
	case sizeChemicals:
		per = m.chemicals
	case sizeRoute:
		per = m.route
	case sizeText:
		per = m.text
	}
	if h.perArg {
		return per * max(args, 1)
	}
	return per
}

// steps is the cost of a call with n arguments on the shipment of e.
func (h helperCost) steps(e *Env, n int) int {
	var per int
	switch h.walks {
	case sizeOne:
		per = 1
	case sizeItems:
		per = len(e.Items)
	case sizeMatches:
		per = e.facts.matchCount
	case sizeChemicals:
		per = len(e.Chemicals)
	case sizeRoute:
		per = len(e.Route)
	case sizeText:
		per = e.facts.textSteps
	}
	per = max(per, 1)
	if h.perArg {
		return per * max(n, 1)
	}
	return per
}
