package synth

import "github.com/precursorwatch/precursor/manifest"

// licitChem is a catalog chemical in ordinary, legitimate trade: the right
// name, HS code and CAS number, industrial quantities, a producer and a
// manufacturer on a lane that fits the use. A screener may ask for the
// import permit; it should not treat these like the risky scenarios.
type licitChem struct {
	chem
	from, to []port
	use      string // what the buyer makes, for the consignee's name
}

// licitChems are uses documented for each chemical (dyes and rubber
// chemicals, flavours, pharmaceuticals, agrochemicals).
var licitChems = []licitChem{
	{chem{"aniline", []string{"Aniline oil 99.9%", "Aniline, technical grade", "Aniline (benzenamine) in ISO tanks"}, "62-53-3", "2921.41", false},
		append(portsEU[:3:3], portsCN[0], portsIN[0]), append(portsUS[:3:3], portsEU[3]), "Rubber Chemicals"},
	{chem{"benzaldehyde", []string{"Benzaldehyde FCC", "Benzaldehyde 99.5%, flavour grade"}, "100-52-7", "2912.21", true},
		append(portsEU[:3:3], portsCN[1]), append(portsUS[:4:4], portsEU[3]), "Flavors & Fragrances"},
	{chem{"methylamine", []string{"Methylamine 40% aqueous solution", "Monomethylamine 40% in drums"}, "74-89-5", "2921.11", true},
		portsEU[:3], append(portsEU[3:6:6], portsUS[4]), "Agrochemicals"},
	{chem{"phenylacetic-acid", []string{"Phenylacetic acid 99%, for penicillin G fermentation", "Phenylacetic acid, pharmaceutical grade"}, "103-82-2", "2916.34", true},
		append(portsCN[:2:2], portsIN[0]), portsEU[4:], "Antibiotics"},
	{chem{"pseudoephedrine", []string{"Pseudoephedrine hydrochloride USP", "Pseudoephedrine HCl USP/EP, API"}, "345-78-8", "2939.42", true},
		portsIN, append(portsEU[:1:1], portsUS[4], portsCA[2]), "Pharmaceuticals"},
}

// licitRate is one benign event in licitRate that is licit chemical trade.
const licitRate = 100

// licit fills g.m with a legitimate shipment of a catalog chemical and
// returns the chemical's id.
func (g *Generator) licit() string {
	c := &licitChems[g.rng.IntN(len(licitChems))]
	from, to := pick(g.rng, c.from), pick(g.rng, c.to)
	g.m.Origin = manifest.Place{Country: from.country, Locode: from.locode}
	g.m.Destination = manifest.Place{Country: to.country, Locode: to.locode}
	g.m.Mode = manifest.ModeOcean
	g.m.Shipper = g.company(from.country, false)
	g.m.Consignee = g.company(to.country, false)
	g.m.Consignee.Name = pick(g.rng, namesUS) + " " + c.use + " " + pick(g.rng, tailsUS)
	if europe(to.country) {
		g.m.Consignee.Name = pick(g.rng, namesEU) + " " + c.use + " " + tailsEU[to.country]
	}
	cas := c.cas
	if g.rng.IntN(4) == 0 {
		cas = ""
	}
	kg := float64(500 * (1 + g.rng.IntN(40)))
	g.chemItem(pick(g.rng, c.names), g.hsForm(c.hs), cas, kg)
	g.m.DeclaredValue = manifest.Money{Amount: round2(kg * (3 + 12*g.rng.Float64())), Currency: currencyFor(from.country)}
	return c.id
}
