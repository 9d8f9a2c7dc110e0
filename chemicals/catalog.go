package chemicals

import "sort"

// index builds the lookup maps of a validated catalog.
func (c *Catalog) index() {
	c.byID = make(map[string]*Entry, len(c.Entries))
	c.byCAS = make(map[string]*Entry, len(c.Entries)*2)
	c.families = make(map[string][]*Entry)
	for _, e := range c.Entries {
		c.byID[e.ID] = e
		for _, n := range e.CAS {
			c.byCAS[n.Number] = e
		}
		c.families[e.Family] = append(c.families[e.Family], e)
	}
}

// Entry returns the entry with the given id, or nil.
func (c *Catalog) Entry(id string) *Entry {
	return c.byID[id]
}

// ByCAS returns the entry listing the CAS number (any of its forms), or nil.
// The number must be written canonically, as "23056-29-3".
func (c *Catalog) ByCAS(number string) *Entry {
	return c.byCAS[number]
}

// Family returns the entries of a family in file order, or nil if no entry
// belongs to it. The slice is shared: callers must not modify it.
func (c *Catalog) Family(f string) []*Entry {
	return c.families[f]
}

// Families returns the catalog's family ids, sorted.
func (c *Catalog) Families() []string {
	out := make([]string, 0, len(c.families))
	for f := range c.families {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// FamilyDescription returns the description the catalog gives a family.
func (c *Catalog) FamilyDescription(f string) string {
	return c.famDesc[f]
}

// FamilyNames returns the generated names that name a family rather than one
// of its entries (a PubChem synonym two entries of the family share). The
// slice is shared: callers must not modify it.
func (c *Catalog) FamilyNames(f string) []Name {
	return c.familyNames[f]
}

// Len returns the number of entries.
func (c *Catalog) Len() int { return len(c.Entries) }

// CASForm returns the form ("parent", "dihydrochloride", ...) under which
// the entry lists number, and false if it does not list it.
func (e *Entry) CASForm(number string) (string, bool) {
	for _, n := range e.CAS {
		if n.Number == number {
			return n.Form, true
		}
	}
	return "", false
}
