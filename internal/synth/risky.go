package synth

import (
	"strconv"
	"strings"

	"github.com/precursorwatch/precursor/manifest"
)

// scenario builds one risky shipment into g.m and returns its label.
type scenario struct {
	name  string
	build func(g *Generator) (chemical string)
}

// scenarios are the evasion tactics of public enforcement reporting (catalog sources S45, S46, S48, S51, S56, S59), one builder each.
var scenarios = []scenario{
	{"synonym", (*Generator).synonym},
	{"salt-form", (*Generator).saltForm},
	{"typo", (*Generator).typo},
	{"cas-in-description", (*Generator).casInDescription},
	{"bad-check-digit", (*Generator).badCheckDigit},
	{"protected-form", (*Generator).protectedForm},
	{"npp-anpp", (*Generator).nppANPP},
	{"vague-intermediate", (*Generator).vagueIntermediate},
	{"express-parcel", (*Generator).expressParcel},
	{"transshipment", (*Generator).transshipment},
	{"meth-precursor", (*Generator).methPrecursor},
	{"mislabelled", (*Generator).mislabelled},
}

// Scenarios lists the names of the risky scenarios, in generation order.
func Scenarios() []string {
	out := make([]string, len(scenarios))
	for i, s := range scenarios {
		out[i] = s.name
	}
	return out
}

// risky fills g.m with a precursor shipment.
func (g *Generator) risky() Label {
	s := g.scenario()
	g.riskyRoute()
	g.m.Mode = manifest.Mode(pick(g.rng, []string{"ocean", "ocean", "air"}))
	if g.rng.IntN(3) == 0 {
		// Cover cargo first: the chemical is not always line 1.
		g.addGood(&goods[g.rng.IntN(len(goods))], false)
	}
	chemical := s.build(g)
	total := 0.0
	for _, it := range g.m.Items {
		total += it.Quantity * (2 + 30*g.rng.Float64())
	}
	g.m.DeclaredValue = manifest.Money{Amount: round2(total), Currency: "USD"}
	return Label{Kind: Risky, Scenario: s.name, Chemical: chemical}
}

// riskyRoute sets origin, destination and parties on a precursor lane:
// China, Hong Kong or India to Mexico, the US or Canada (catalog sources S51, S56, S57).
func (g *Generator) riskyRoute() {
	var from port
	switch x := g.rng.IntN(20); {
	case x < 14:
		from = pick(g.rng, portsCN)
	case x < 17:
		from = portsHK[0]
	default:
		from = pick(g.rng, portsIN)
	}
	var to port
	switch x := g.rng.IntN(10); {
	case x < 6:
		to = pick(g.rng, portsMX)
	case x < 9:
		to = pick(g.rng, portsUS)
	default:
		to = pick(g.rng, portsCA)
	}
	g.m.Origin = manifest.Place{Country: from.country, Locode: from.locode}
	g.m.Destination = manifest.Place{Country: to.country, Locode: to.locode}
	g.m.Shipper = g.company(from.country, true)
	g.m.Consignee = g.company(to.country, false)
}

// chemItem appends a line item carrying a chemical.
func (g *Generator) chemItem(desc, hs, cas string, kg float64) {
	g.m.Items = append(g.m.Items, manifest.Item{
		Line:          len(g.m.Items) + 1,
		Description:   desc,
		HSCode:        hs,
		CAS:           cas,
		Quantity:      kg,
		Unit:          "kg",
		GrossWeightKg: round2(kg * 1.08),
	})
}

// dressed writes a chemical name the way a filer would, with purity and
// packing words around it.
func (g *Generator) dressed(name string) string {
	switch g.rng.IntN(4) {
	case 0:
		return name
	case 1:
		return name + " " + pick(g.rng, purities)
	case 2:
		return name + ", " + pick(g.rng, packings)
	}
	return strings.ToUpper(name[:1]) + name[1:] + " " + pick(g.rng, purities) + " " + pick(g.rng, packings)
}

// fentanylKg is a quantity for a fentanyl-chain chemical: kilograms, not
// tonnes.
func (g *Generator) fentanylKg() float64 { return between(g.rng, 1, 100) }

// methKg is a quantity for a meth-chain chemical: drums to containers.
func (g *Generator) methKg() float64 { return float64(25 * (1 + g.rng.IntN(800))) }

func (g *Generator) kgFor(c *chem) float64 {
	if c.meth {
		return g.methKg()
	}
	return g.fentanylKg()
}

// maybeCAS returns the chemical's CAS number half of the time.
func (g *Generator) maybeCAS(c *chem) string {
	if g.rng.IntN(2) == 0 {
		return c.cas
	}
	return ""
}

// corruptCheckDigit returns cas with a wrong check digit.
func (g *Generator) corruptCheckDigit(cas string) string {
	last := int(cas[len(cas)-1] - '0')
	wrong := (last + 1 + g.rng.IntN(9)) % 10
	return cas[:len(cas)-1] + strconv.Itoa(wrong)
}
