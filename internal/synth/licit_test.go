package synth

import "testing"

func TestLicitLanesCrossBorders(t *testing.T) {
	for _, c := range licitChems {
		for _, f := range c.from {
			for _, to := range c.to {
				if f.country == to.country {
					t.Errorf("%s: lane %s -> %s stays in one country", c.id, f.locode, to.locode)
				}
			}
		}
	}
}

func TestLicitShare(t *testing.T) {
	n, licit, benign := 30000, 0, 0
	for _, e := range generate(4, DefaultOptions(), n) {
		if e.Label.Kind != Benign {
			continue
		}
		benign++
		if e.Label.Scenario == LicitChemical {
			licit++
			if e.Label.Chemical == "" {
				t.Fatalf("licit event without a chemical: %s", e.Value)
			}
		}
	}
	if share := float64(licit) / float64(benign); share < 0.007 || share > 0.013 {
		t.Errorf("licit chemical trade is %.4f of benign events, want about 0.01", share)
	}
}
