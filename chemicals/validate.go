package chemicals

import (
	"sort"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// validate runs the checks that need the whole catalog: unique ids and CAS
// numbers, names that two entries would both claim, families without
// members, and sources nobody cites.
func (p *parser) validate(cat *Catalog) {
	ids := map[string]*Entry{}
	cas := map[string]*Entry{}
	names := map[string]nameOwner{}
	p.owners = names
	members := map[string]bool{}
	for _, e := range cat.Entries {
		pos := p.pos[e]
		if first := ids[e.ID]; first != nil && e.ID != "" {
			p.errorf(orNode(pos.id, pos.node), "duplicate entry id %q (first at line %d)", e.ID, first.Line)
		} else {
			ids[e.ID] = e
		}
		for _, c := range e.CAS {
			if first := cas[c.Number]; first != nil && first != e {
				p.errorf(orNode(pos.cas[c.Number], pos.node),
					"entry %q: CAS %s is already listed by entry %q (line %d)", e.ID, c.Number, first.ID, first.Line)
				continue
			}
			cas[c.Number] = e
		}
		p.checkNames(e, pos, names)
		members[e.Family] = true
	}
	if p.entriesOK {
		p.unusedFamilies(members)
	}
}

func orNode(n, fallback *yaml.Node) *yaml.Node {
	if n != nil {
		return n
	}
	return fallback
}

// nameOwner remembers which entry first used a normalised name.
type nameOwner struct {
	entry *Entry
	node  *yaml.Node
}

// checkNames reports names, IUPAC names, abbreviations and synonyms of e
// that normalise (lower case, letters and digits only) to a name of another
// entry: the matcher could not tell the two entries apart.
func (p *parser) checkNames(e *Entry, pos *entryPos, seen map[string]nameOwner) {
	for _, n := range pos.names {
		key := collisionKey(n.Value)
		if key == "" {
			continue
		}
		first, ok := seen[key]
		switch {
		case !ok:
			seen[key] = nameOwner{e, n}
		case first.entry != e:
			p.errorf(n, "entry %q: name %q normalises to %q, the same as %q of entry %q (line %d)",
				e.ID, n.Value, key, first.node.Value, first.entry.ID, first.node.Line)
		}
	}
}

// collisionKey is the cheap normalisation used to detect ambiguous names:
// lower case, keeping only letters and digits.
func collisionKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func (p *parser) unusedFamilies(members map[string]bool) {
	for _, id := range sortedKeys(p.families) {
		if !members[id] {
			p.errorf(p.families[id], "family %q has no entries", id)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
