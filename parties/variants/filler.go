package variants

import (
	"fmt"

	"github.com/precursorwatch/precursor/parties/listfmt"
)

// Entries returns n synthetic list entries (ids F000001...): seven in ten
// companies, the rest people, one in five with an alias respelled from
// the name. They fill a list to a realistic size for benchmarks; none is a
// real listing.
func (g *Generator) Entries(n int) []listfmt.Entry {
	out := make([]listfmt.Entry, 0, n)
	for i := 1; i <= n; i++ {
		e := listfmt.Entry{ID: fmt.Sprintf("F%06d", i), Kind: listfmt.KindSanction, Type: listfmt.TypeCompany}
		var name, country string
		if g.rng.IntN(10) < 7 {
			name, country = g.Company()
		} else {
			name, country = g.Person()
			e.Type = listfmt.TypePerson
		}
		e.Names = []listfmt.Name{{Text: name, Kind: listfmt.NamePrimary}}
		if g.rng.IntN(5) == 0 {
			e.Names = append(e.Names, listfmt.Name{Text: g.Variant(name).Name, Kind: listfmt.NameAlias})
		}
		e.Countries = []string{country}
		e.Programmes = []string{"SYNTHETIC"}
		out = append(out, e)
	}
	return out
}
