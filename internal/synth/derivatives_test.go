package synth

import (
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/manifest"
)

func TestDerivatives(t *testing.T) {
	opts := DefaultOptions()
	opts.RiskyFraction, opts.DerivativeFraction = 1, 0.5
	g := New(3, opts)
	n := 0
	for range 400 {
		ev := g.Next()
		if ev.Label.Scenario != derivativeScenario.name {
			continue
		}
		n++
		m, err := manifest.Decode(ev.Value)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, it := range m.Items {
			for _, d := range derivatives {
				if strings.Contains(strings.ToLower(it.Description), strings.ToLower(d.name)) && ev.Label.Chemical == d.family {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%s: no derivative of family %s in %s", ev.ShipmentID, ev.Label.Chemical, ev.Value)
		}
	}
	if n < 150 || n > 250 {
		t.Errorf("%d of 400 risky events name a derivative, want about half", n)
	}
	if err := (Options{DerivativeFraction: 1.5}).Validate(); err == nil {
		t.Error("derivative fraction 1.5 validated")
	}
}
