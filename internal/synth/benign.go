package synth

import (
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/precursorwatch/precursor/manifest"
)

// benign fills g.m with an ordinary commercial shipment.
func (g *Generator) benign() {
	l := benignLanes[g.pickLane()]
	from, to := pick(g.rng, l.from), pick(g.rng, l.to)
	if from.country == to.country {
		to = pick(g.rng, portsUS)
		if from.country == "US" {
			to = pick(g.rng, portsMX)
		}
	}
	g.m.Origin = manifest.Place{Country: from.country, Locode: from.locode}
	g.m.Destination = manifest.Place{Country: to.country, Locode: to.locode}
	g.m.Shipper = g.company(from.country, false)
	g.m.Consignee = g.company(to.country, false)
	if g.rng.IntN(4) == 0 {
		g.m.NotifyParty = g.company(to.country, false)
	}
	if g.rng.IntN(12) == 0 {
		// Ordinary carriers also call at hubs.
		hub := pick(g.rng, portsTransit)
		if hub.country != from.country && hub.country != to.country {
			g.m.Route = append(g.m.Route, manifest.Place{Country: hub.country, Locode: hub.locode})
		}
	}
	n := 1 + g.rng.IntN(3)
	if g.rng.IntN(10) == 0 {
		n += 2 + g.rng.IntN(6)
	}
	first := &goods[g.rng.IntN(len(goods))]
	g.m.Mode = manifest.Mode(g.benignMode(first, from.country, to.country))
	total := 0.0
	for i := range n {
		gd := first
		if i > 0 {
			gd = &goods[g.rng.IntN(len(goods))]
		}
		total += g.addGood(gd, g.m.Mode == manifest.ModeExpress || g.m.Mode == manifest.ModePostal)
	}
	g.m.DeclaredValue = manifest.Money{Amount: round2(total), Currency: currencyFor(from.country)}
}

func (g *Generator) pickLane() int {
	x := g.rng.IntN(g.lane[len(g.lane)-1])
	i, _ := slices.BinarySearch(g.lane, x+1)
	return i
}

// benignMode picks a transport mode that fits the goods and the lane.
func (g *Generator) benignMode(gd *good, from, to string) string {
	if gd.express && g.rng.IntN(6) == 0 {
		return pick(g.rng, modesParcel)
	}
	modes := modesSurface
	if gd.air {
		modes = modesAir
	}
	m := pick(g.rng, modes)
	if (m == "truck" || m == "rail") && !landNeighbours(from, to) {
		return "ocean"
	}
	return m
}

// landNeighbours reports whether goods can go by road or rail between the
// two countries.
func landNeighbours(a, b string) bool {
	na, nb := northAmerica(a), northAmerica(b)
	return (na && nb) || (europe(a) && europe(b))
}

func asia(c string) bool {
	for _, p := range portsAS {
		if p.country == c {
			return true
		}
	}
	return false
}

func northAmerica(c string) bool { return c == "US" || c == "MX" || c == "CA" }

func europe(c string) bool {
	switch c {
	case "DE", "NL", "BE", "FR", "IT", "ES", "PL":
		return true
	}
	return false
}

// addGood appends one line item of gd and returns its value in USD. Parcels
// carry small quantities.
func (g *Generator) addGood(gd *good, parcel bool) float64 {
	lo, hi := gd.minQ, gd.maxQ
	if parcel {
		lo, hi = max(1, lo/100), max(2, hi/100)
	}
	q := between(g.rng, lo, hi)
	if gd.unit == "pcs" {
		q = float64(int64(q) + 1)
	}
	g.m.Items = append(g.m.Items, manifest.Item{
		Line:          len(g.m.Items) + 1,
		Description:   pick(g.rng, gd.descs),
		HSCode:        g.hsForm(gd.hs),
		Quantity:      q,
		Unit:          gd.unit,
		GrossWeightKg: round2(q * gd.kgPerUnit * (1.02 + 0.1*g.rng.Float64())),
	})
	return q * gd.price * (0.8 + 0.4*g.rng.Float64())
}

// hsForm writes an HS subheading the way filers do: dotted or digits only.
func (g *Generator) hsForm(hs string) string {
	if g.rng.IntN(3) == 0 {
		return hs[:4] + hs[5:]
	}
	return hs
}

// company makes up a plausible company in country c; chem selects a
// chemical-trading name.
func (g *Generator) company(c string, chem bool) manifest.Party {
	r := g.rng
	var name string
	switch {
	case c == "CN" || c == "HK":
		tails := nameTails
		if chem {
			tails = nameChem
		}
		name = pick(r, namesCN) + " " + pick(r, syllables) + pick(r, syllables) + " " + pick(r, tails)
	case c == "MX" || c == "GT":
		name = pick(r, namesMX) + " " + pick(r, surnames) + " " + pick(r, tailsMX)
	case c == "US" || c == "CA":
		name = pick(r, namesUS) + " " + pick(r, goodsWords) + " " + pick(r, tailsUS)
	case c == "IN":
		name = pick(r, namesIN) + " " + pick(r, goodsWords) + " " + pick(r, tailsIN)
	case europe(c):
		name = pick(r, namesEU) + " " + pick(r, goodsWords) + " " + tailsEU[c]
	case asia(c):
		name = pick(r, namesAS) + " " + pick(r, goodsWords) + " " + pick(r, nameTails)
	default:
		name = pick(r, namesOT) + " " + pick(r, goodsWords) + " " + pick(r, tailsOT)
	}
	return manifest.Party{Name: name, Address: address(r), Country: c}
}

func address(r *rand.Rand) string {
	return strconv.Itoa(1+r.IntN(980)) + " " + pick(r, streets)
}

var (
	syllables  = []string{"Hua", "Xin", "Tai", "Long", "Feng", "Jia", "Rui", "Sheng", "Hong", "Kang", "Yuan", "Da"}
	surnames   = []string{"Hernandez", "Garcia", "Lopez", "Martinez", "Ramirez", "Torres", "Flores", "Rivera"}
	goodsWords = []string{"Trading", "Supply", "Imports", "Industries", "Logistics", "Distribution", "Foods", "Electronics"}
)
