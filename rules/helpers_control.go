package rules

import (
	"github.com/precursorwatch/precursor/chemicals"
)

// controlFunctions ask about the control status of what matched and about
// facts the matcher found.
var controlFunctions = []function{
	{Name: "controlledIn", Signature: "controlledIn(jurisdiction string) bool",
		Doc:     "Some matched chemical is controlled in the jurisdiction (UN, US, CN, MX, EU, CA, HK) as of the event date.",
		Example: `controlledIn("US")`,
		needs:   needMatch,
		arg:     &jurisdictionKind,
		cost:    helperCost{sizeChemicals, false},
		impl:    unary((*Env).controlledIn)},
	{Name: "anyControlled", Signature: "anyControlled() bool",
		Doc:     "Some matched chemical is controlled in at least one jurisdiction as of the event date.",
		Example: `anyControlled() and mode == "express"`,
		needs:   needMatch,
		cost:    helperCost{sizeChemicals, false},
		impl:    nullary((*Env).anyControlled)},
	{Name: "watchlisted", Signature: "watchlisted() bool",
		Doc:     "Some matched chemical is on the watchlist: controlled nowhere (at any date) but of concern.",
		Example: `watchlisted() and destination == "MX"`,
		needs:   needMatch,
		impl:    nullary(func(e *Env) bool { return e.facts.watchlisted })},
	{Name: "hsMismatch", Signature: "hsMismatch() bool",
		Doc:     "A chemical matched with confidence >= 0.5 was declared under an HS code that does not fit it.",
		Example: `hsMismatch() and hasFamily("npp")`,
		needs:   needMatch,
		impl:    nullary(func(e *Env) bool { return e.facts.hsMismatch })},
	{Name: "casInvalid", Signature: "casInvalid() bool",
		Doc:     "Some item carries a CAS-shaped number whose check digit is wrong (mistyped or tampered).",
		Example: `casInvalid()`,
		needs:   needBadCAS,
		reads:   []string{"cas"},
		impl:    nullary(func(e *Env) bool { return e.facts.casInvalid })},
}

func (e *Env) controlledIn(j string) bool {
	bit := jurisdictionBit(j)
	if bit == 0 {
		return false
	}
	for _, c := range e.facts.controlled {
		if c&bit != 0 {
			return true
		}
	}
	return false
}

func (e *Env) anyControlled() bool {
	for _, c := range e.facts.controlled {
		if c != 0 {
			return true
		}
	}
	return false
}

// jurisdictionBit returns the bit of j in a controlled set, 0 if unknown.
func jurisdictionBit(j string) uint16 {
	for i, k := range chemicals.Jurisdictions {
		if k == j {
			return 1 << i
		}
	}
	return 0
}
