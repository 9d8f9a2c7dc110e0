package rules

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

func TestNeedles(t *testing.T) {
	lists := [][]string{
		{"hubei amarvel", "amarvelbio", "hebei", "h", "storelab"},
		{"ab", "abc", "b"},
		{"x"},
		{"", "zz"},
		{"über", "ß"},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "c", "h", "x", "z", " ", "ü", "ber", "hebe", "i", "storelab"}
	for _, list := range lists {
		n := newNeedles(list)
		for range 2000 {
			var b strings.Builder
			for range rng.IntN(12) {
				b.WriteString(alphabet[rng.IntN(len(alphabet))])
			}
			s := b.String()
			want := false
			for _, nd := range list {
				want = want || strings.Contains(s, nd)
			}
			if got := n.in(s); got != want {
				t.Fatalf("%q in %q = %v, want %v", list, s, got, want)
			}
		}
	}
}

func TestLowerConcat(t *testing.T) {
	tests := [][]any{
		{"Hubei AMARVEL", " | ", "Storelab"},
		{"", ""},
		{"ÜBER Chemie", " | ", "ΣΊΣΥΦΟΣ"},
		{"already lower"},
		{"MiXeD", "İstanbul"},
	}
	for _, args := range tests {
		var all string
		for _, a := range args {
			all += a.(string)
		}
		got, err := lowerConcatFunc(args...)
		if err != nil || got != strings.ToLower(all) {
			t.Errorf("lowerConcat(%q) = %q, %v; want %q", args, got, err, strings.ToLower(all))
		}
	}
	if _, err := lowerConcatFunc("a", 1); err == nil {
		t.Error("lowerConcat with an int: no error")
	}
}

// TestFastpathRewrites checks that the idioms are rewritten and decide as
// the plain expressions do.
func TestFastpathRewrites(t *testing.T) {
	e := testEngine(t)
	c := newCompiler(&rulefmt.Pack{Lists: []rulefmt.List{{Name: "names", Values: []string{"acme", "north gate"}}}}, e.cat, &yamlsrc.List{})
	tests := []struct{ fast, plain, helper string }{
		{`any(lists.names, {lower(shipper.name + " | " + consignee.name) contains #})`,
			`any(lists.names, {lower(shipper.name + " | " + string(consignee.name)) contains #})`, lowerConcatName},
		{`let n = lower(consignee.name + "/" + origin); any(lists.names, {n contains #})`,
			`let n = lower(consignee.name + "/" + origin); any(lists.names, {(n + "") contains #})`, containsAnyName},
	}
	envs := []Env{
		{Shipper: Party{Name: "ACME Ltd"}, Consignee: Party{Name: "x"}},
		{Shipper: Party{Name: "Foo"}, Consignee: Party{Name: "NORTH GATE Inc"}, Origin: "CN"},
		{Shipper: Party{Name: "Foo"}, Consignee: Party{Name: "North  Gate"}},
		{},
	}
	for _, tt := range tests {
		fast, _ := c.condition(rulefmt.Expr{Text: tt.fast}, "fast")
		plain, _ := c.condition(rulefmt.Expr{Text: tt.plain}, "plain")
		if fast == nil || plain == nil {
			t.Fatalf("compile: %v", *c.ds)
		}
		if dis := fast.Disassemble(); !strings.Contains(dis, tt.helper) {
			t.Errorf("%s: not rewritten:\n%s", tt.fast, dis)
		}
		if dis := plain.Disassemble(); strings.Contains(dis, tt.helper) {
			t.Errorf("%s: rewritten too:\n%s", tt.plain, dis)
		}
		for i := range envs {
			st := &evalState{env: envs[i]}
			got, err1 := st.eval(fast)
			want, err2 := st.eval(plain)
			if got != want || err1 != nil || err2 != nil {
				t.Errorf("%s on env %d: %v, %v; plain %v, %v", tt.fast, i, got, err1, want, err2)
			}
		}
	}
}
