package rules

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/expr-lang/expr/vm/runtime"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// TestStringFieldOffsets reads every string field of the types the batch
// programs read directly at its offset and compares it with reflection.
func TestStringFieldOffsets(t *testing.T) {
	for _, v := range []any{&Env{}, &Party{}, &Item{}, &Match{}} {
		rv := reflect.ValueOf(v).Elem()
		n := 0
		for i := range rv.NumField() {
			f := rv.Type().Field(i)
			if f.Type.Kind() == reflect.String && f.IsExported() {
				rv.Field(i).SetString(fmt.Sprintf("%s-%d", f.Name, i))
			}
		}
		for i := range rv.NumField() {
			f := rv.Type().Field(i)
			tag := f.Tag.Get("expr")
			off, ok := stringFieldOffset(rv.Type(), tag)
			if want := f.Type.Kind() == reflect.String && f.IsExported() && tag != "" && tag != "-"; ok != want {
				t.Fatalf("%s.%s: offset found %v", rv.Type(), f.Name, ok)
			}
			if !ok {
				continue
			}
			n++
			if got, want := atOffset(rv.Addr().UnsafePointer(), off), rv.Field(i).String(); got != want {
				t.Errorf("%s.%s: read %q, want %q", rv.Type(), f.Name, got, want)
			}
		}
		if n == 0 {
			t.Errorf("%T: no string fields", v)
		}
	}
	e := &Env{NotifyParty: Party{Address: "x"}}
	off, ok := envFieldOffset("notify_party", partyType)
	off2, _ := stringFieldOffset(partyType, "address")
	if !ok || atOffset(unsafe.Pointer(e), off+off2) != "x" {
		t.Errorf("notify_party.address not read at its offset")
	}
}

// TestSliceString compares sliceString with expr's runtime.Slice.
func TestSliceString(t *testing.T) {
	for _, s := range []string{"", "2", "2933", "293339", "héllo"} {
		for a := -8; a <= 8; a++ {
			for b := -8; b <= 9; b++ {
				to := &b
				if b == 9 {
					to = nil
				}
				var want any
				if to == nil {
					want = runtime.Slice(s, a, len(s))
				} else {
					want = runtime.Slice(s, a, b)
				}
				if got := sliceString(s, a, to); got != want {
					t.Fatalf("%q[%d:%v] = %q, want %q", s, a, to, got, want)
				}
			}
		}
	}
}

// TestTypedFields checks that the batch program reads the string operands
// of typedFieldConditions without reflection, and that a let whose value
// the walk needs only after its first conjunct is computed after it.
func TestTypedFields(t *testing.T) {
	e := testEngine(t)
	defs := &rulefmt.Pack{Lists: []rulefmt.List{
		{Name: "origins", Values: []string{"CN"}}, {Name: "headings", Values: []string{"2933"}},
		{Name: "words", Values: []string{"acid"}}, {Name: "methods", Values: []string{"name"}},
	}}
	c := newCompiler(defs, e.cat, &yamlsrc.List{})
	for _, text := range typedFieldConditions {
		prog, _ := c.condition(rulefmt.Expr{Text: text}, "rule")
		if prog == nil {
			t.Fatalf("%s: %v", text, *c.ds)
		}
		batch := c.compileBatch([]*rule{{text: text, prog: prog}}, []int{0})
		dis := batch.prog.Disassemble()
		for _, op := range []string{"{description", "{hs_code", "{role", "{method", "{origin", "{shipper", "{consignee", "OpSlice", "OpCallBuiltin1", "OpIn\n", "OpEqual"} {
			if strings.Contains(dis, op) {
				t.Errorf("%s: %s left:\n%s", text, op, dis)
			}
		}
		if !strings.Contains(text, "let d") {
			continue
		}
		store := strings.Index(dis, "OpStore       <1>   d")
		begin := strings.Index(dis, "OpBegin")
		firstTest := begin + strings.Index(dis[begin:], "func(interface {}) bool")
		if store < 0 || begin < 0 || store < firstTest {
			t.Errorf("%s: d is computed before the first conjunct:\n%s", text, dis)
		}
	}
}

// TestHSDeclaredFastPath compares hsDeclared's fast path (bindHSDeclared)
// with the helper itself on HS codes and prefixes with dots, letters and
// no digits at all.
func TestHSDeclaredFastPath(t *testing.T) {
	codes := []string{"", "2", "29", "2933", "293339", "3004", "29a", "x29", "293a", "0000", "9999x"}
	prefixes := []string{"", ".", "x", "2", "29", "2933.39", "29.33", "2933393", "30", "3004.90", "a2b9",
		"0000", "9999", "2934", "3004"}
	for mask := range 1 << len(codes) {
		e := &Env{}
		for i, c := range codes {
			if mask&(1<<i) != 0 {
				e.Items = append(e.Items, &Item{HSCode: c})
			}
		}
		for i := range prefixes {
			for j := i; j < len(prefixes); j++ {
				args := []any{prefixes[i], prefixes[j]}
				fast := bindHSDeclared(args).(func(any) bool)
				if got, want := fast(e), e.hsDeclared(args); got != want {
					t.Fatalf("codes %v, prefixes %q: fast path %v, helper %v", e.Items, args, got, want)
				}
			}
		}
	}
}
