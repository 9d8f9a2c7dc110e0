package rules

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/precursorwatch/precursor/manifest"
)

// TestFunctionsComplete fails when an entry of the helper table is
// incomplete or its documentation disagrees with its implementation.
func TestFunctionsComplete(t *testing.T) {
	seen := map[string]bool{}
	for i := range functions {
		f := &functions[i]
		t.Run(f.Name, func(t *testing.T) {
			if f.Name == "" || seen[f.Name] || f.Signature == "" || f.Doc == "" || f.Example == "" {
				t.Fatalf("entry lacks a unique name, signature, doc or example: %+v", *f)
			}
			seen[f.Name] = true
			if f.impl.call == nil || f.impl.bind == nil || len(f.impl.types) == 0 {
				t.Fatal("entry lacks its implementation (use nullary, unary, variadic or a helperImpl)")
			}
			name, params, res := splitSignature(t, f.Signature)
			typ := reflect.TypeOf(f.impl.types[0]).Elem()
			if name != f.Name || typ.Out(0).String() != res || f.impl.number != (res != "bool") {
				t.Errorf("signature %q does not document %s %v", f.Signature, f.Name, typ)
			}
			if typ.NumIn()-1 != len(params) || strings.Contains(f.Signature, "...string") != f.variadic() {
				t.Errorf("signature %q: parameters do not match %v", f.Signature, typ)
			}
			if !slices.Contains([]string{"", "id", "family", "id|family"}, f.Catalog) {
				t.Errorf("Catalog %q: want \"\", id, family or id|family", f.Catalog)
			}
			if exampleCall(t, f) == nil {
				t.Errorf("example %q does not call %s with literal arguments", f.Example, f.Name)
			}
			full := fullEnv()
			for _, field := range f.reads {
				shown := len(fieldEvidence(nil, field, full)) > 0
				if itemFields[field] {
					shown = len(full.Items) > 0 && itemValue(full.Items[0], field) != ""
				}
				if !shown {
					t.Errorf("reads %q: not a field evidence can show", field)
				}
			}
		})
	}
}

// TestFunctionsFastPathAndGuards checks each helper on benign and risky
// shipments, with its example's arguments: the typed fast path agrees
// with the plain call, and a helper that declares it needs a fact is false
// (or 0) without it.
func TestFunctionsFastPathAndGuards(t *testing.T) {
	e := testEngine(t).WithParties(partyLists(t))
	var env Env
	for _, raw := range mixedEvents(100) {
		m, err := manifest.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		env.reset(m, e.Enrich(m), nil)
		for i := range functions {
			f := &functions[i]
			args := exampleCall(t, f)
			want, err := f.impl.call(&env, args)
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			if got := callTyped(f.impl.bind(args), &env); got != want {
				t.Errorf("%s: %s: fast path %v, call %v", m.ShipmentID, f.Example, got, want)
			}
			lacks := f.needs&needMatch != 0 && !env.facts.confident || f.needs&needBadCAS != 0 && !env.facts.casInvalid ||
				f.needs&needParty != 0 && !env.facts.listed || f.needs&needHS != 0 && !env.hsDeclaredSet(hsArgs(args))
			if lacks && want != false && want != 0.0 && want != 0 {
				t.Errorf("%s: %s = %v without the facts it needs", m.ShipmentID, f.Example, want)
			}
		}
	}
}

// hsArgs is the hsGuard of a call with the arguments args (guard.go).
func hsArgs(args []any) *hsPrefixes {
	var prefixes []string
	for _, a := range args {
		if s, ok := a.(string); ok {
			prefixes = append(prefixes, s)
		}
	}
	return newHSPrefixes(prefixes)
}

// callTyped calls a closure of one of the typed signatures.
func callTyped(fn any, e *Env) any {
	switch fn := fn.(type) {
	case func(any) bool:
		return fn(e)
	case func(any) int:
		return fn(e)
	case func(any) float64:
		return fn(e)
	}
	return fn
}

// splitSignature splits "name(a T, b ...U) R" into name, parameters and R.
func splitSignature(t *testing.T, sig string) (name string, params []string, res string) {
	open, closing := strings.Index(sig, "("), strings.LastIndex(sig, ")")
	if open < 0 || closing < open {
		t.Fatalf("signature %q: want name(params) result", sig)
	}
	if p := strings.TrimSpace(sig[open+1 : closing]); p != "" {
		params = strings.Split(p, ",")
	}
	return sig[:open], params, strings.TrimSpace(sig[closing+1:])
}

// exampleCall returns the literal arguments of the first call of f in its
// example, or nil when there is none.
func exampleCall(t *testing.T, f *function) []any {
	tree, err := parser.Parse(f.Example)
	if err != nil {
		t.Fatalf("example %q: %v", f.Example, err)
	}
	var args []any
	found := false
	ast.Find(tree.Node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallNode)
		if !ok || found {
			return false
		}
		if id, ok := call.Callee.(*ast.IdentifierNode); !ok || id.Value != f.Name {
			return false
		}
		found, args = true, []any{}
		for _, a := range call.Arguments {
			v, ok := literalValue(a)
			if !ok {
				found = false
				return false
			}
			args = append(args, v)
		}
		return true
	})
	if !found {
		return nil
	}
	return args
}

// fullEnv is an Env with every field and item field set.
func fullEnv() *Env {
	it := &Item{Line: 1, Description: "d", HSCode: "2933", CAS: "50-00-0", Quantity: 2, Unit: "kg", Kg: 2, GrossWeightKg: 2.5}
	return &Env{ShipmentID: "S", EventType: "filed", Mode: "air", Origin: "CN", OriginLocode: "CNSHA",
		Destination: "MX", DestinationLocode: "MXZLO", Route: []string{"HK"}, Shipper: Party{Name: "a"},
		Consignee: Party{Name: "b"}, NotifyParty: Party{Name: "c"}, Value: 1, Currency: "USD", Items: []*Item{it}}
}
