package rules

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr/ast"
)

// function is one helper function of the rule language, declared once:
// its documentation, its implementation with the typed signatures expr
// checks calls against and the fast path the batch programs call, what it
// needs to be true (guards), which literal arguments are checked at load
// time and which shipment fields it reads (evidence). functions is the
// table of them; it registers the helpers with expr, drives the guard
// analysis, the literal checks and the evidence of hits, and generates
// `precursor rules env` (rules/ENV.md). Like expr's builtin.Function.
type function struct {
	Name      string // as written in conditions
	Signature string // for documentation; checked against the implementation
	Doc       string
	Example   string
	// Catalog says which literal string arguments must name catalog
	// entries: "id" (chemical ids), "family" or "id|family". Named ids and
	// families also select the matches shown as a hit's evidence.
	Catalog string

	// needs are the facts without which the helper is false (or, for a
	// number, 0): the guard analysis skips rules that need them.
	needs guard
	// reads are the shipment fields the helper reads, shown as evidence.
	reads []string
	// arg is the kind of the literal string arguments when they are not
	// catalog names (Catalog): country codes, an HS prefix, ... (see
	// literal.go); nil when any string will do. args gives one kind per
	// position instead, for helpers whose arguments differ in kind.
	arg  *literalKind
	args []*literalKind
	// party is set for the helpers that read the party hits: it returns,
	// for a call's literal arguments, which hits the call looks at, and so
	// which a rule's evidence shows (evidence_parties.go).
	party func(lits []string) partySelector
	// cost is what one call costs, in steps: the static cost bound of a
	// condition adds it, and a call charges it to the run-time budget.
	cost helperCost
	impl helperImpl
}

// helperImpl is how a helper runs. The shapes below (nullary, unary,
// variadic, route) build it from one plain Go function, so the generic
// call, the typed signatures and the fast path cannot disagree.
type helperImpl struct {
	// types are the signatures for expr's checker, env first.
	types []any
	// listType is the signature of the list variant (NAME_list(env,
	// []any)) of a ...string helper, to which literal argument lists and
	// any(lists.NAME, helper(#)) are rewritten; nil for other helpers.
	listType any
	// number is true for helpers returning a number.
	number bool
	// call evaluates the helper; args exclude the env.
	call func(e *Env, args []any) (any, error)
	// bind returns, for literal arguments args, a closure of a signature
	// expr's VM calls directly (func(any) bool, func(any) int, func(any)
	// float64), or nil when args do not fit. The batch programs call it.
	bind func(args []any) any
}

// result are the helper result types expr's VM calls without reflection.
type result interface{ bool | int | float64 }

func isNumber[R result]() bool {
	_, isBool := any(*new(R)).(bool)
	return !isBool
}

// env is the *Env a typed closure receives as any.
func env(e any) *Env { return e.(*Env) }

// nullary is the shape of helpers without arguments.
func nullary[R result](f func(*Env) R) helperImpl {
	return helperImpl{
		types:  []any{new(func(any) R)},
		number: isNumber[R](),
		call:   func(e *Env, _ []any) (any, error) { return f(e), nil },
		bind: func(args []any) any {
			if len(args) != 0 {
				return nil
			}
			return func(e any) R { return f(env(e)) }
		},
	}
}

// unary is the shape of helpers of one string argument.
func unary[R result](f func(*Env, string) R) helperImpl {
	return helperImpl{
		types:  []any{new(func(any, string) R)},
		number: isNumber[R](),
		call:   func(e *Env, a []any) (any, error) { return f(e, a[0].(string)), nil },
		bind: func(args []any) any {
			if len(args) != 1 {
				return nil
			}
			s, ok := args[0].(string)
			if !ok {
				return nil
			}
			return func(e any) R { return f(env(e), s) }
		},
	}
}

