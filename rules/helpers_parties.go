package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/precursorwatch/precursor/parties"
	"github.com/precursorwatch/precursor/parties/listfmt"
)

// partyFunctions ask whether the shipper, consignee or notify party is on
// a loaded sanctions or watch list (package parties screens them when the
// engine has lists, see Engine.WithParties). A hit an exception clears
// never counts: cleared hits are shown in the evidence of a firing party
// rule, marked cleared, and nowhere else.
var partyFunctions = []function{
	{Name: "partyListed", Signature: "partyListed(roles ...string) bool",
		Doc: "A party in one of the roles (shipper, consignee, notify_party; any role when none is given) " +
			"matches an entry of a loaded list and no exception clears the match.",
		Example: `partyListed("consignee", "notify_party")`,
		needs:   needParty,
		party:   func(lits []string) partySelector { return partySelector{roles: lits} },
		arg:     &partyRoleKind,
		cost:    helperCost{sizeOne, true}, // one pass over the few party hits per argument
		impl:    variadic((*Env).partyListed)},
	{Name: "partyHit", Signature: "partyHit(role string, kindOrList string) bool",
		Doc: `The party in role ("any" for every role) has an uncleared hit whose list entry is of the kind ` +
			"(sanction, indictment, export-control, crime, other) or on the list with that id (us-ofac-sdn, un-sc, ...). " +
			"An indictment is an allegation, not a sanction: test the kinds apart.",
		Example: `partyHit("consignee", "sanction")`,
		needs:   needParty,
		party:   partyHitSelector,
		args:    []*literalKind{&partyHitRoleKind, &partyKindOrListKind},
		cost:    helperCost{sizeOne, true}, // one pass over the few party hits per argument
		impl:    partyHitImpl},
	{Name: "partyScore", Signature: "partyScore(roles ...string) float64",
		Doc: "The best score (0 to 1) of the uncleared hits of the parties in the roles (any role when none is given); " +
			"0 when there is none. Hits start at the screening threshold (0.8 by default).",
		Example: `partyScore("shipper") >= 0.95`,
		needs:   needParty,
		party:   func(lits []string) partySelector { return partySelector{roles: lits} },
		arg:     &partyRoleKind,
		cost:    helperCost{sizeOne, true}, // one pass over the few party hits per argument
		impl:    variadic((*Env).partyScore)},
	{Name: "partyProgramme", Signature: "partyProgramme(programmes ...string) bool",
		Doc:     "Some uncleared hit's entry is listed under one of the programmes (as the list writes them, any case), e.g. OFAC's ILLICIT-DRUGS-EO14059 or SDNTK.",
		Example: `partyProgramme("ILLICIT-DRUGS-EO14059", "SDNTK")`,
		needs:   needParty,
		party:   func(lits []string) partySelector { return partySelector{programmes: lits} },
		arg:     &programmeKind,
		cost:    helperCost{sizeOne, true}, // one pass over the few party hits per argument
		impl:    variadic((*Env).partyProgramme)},
}

// partyRoles are the role names party helpers take, as the Env names the
// parties.
var partyRoles = []string{string(parties.RoleShipper), string(parties.RoleConsignee), string(parties.RoleNotify)}

// anyRole is partyHit's role for every role.
const anyRole = "any"

// partyKinds are the kinds of list entries.
var partyKinds = []string{
	string(listfmt.KindSanction), string(listfmt.KindIndictment), string(listfmt.KindExportControl),
	string(listfmt.KindCrime), string(listfmt.KindOther),
}

// partyHitImpl is partyHit's own shape: two strings.
var partyHitImpl = helperImpl{
	types: []any{new(func(any, string, string) bool)},
	call:  func(e *Env, a []any) (any, error) { return e.partyHit(a[0].(string), a[1].(string)), nil },
	bind: func(args []any) any {
		if len(args) != 2 {
			return nil
		}
		role, ok := args[0].(string)
		what, ok2 := args[1].(string)
		if !ok || !ok2 {
			return nil
		}
		return func(e any) bool { return env(e).partyHit(role, what) }
	},
}

