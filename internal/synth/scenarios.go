package synth

import (
	"strings"
	"unicode"

	"github.com/precursorwatch/precursor/manifest"
)

// synonym: a fentanyl precursor under a systematic or trivial name, e.g.
// "N-phenylpiperidin-4-amine 99%".
func (g *Generator) synonym() string {
	c := &fentanylChems[g.rng.IntN(len(fentanylChems))]
	name := pick(g.rng, c.names[:len(c.names)-1]) // a name, not the abbreviation
	if c.id == "4-piperidone" {
		name = pick(g.rng, c.names)
	}
	g.chemItem(g.dressed(name), g.hsForm(c.hs), g.maybeCAS(c), g.fentanylKg())
	return c.id
}

// saltForm: a controlled base declared as its salt, e.g.
// "4-anilinopiperidine dihydrochloride".
func (g *Generator) saltForm() string {
	c := &saltChems[g.rng.IntN(len(saltChems))]
	g.chemItem(g.dressed(pick(g.rng, c.names)), g.hsForm(c.hs), g.maybeCAS(c), g.kgFor(c))
	return c.id
}

// typo: a long chemical name with one letter dropped, doubled or swapped,
// e.g. "4-anilinopiperdine". No CAS number, so only the name can tell.
func (g *Generator) typo() string {
	set := fentanylChems
	if g.rng.IntN(3) == 0 {
		set = methChems
	}
	c := &set[g.rng.IntN(len(set))]
	name := c.names[0]
	g.chemItem(g.misspell(name)+" "+pick(g.rng, purities), g.hsForm(c.hs), "", g.kgFor(c))
	return c.id
}

// misspell changes one letter inside the longest alphabetic run of s, never
// its first letter, so the result stays a plausible typing error.
func (g *Generator) misspell(s string) string {
	start, end := longestLetterRun(s)
	if end-start < 5 {
		return s
	}
	i := start + 1 + g.rng.IntN(end-start-2) // not the first or last letter
	switch g.rng.IntN(3) {
	case 0: // drop
		return s[:i] + s[i+1:]
	case 1: // double
		return s[:i+1] + s[i:]
	}
	if s[i] == s[i+1] { // swapping equal letters changes nothing; drop instead
		return s[:i] + s[i+1:]
	}
	return s[:i] + s[i+1:i+2] + s[i:i+1] + s[i+2:]
}

// longestLetterRun returns the byte range of the longest run of ASCII
// letters in s.
func longestLetterRun(s string) (start, end int) {
	cur := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] < unicode.MaxASCII && unicode.IsLetter(rune(s[i])) {
			continue
		}
		if i-cur > end-start {
			start, end = cur, i
		}
		cur = i + 1
	}
	return start, end
}

// casInDescription: a vague description with the CAS number in the text
// instead of the cas field.
func (g *Generator) casInDescription() string {
	c := g.anyChem()
	desc := pick(g.rng, vagueDesc) + " CAS " + c.cas
	if g.rng.IntN(2) == 0 {
		desc = "CAS No. " + c.cas + " " + pick(g.rng, purities) + ", " + pick(g.rng, packings)
	}
	g.chemItem(desc, g.hsForm(c.hs), "", g.kgFor(c))
	return c.id
}

// badCheckDigit: a CAS number whose check digit is wrong, either mistyped or
// tampered with, or the norfentanyl number circulating in public lists
// (1609-66-5, the catalog's note on norfentanyl).
func (g *Generator) badCheckDigit() string {
	c := g.anyChem()
	cas := g.corruptCheckDigit(c.cas)
	if g.rng.IntN(4) == 0 {
		c, cas = &fentanylChems[3], "1609-66-5"
	}
	g.chemItem(pick(g.rng, vagueDesc), g.hsForm(c.hs), cas, g.kgFor(c))
	return c.id
}

// protectedForm: a Boc-protected precursor.
func (g *Generator) protectedForm() string {
	c := &protectedChems[g.rng.IntN(len(protectedChems))]
	g.chemItem(g.dressed(pick(g.rng, c.names)), g.hsForm(c.hs), g.maybeCAS(c), g.fentanylKg())
	return c.id
}

