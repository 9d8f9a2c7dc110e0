package rules

import (
	"slices"

	"github.com/expr-lang/expr/ast"
	"github.com/precursorwatch/precursor/parties"
)

// partySelector says which party hits one call of a party helper looks
// at: those of the roles (every role when empty), of the kind or on the
// list what ("" any), under one of the programmes (any when empty). A hit
// of a rule shows as evidence the party hits some call of the rule (or of
// its macros) looks at, cleared ones included, marked with their
// exception.
type partySelector struct {
	roles      []string
	what       string
	programmes []string
}

// selects reports whether the call looks at h.
func (s *partySelector) selects(h *parties.Hit) bool {
	if len(s.roles) > 0 && !slices.Contains(s.roles, string(h.Role)) {
		return false
	}
	if s.what != "" && !isKindOrList(h, s.what) {
		return false
	}
	if len(s.programmes) == 0 {
		return true
	}
	return slices.ContainsFunc(s.programmes, func(p string) bool { return hasProgramme(h, p) })
}

// partyRefs are the selectors of a condition's party helper calls.
type partyRefs []partySelector

// add records a call of a party helper; a call with an argument that is
// not a literal looks at every hit.
func (p *partyRefs) add(fn *function, call *ast.CallNode) {
	lits := make([]string, 0, len(call.Arguments))
	for _, a := range call.Arguments {
		lit, ok := a.(*ast.StringNode)
		if !ok {
			*p = append(*p, partySelector{})
			return
		}
		lits = append(lits, lit.Value)
	}
	*p = append(*p, fn.party(lits))
}

func (p *partyRefs) merge(o partyRefs) { *p = append(*p, o...) }

// shows reports whether h explains a hit of the rule.
func (p partyRefs) shows(h *parties.Hit) bool {
	for i := range p {
		if p[i].selects(h) {
			return true
		}
	}
	return false
}

// partyEvidence appends the party hits that explain a hit of r.
func partyEvidence(out []Evidence, r *rule, env *Env) []Evidence {
	if len(r.refs.parties) == 0 {
		return out
	}
	for i := range env.facts.parties {
		if h := &env.facts.parties[i]; r.refs.parties.shows(h) {
			out = append(out, Evidence{Party: h})
		}
	}
	return out
}

// partyEvidenceSize bounds the number of entries partyEvidence appends.
func partyEvidenceSize(r *rule, env *Env) int {
	if len(r.refs.parties) == 0 {
		return 0
	}
	return len(env.facts.parties)
}