// partyHitSelector: partyHit(role, kindOrList) looks at the hits of role
// of that kind or list.
func partyHitSelector(lits []string) partySelector {
	sel := partySelector{}
	if len(lits) == 2 {
		sel.what = lits[1]
		if lits[0] != anyRole {
			sel.roles = lits[:1]
		}
	}
	return sel
}

// checkPartyHit checks partyHit's literals: a role (or "any") first, then
// a kind or a list id.
// The literal kinds of the party helpers' arguments (literal.go).
var (
	partyRoleKind       = enumKind("party role", false, partyRoles...)
	partyHitRoleKind    = enumKind("party role", false, append(slices.Clone(partyRoles), anyRole)...)
	partyKindOrListKind = literalKind{
		name: "list entry kind (" + strings.Join(partyKinds, ", ") + ") or list id",
		problem: func(_ *compiler, v string, _ literalUse) string {
			if slices.Contains(partyKinds, v) || parties.ValidListID(v) {
				return ""
			}
			return fmt.Sprintf("%q is neither a list entry kind (%s) nor a list id (lower-case letters, digits, '-' and '_')%s",
				v, strings.Join(partyKinds, ", "), didYouMeanQuoted(nearest(v, partyKinds)))
		},
	}
	programmeKind = literalKind{
		name: "sanctions programme",
		problem: func(_ *compiler, v string, _ literalUse) string {
			if strings.TrimSpace(v) == "" {
				return "empty programme"
			}
			return ""
		},
	}
)

// counts reports whether a hit counts for the party helpers: the party
// plays one of roles (every role when roles is empty) and no exception
// cleared the hit.
func counts(h *parties.Hit, roles []any) bool {
	if h.Cleared != nil {
		return false
	}
	if len(roles) == 0 {
		return true
	}
	for _, r := range roles {
		if string(h.Role) == r.(string) {
			return true
		}
	}
	return false
}

func (e *Env) partyListed(roles []any) bool {
	for i := range e.facts.parties {
		if counts(&e.facts.parties[i], roles) {
			return true
		}
	}
	return false
}

func (e *Env) partyHit(role, kindOrList string) bool {
	for i := range e.facts.parties {
		h := &e.facts.parties[i]
		if h.Cleared != nil || (role != anyRole && string(h.Role) != role) {
			continue
		}
		if isKindOrList(h, kindOrList) {
			return true
		}
	}
	return false
}

// isKindOrList reports whether h's entry is of the kind, or on the list,
// kindOrList names.
func isKindOrList(h *parties.Hit, kindOrList string) bool {
	return string(h.Kind) == kindOrList || h.List == kindOrList
}

func (e *Env) partyScore(roles []any) float64 {
	var best float64
	for i := range e.facts.parties {
		if h := &e.facts.parties[i]; counts(h, roles) && h.Score > best {
			best = h.Score
		}
	}
	return best
}

func (e *Env) partyProgramme(programmes []any) bool {
	for i := range e.facts.parties {
		h := &e.facts.parties[i]
		if h.Cleared != nil {
			continue
		}
		for _, p := range programmes {
			if hasProgramme(h, p.(string)) {
				return true
			}
		}
	}
	return false
}

// hasProgramme reports whether h's entry is listed under programme (any
// case).
func hasProgramme(h *parties.Hit, programme string) bool {
	for _, hp := range h.Programmes {
		if strings.EqualFold(hp, programme) {
			return true
		}
	}
	return false
}

// listedParty reports whether some hit of the shipment is not cleared:
// the guard fact needParty.
func listedParty(hits []parties.Hit) bool {
	for i := range hits {
		if hits[i].Cleared == nil {
			return true
		}
	}
	return false
}
