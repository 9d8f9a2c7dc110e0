package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties/listfmt"
	"github.com/precursorwatch/precursor/parties/sample"
	"github.com/precursorwatch/precursor/parties/variants"
)

// Party labels: what the parties of an event are, beside its kind.
const (
	// PartyListed: a party is an entity of the sample lists
	// (parties/sample), often respelled as filers write it (words split
	// or joined, another legal form, a typo, another order, Han
	// characters). Only risky events have one.
	PartyListed = "listed"
	// PartyNearMiss: a party is a legitimate company that shares a listed
	// name's place and trade words but not its distinctive word. Only
	// benign events have one; a screener must not flag it.
	PartyNearMiss = "near-miss"
)

// listedEntity is one entity of the sample lists, with the names a filer
// may write (primary name and strong aliases).
type listedEntity struct {
	id      string
	person  bool
	country string
	names   []string
}

// sampleEntities reads the entities of the embedded sample lists once.
// They are embedded and tested, so a failure is a bug of the build.
var sampleEntities = sync.OnceValue(func() []listedEntity {
	var out []listedEntity
	for _, p := range sample.Paths() {
		f, err := listfmt.ReadFS(sample.FS(), p, "", listfmt.Limits{})
		if err != nil {
			panic(fmt.Sprintf("synth: sample list %s: %v", p, err))
		}
		for _, e := range f.List.Entries {
			if e.Type == listfmt.TypeOrganization {
				continue // a criminal organisation files no manifest
			}
			le := listedEntity{id: e.ID, person: e.Type == listfmt.TypePerson, country: "CN"}
			if len(e.Countries) > 0 {
				le.country = e.Countries[0]
			}
			for _, n := range e.Names {
				if n.Kind == listfmt.NamePrimary || n.Kind == listfmt.NameAlias {
					le.names = append(le.names, n.Text)
				}
			}
			out = append(out, le)
		}
	}
	return out
})

// partyGen draws the listed and near-miss parties from its own random
// streams, so that an event's goods, route and times are the same whether
// or not one of its parties is replaced.
type partyGen struct {
	rng      *rand.Rand
	variants *variants.Generator
}

func newPartyGen(seed int64) *partyGen {
	return &partyGen{
		rng:      rand.New(rand.NewPCG(uint64(seed), 0x7f4a7c159e3779b9)),
		variants: variants.New(uint64(seed) ^ 0x5eed),
	}
}

// parties replaces a party of the event in g.m: a listed one for a share
// of the risky events, a near miss for a share of the benign ones, and
// says so in the label.
func (g *Generator) parties(label *Label) {
	pg := g.pg
	switch {
	case label.Kind == Risky && pg.rng.Float64() < g.opts.ListedPartyFraction:
		g.listedParty()
		label.Party = PartyListed
	case label.Kind == Benign && pg.rng.Float64() < g.opts.NearMissPartyFraction:
		g.nearMissParty()
		label.Party = PartyNearMiss
	}
}

// listedParty makes a listed entity a party: a person the notify party, a
// Mexican front the consignee (the shipment then lands in Mexico), any
// other company the shipper (the shipment then leaves from its country).
// Three times in four the name is respelled.
func (g *Generator) listedParty() {
	pg := g.pg
	ents := sampleEntities()
	e := ents[pg.rng.IntN(len(ents))]
	name := e.names[pg.rng.IntN(len(e.names))]
	if pg.rng.IntN(4) != 0 {
		name = pg.variants.Variant(name).Name
	}
	p := manifest.Party{Name: name, Address: address(pg.rng), Country: e.country}
	switch {
	case e.person:
		g.m.NotifyParty = p
	case e.country == "MX":
		g.m.Consignee = p
		if g.m.Destination.Country != "MX" {
			to := pick(pg.rng, portsMX)
			g.m.Destination = manifest.Place{Country: to.country, Locode: to.locode}
		}
	default:
		g.m.Shipper = p
		if from, ok := portsOf(e.country); ok && g.m.Origin.Country != e.country {
			f := pick(pg.rng, from)
			g.m.Origin = manifest.Place{Country: f.country, Locode: f.locode}
		}
	}
}

// nearMissParty makes a legitimate near miss of a listed company the
// shipper (or, for a Mexican name, the consignee), keeping the event's
// route.
func (g *Generator) nearMissParty() {
	pg := g.pg
	ents := sampleEntities()
	var companies []listedEntity
	for _, e := range ents {
		if !e.person {
			companies = append(companies, e)
		}
	}
	e := companies[pg.rng.IntN(len(companies))]
	name := pg.variants.NearMiss(e.names[0])
	if e.country == "MX" {
		g.m.Consignee = manifest.Party{Name: name, Address: address(pg.rng), Country: g.m.Destination.Country}
		return
	}
	g.m.Shipper = manifest.Party{Name: name, Address: address(pg.rng), Country: g.m.Origin.Country}
}

// portsOf returns the ports of a listed entity's country.
func portsOf(country string) ([]port, bool) {
	for _, ports := range [][]port{portsCN, portsHK, portsIN, portsMX} {
		if slices.ContainsFunc(ports, func(p port) bool { return p.country == country }) {
			return ports, true
		}
	}
	return nil, false
}
