package variants

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDeterministic(t *testing.T) {
	a, b := New(7), New(7)
	for i := 0; i < 50; i++ {
		ca, _ := a.Company()
		cb, _ := b.Company()
		if ca != cb {
			t.Fatalf("seed 7 gave %q then %q", ca, cb)
		}
	}
}

func TestRespell(t *testing.T) {
	g := New(1)
	const name = "Wuhan Shuokang Biological Technology Co., Ltd."
	for _, k := range Kinds {
		v := g.Respell(name, k)
		if v == name {
			t.Errorf("%s left %q unchanged", k, name)
		}
	}
	if v := g.Respell("Shuokang", Split); !strings.ContainsAny(v, " -") {
		t.Errorf("split gave %q", v)
	}
	if v := g.Respell("Hubei Aoks Bio Tech", Join); !strings.Contains(v, "Aoksbio") && !strings.Contains(v, "Biotech") && !strings.Contains(v, "Hubeiaoks") {
		t.Errorf("join gave %q", v)
	}
}

// A near miss keeps place and trade words and changes the distinctive
// word by at least three edits.
func TestNearMiss(t *testing.T) {
	g := New(3)
	for i := 0; i < 100; i++ {
		nm := g.NearMiss("Hubei Shanglin Trading Co.")
		w := strings.Fields(nm)
		if len(w) != 4 || w[0] != "Hubei" || w[2] != "Trading" {
			t.Fatalf("near miss %q lost the place or trade words", nm)
		}
		if d := distance(strings.ToLower(w[1]), "shanglin"); d < 3 {
			t.Fatalf("near miss %q is %d edits from the listed word", nm, d)
		}
	}
}

func TestEntries(t *testing.T) {
	es := New(42).Entries(1000)
	ids := map[string]bool{}
	for _, e := range es {
		if ids[e.ID] || len(e.Names) == 0 || e.Names[0].Text == "" || len(e.Countries) != 1 {
			t.Fatalf("bad entry %+v", e)
		}
		ids[e.ID] = true
	}
}

// Respellings of names in other scripts stay valid UTF-8.
func TestVariantNonASCII(t *testing.T) {
	g := New(5)
	for _, name := range []string{"武漢碩康生物科技有限公司", "Ядро Химия", "Química Ñandú S.A. de C.V."} {
		for range 50 {
			if v := g.Variant(name); !utf8.ValidString(v.Name) {
				t.Fatalf("%q respelled %s as invalid UTF-8 %q", name, v.Kind, v.Name)
			}
		}
	}
}
