package chemicals

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// A family groups catalog entries (a precursor with its salts, protected
// forms and derivatives). The catalog declares each family either in the
// short form, an id and a description:
//
//	families:
//	  npp: "N-phenethyl-4-piperidone (NPP)"
//
// or in the long form, which adds substructure patterns:
//
//	families:
//	  4-ap:
//	    description: "4-anilinopiperidine (4-AP) with its salts and protected forms"
//	    patterns:
//	      - id: core
//	        smarts: "c1ccccc1[NX3][CX4H1]1CC[NX3]CC1"
//	        meaning: "the 4-anilinopiperidine core, any group on either nitrogen"
//	        legal: "4-anilinopiperidine, its amides, its carbamates, its halides and its salts"
//	        sources: [S3, S7]
//
// A pattern says which structures belong to the family even when no entry
// names them: a name that nothing in the catalog matches can be resolved to
// a structure (package structure) and tested against every pattern. This
// package only reads and checks the declarations; the SMARTS language itself
// is checked by a substructure engine (`precursor catalog lint --structure`).

// FamilyPattern is one substructure pattern of a family.
type FamilyPattern struct {
	// ID is "family/name", unique in the catalog, e.g. "4-ap/core".
	ID string
	// Family is the id of the family that declares the pattern.
	Family string
	// SMARTS is the substructure query (Daylight SMARTS).
	SMARTS string
	// Meaning says in plain language which structures the pattern covers.
	Meaning string
	// Legal is the legal text the pattern implements, as the sources word it.
	Legal string
	// Sources are keys of the catalog's sources registry.
	Sources []string
	// Line and Col locate the pattern's smarts in the catalog file.
	Line, Col int
}

// FamilyPatterns returns the patterns a family declares, in file order, or
// nil. The slice is shared: callers must not modify it.
func (c *Catalog) FamilyPatterns(f string) []FamilyPattern {
	return c.famPatterns[f]
}

// Patterns returns every family pattern of the catalog, families sorted by
// id and patterns in file order within a family.
func (c *Catalog) Patterns() []FamilyPattern {
	var out []FamilyPattern
	for _, f := range sortedKeys(c.famPatterns) {
		out = append(out, c.famPatterns[f]...)
	}
	return out
}

var (
	familyKeys  = []string{"description", "patterns"}
	patternKeys = []string{"id", "smarts", "meaning", "legal", "sources"}
)

// maxSMARTS bounds the length of a pattern, as the resolver does.
const maxSMARTS = 500

// familyMap parses the families section: "id: description" (short form) or
// "id: {description: ..., patterns: [...]}" (long form).
func (p *parser) familyMap(cat *Catalog, n *yaml.Node) {
	cat.famDesc = map[string]string{}
	cat.famPatterns = map[string][]FamilyPattern{}
	p.families = map[string]*yaml.Node{}
	seen := map[string]int{} // pattern id -> line
	for _, kv := range p.pairs(n, "families") {
		id := kv.key.Value
		if !validID(id) {
			p.errorf(kv.key, "family %q: id must be lower-case letters, digits and '-'", id)
		}
		p.families[id] = kv.key
		what := "family " + id
		if kv.val.Kind == yaml.ScalarNode {
			cat.famDesc[id], _ = p.str(kv.val, what)
			continue
		}
		f := p.fields(kv.val, what, familyKeys, "description")
		if f == nil {
			continue
		}
		cat.famDesc[id], _ = p.str(f["description"], what+": description")
		if pn := f["patterns"]; pn != nil && p.kind(pn, yaml.SequenceNode, what+": patterns") {
			for i, el := range pn.Content {
				if fp, ok := p.familyPattern(id, i, el, seen); ok {
					cat.famPatterns[id] = append(cat.famPatterns[id], fp)
				}
			}
		}
	}
}

// familyPattern parses one element of a family's patterns list.
func (p *parser) familyPattern(family string, i int, n *yaml.Node, seen map[string]int) (FamilyPattern, bool) {
	what := fmt.Sprintf("family %s: pattern %d", family, i+1)
	f := p.fields(n, what, patternKeys, patternKeys...)
	if f == nil {
		return FamilyPattern{}, false
	}
	fp := FamilyPattern{Family: family, Line: n.Line, Col: n.Column}
	if name, ok := p.str(f["id"], what+": id"); ok {
		if !validID(name) {
			p.errorf(f["id"], "%s: id %q must be lower-case letters, digits and '-'", what, name)
		}
		fp.ID = family + "/" + name
		what = fmt.Sprintf("family %s: pattern %q", family, name)
		if line, dup := seen[fp.ID]; dup {
			p.errorf(f["id"], "%s: duplicate pattern id (first at line %d)", what, line)
		}
		seen[fp.ID] = f["id"].Line
	}
	if s := f["smarts"]; s != nil {
		fp.SMARTS, _ = p.str(s, what+": smarts")
		fp.Line, fp.Col = s.Line, s.Column
		if msg := smartsShape(fp.SMARTS); msg != "" {
			p.errorf(s, "%s: smarts %s", what, msg)
		}
	}
	fp.Meaning, _ = p.str(f["meaning"], what+": meaning")
	fp.Legal, _ = p.str(f["legal"], what+": legal")
	fp.Sources = p.sourceList(f["sources"], what+": sources")
	return fp, fp.ID != "" && fp.SMARTS != ""
}

// smartsShape checks what can be checked without a SMARTS parser: length,
// printable ASCII without spaces, and brackets and parentheses that nest
// properly (recursive SMARTS puts both inside atoms: "[$([CX3]=O)]"). It
// returns "" when the shape is fine.
func smartsShape(s string) string {
	if s == "" {
		return "is empty"
	}
	if len(s) > maxSMARTS {
		return fmt.Sprintf("is longer than %d characters", maxSMARTS)
	}
	var open []byte // the closers expected, innermost last
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c <= ' ' || c > '~':
			return fmt.Sprintf("has a space or a non-ASCII byte at offset %d", i)
		case c == '[':
			open = append(open, ']')
		case c == '(':
			open = append(open, ')')
		case c == ']' || c == ')':
			if len(open) == 0 || open[len(open)-1] != c {
				return fmt.Sprintf("has an unbalanced %q at offset %d", c, i)
			}
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		return fmt.Sprintf("has an unclosed %q", opener(open[len(open)-1]))
	}
	return ""
}

func opener(closer byte) byte {
	if closer == ']' {
		return '['
	}
	return '('
}