// variadic is the shape of helpers of ...string arguments, true when any
// argument satisfies them; f receives the arguments as strings in []any.
func variadic[R result](f func(*Env, []any) R) helperImpl {
	return helperImpl{
		types:    []any{new(func(any, ...string) R)},
		listType: new(func(any, []any) R),
		number:   isNumber[R](),
		call:     func(e *Env, a []any) (any, error) { return f(e, a), nil },
		bind: func(args []any) any {
			for _, a := range args {
				if _, ok := a.(string); !ok {
					return nil
				}
			}
			l := append([]any(nil), args...)
			return func(e any) R { return f(env(e), l) }
		},
	}
}

// withBind replaces a shape's fast path by one of the helper's own (its
// arguments prepared once per program); it must compute what call does.
func withBind(h helperImpl, bind func(args []any) any) helperImpl {
	h.bind = bind
	return h
}

// exprFunc adapts a helper to expr's calling convention: the patcher passes
// the *Env as the first argument.
func (f *function) exprFunc() func(params ...any) (any, error) {
	call, name, cost := f.impl.call, f.Name, f.cost
	return func(params ...any) (any, error) {
		if len(params) == 0 {
			return nil, fmt.Errorf("%s: missing environment", name)
		}
		env, ok := params[0].(*Env)
		if !ok {
			return nil, fmt.Errorf("%s: environment is %T, not *rules.Env", name, params[0])
		}
		if err := env.facts.budget.charge(cost.steps(env, argCount(params[1:]))); err != nil {
			return nil, err
		}
		return call(env, params[1:])
	}
}

// exprListFunc adapts a variadic helper to take its arguments as one
// []any (see listCall).
func (f *function) exprListFunc() func(params ...any) (any, error) {
	call, name, cost := f.impl.call, f.Name, f.cost
	return func(params ...any) (any, error) {
		env, ok := params[0].(*Env)
		list, ok2 := params[1].([]any)
		if !ok || !ok2 {
			return nil, fmt.Errorf("%s: bad arguments %T, %T", name, params[0], params[1])
		}
		if err := env.facts.budget.charge(cost.steps(env, len(list))); err != nil {
			return nil, err
		}
		return call(env, list)
	}
}

// argCount counts a helper's arguments for its cost: a list argument
// counts its elements.
func argCount(args []any) int {
	n := 0
	for _, a := range args {
		switch l := a.(type) {
		case []any:
			n += len(l)
		case []string:
			n += len(l)
		default:
			n++
		}
	}
	return n
}

// variadic reports whether the helper takes ...string.
func (f *function) variadic() bool { return f.impl.listType != nil }

// internalName is the name a helper is registered under with expr; the
// patcher rewrites calls to it and passes the Env first, so helper names may
// coincide with field names (route).
func internalName(name string) string { return "__" + name }

// listName is the name the list variant of a helper is registered under.
func listName(internal string) string { return internal + "_list" }

// functionIndex maps helper names, internal names and list-variant names
// to their entry.
var functionIndex = func() map[string]*function {
	m := map[string]*function{}
	for i := range functions {
		f := &functions[i]
		m[f.Name], m[internalName(f.Name)] = f, f
		if f.variadic() {
			m[listName(internalName(f.Name))] = f
		}
	}
	return m
}()

// functionByName returns the helper written name, or nil.
func functionByName(name string) *function {
	if strings.HasPrefix(name, "__") {
		return nil
	}
	return functionIndex[name]
}

// calledHelper returns the helper a call names, or nil when the call is
// not of a helper (a builtin, a method, a closure).
func calledHelper(n *ast.CallNode) *function {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		return nil
	}
	return functionByName(id.Value)
}

// functionByInternal returns the helper an internal or list-variant name
// registers, and whether it is the list variant.
func functionByInternal(name string) (*function, bool) {
	f := functionIndex[name]
	if f == nil || !strings.HasPrefix(name, "__") {
		return nil, false
	}
	return f, strings.HasSuffix(name, "_list") && f.variadic() && name == listName(internalName(f.Name))
}