// nppANPP: the scheduled immediate precursors, often by abbreviation.
func (g *Generator) nppANPP() string {
	c := &fentanylChems[1+g.rng.IntN(2)]
	g.chemItem(g.dressed(pick(g.rng, c.names)), g.hsForm(c.hs), g.maybeCAS(c), g.fentanylKg())
	return c.id
}

// vagueIntermediate: "pharmaceutical intermediate" under HS 2933.39 from
// China or Hong Kong to Mexico: nothing identifies the chemical.
func (g *Generator) vagueIntermediate() string {
	from := pick(g.rng, append(portsCN[:3:3], portsHK[0]))
	to := pick(g.rng, portsMX)
	g.m.Origin = manifest.Place{Country: from.country, Locode: from.locode}
	g.m.Destination = manifest.Place{Country: to.country, Locode: to.locode}
	g.m.Shipper = g.company(from.country, true)
	g.m.Consignee = g.company(to.country, false)
	g.chemItem(pick(g.rng, vagueDesc), g.hsForm("2933.39"), "", g.fentanylKg())
	return ""
}

// expressParcel: kilograms of a fentanyl precursor in an express or postal
// parcel (catalog sources S46, S56).
func (g *Generator) expressParcel() string {
	g.m.Mode = manifest.Mode(pick(g.rng, []string{"express", "express", "postal"}))
	set := fentanylChems
	if g.rng.IntN(2) == 0 {
		set = protectedChems
	}
	c := &set[g.rng.IntN(len(set))]
	g.chemItem(g.dressed(pick(g.rng, c.names)), g.hsForm(c.hs), g.maybeCAS(c), between(g.rng, 0.5, 25))
	return c.id
}

// transshipment: a precursor routed through a third-country hub before
// Mexico (catalog source S48).
func (g *Generator) transshipment() string {
	hub := pick(g.rng, portsTransit)
	g.m.Route = append(g.m.Route, manifest.Place{Country: hub.country, Locode: hub.locode})
	to := pick(g.rng, portsMX)
	g.m.Destination = manifest.Place{Country: to.country, Locode: to.locode}
	g.m.Consignee = g.company(to.country, false)
	g.m.NotifyParty = g.company(hub.country, false)
	c := g.anyChem()
	g.chemItem(g.dressed(pick(g.rng, c.names)), g.hsForm(c.hs), g.maybeCAS(c), g.kgFor(c))
	return c.id
}

// methPrecursor: P2P, its pre-precursors or glycidates by the container load
// to Mexico's Pacific ports.
func (g *Generator) methPrecursor() string {
	to := pick(g.rng, methDests)
	g.m.Destination = manifest.Place{Country: to.country, Locode: to.locode}
	g.m.Consignee = g.company(to.country, false)
	g.m.Mode = manifest.ModeOcean
	c := &methChems[g.rng.IntN(len(methChems))]
	g.chemItem(g.dressed(pick(g.rng, c.names)), g.hsForm(c.hs), g.maybeCAS(c), g.methKg())
	return c.id
}

// mislabelled: innocuous goods ("dog food", "Vitamin C") declared with a
// precursor's HS code, its CAS number, or both (catalog sources S45, S50, S51).
func (g *Generator) mislabelled() string {
	c := g.anyChem()
	desc := pick(g.rng, coverDesc)
	if g.rng.IntN(2) == 0 {
		desc = strings.ToUpper(desc[:1]) + desc[1:]
	}
	switch g.rng.IntN(3) {
	case 0: // chemical HS code only: the chemical itself is unknown
		g.chemItem(desc, g.hsForm(c.hs), "", g.kgFor(c))
		return ""
	case 1:
		g.chemItem(desc, g.hsForm(pick(g.rng, goods).hs), c.cas, g.kgFor(c))
	default:
		g.chemItem(desc, g.hsForm(c.hs), c.cas, g.kgFor(c))
	}
	return c.id
}

// anyChem picks a precursor from every list.
func (g *Generator) anyChem() *chem {
	sets := allChems()
	set := sets[g.rng.IntN(len(sets))]
	return &set[g.rng.IntN(len(set))]
}
