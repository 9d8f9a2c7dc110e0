package chemicals

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

var entryKeys = []string{
	"id", "name", "abbreviations", "iupac", "synonyms", "cas", "formula", "hs",
	"role", "family", "controls", "sources", "note", "structure", "names",
}

var entryRequired = []string{"id", "name", "formula", "structure", "role", "family", "sources"}

// entry parses one element of "entries". It returns nil only when the node
// is not a mapping; other problems are recorded and parsing goes on, so that
// cross-entry checks still see the entry.
func (p *parser) entry(n *yaml.Node) *Entry {
	what := entryLabel(n)
	f := p.fields(n, what, entryKeys, entryRequired...)
	if f == nil {
		return nil
	}
	e := &Entry{Line: n.Line}
	pos := &entryPos{node: n, cas: map[string]*yaml.Node{}}
	p.pos[e] = pos
	if v := f["id"]; v != nil {
		e.ID, _ = p.str(v, "id")
		pos.id = v
		if e.ID != "" && !validID(e.ID) {
			p.errorf(v, "%s: id must be lower-case letters, digits and '-'", what)
		}
	}
	e.Name = p.name(pos, f["name"], what+": name")
	e.IUPAC = p.name(pos, f["iupac"], what+": iupac")
	e.Note = p.optStr(f["note"], what+": note")
	e.Abbreviations = p.names(pos, f["abbreviations"], what+": abbreviations")
	e.Synonyms = p.names(pos, f["synonyms"], what+": synonyms")
	e.Names = p.curatedNames(pos, f["names"], what+": names")
	e.Sources = p.sourceList(f["sources"], what+": sources")
	if v := f["formula"]; v != nil {
		e.Formula = p.formula(v, what)
	}
	if v := f["structure"]; v != nil {
		e.Structure = p.structure(v, what)
	}
	if v := f["role"]; v != nil {
		e.Role = p.role(v, what)
	}
	if v := f["family"]; v != nil {
		e.Family, _ = p.str(v, what+": family")
		if e.Family != "" && p.families[e.Family] == nil {
			p.errorf(v, "%s: family %q is not declared in families", what, e.Family)
		}
	}
	if v := f["cas"]; v != nil {
		e.CAS = p.casList(v, what, pos)
	}
	if v := f["hs"]; v != nil {
		e.HSCodes = p.hsList(v, what)
	}
	if v := f["controls"]; v != nil {
		e.Controls = p.controls(v, what)
	}
	return e
}

// entryPos keeps the nodes of an entry that cross-entry checks point at.
type entryPos struct {
	node  *yaml.Node
	id    *yaml.Node
	cas   map[string]*yaml.Node
	names []*yaml.Node // name, iupac, abbreviations, synonyms
}

// entryLabel names an entry in messages by its id when it has one.
func entryLabel(n *yaml.Node) string {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "id" && v.Kind == yaml.ScalarNode && v.Value != "" {
				return fmt.Sprintf("entry %q", v.Value)
			}
		}
	}
	return "entry"
}

// name parses an optional name-like scalar and records it for the
// ambiguity check.
func (p *parser) name(pos *entryPos, n *yaml.Node, what string) string {
	if n == nil {
		return ""
	}
	s, ok := p.str(n, what)
	if ok {
		pos.names = append(pos.names, n)
	}
	return s
}

// names parses an optional list of names and records them for the
// ambiguity check.
func (p *parser) names(pos *entryPos, n *yaml.Node, what string) []string {
	if n == nil {
		return nil
	}
	nodes := p.scalars(n, what)
	pos.names = append(pos.names, nodes...)
	out := make([]string, len(nodes))
	for i, c := range nodes {
		out[i] = c.Value
	}
	return out
}

func (p *parser) optStr(n *yaml.Node, what string) string {
	if n == nil {
		return ""
	}
	s, _ := p.str(n, what)
	return s
}

// sourceList parses a list of source keys, each of which must be declared in
// the top-level sources section.
func (p *parser) sourceList(n *yaml.Node, what string) []string {
	if n == nil {
		return nil
	}
	nodes := p.scalars(n, what)
	if len(nodes) == 0 && n.Kind == yaml.SequenceNode {
		p.errorf(n, "%s: at least one source is required", what)
	}
	if p.cited == nil {
		p.cited = map[string]bool{}
	}
	keys := make([]string, 0, len(nodes))
	for _, c := range nodes {
		if p.sources[c.Value] == nil {
			p.errorf(c, "%s: unknown source %q (declare it under sources)", what, c.Value)
		}
		p.cited[c.Value] = true
		keys = append(keys, c.Value)
	}
	return keys
}

var formulaRE = regexp.MustCompile(`^([A-Z][a-z]?[0-9]*)+$`)

func (p *parser) formula(n *yaml.Node, what string) string {
	s, ok := p.str(n, what+": formula")
	if ok && !formulaRE.MatchString(s) {
		p.errorf(n, "%s: formula %q is not a Hill-style formula such as C11H16N2", what, s)
	}
	return s
}

var (
	structureKeys = []string{"smiles", "inchi", "inchikey", "none", "exception", "sources"}
	inchiKeyRE    = regexp.MustCompile(`^[A-Z]{14}-[A-Z]{10}-[A-Z]$`)
)

// structure parses "structure: {smiles: ..., inchi: ..., inchikey: ...}" or
// "structure: {none: reason}".
func (p *parser) structure(n *yaml.Node, what string) Structure {
	what += ": structure"
	f := p.fields(n, what, structureKeys)
	if f == nil {
		return Structure{}
	}
	var s Structure
	s.SMILES = p.optStr(f["smiles"], what+": smiles")
	s.InChI = p.optStr(f["inchi"], what+": inchi")
	s.InChIKey = p.optStr(f["inchikey"], what+": inchikey")
	s.None = p.optStr(f["none"], what+": none")
	s.Exception = p.optStr(f["exception"], what+": exception")
	s.ExceptionSources = p.sourceList(f["sources"], what+": sources")
	if (s.Exception == "") != (len(s.ExceptionSources) == 0) {
		p.errorf(n, "%s: exception and sources go together (a reviewed disagreement and what settles it)", what)
	}
	switch {
	case s.None != "" && (s.SMILES != "" || s.InChI != "" || s.InChIKey != ""):
		p.errorf(n, "%s: none excludes smiles, inchi and inchikey", what)
	case s.None == "" && (s.SMILES == "" || s.InChI == "" || s.InChIKey == ""):
		p.errorf(n, "%s: give smiles, inchi and inchikey, or none with the reason", what)
	}
	if s.InChIKey != "" && !inchiKeyRE.MatchString(s.InChIKey) {
		p.errorf(f["inchikey"], "%s: %q is not a standard InChIKey (14-10-1 upper-case letters)", what, s.InChIKey)
	}
	if s.InChI != "" && !strings.HasPrefix(s.InChI, "InChI=1S/") {
		p.errorf(f["inchi"], "%s: %q is not a standard InChI (it starts InChI=1S/)", what, s.InChI)
	}
	return s
}

var roles = []Role{RolePrecursor, RolePrePrecursor, RoleDesignerPrecursor, RoleReagent, RoleDrug}

func (p *parser) role(n *yaml.Node, what string) Role {
	s, ok := p.str(n, what+": role")
	if !ok {
		return ""
	}
	for _, r := range roles {
		if Role(s) == r {
			return r
		}
	}
	p.errorf(n, "%s: unknown role %q (want precursor, pre-precursor, designer-precursor, reagent or drug)", what, s)
	return ""
}

var casKeys = []string{"number", "form"}

// casList parses "cas: [{number: 23056-29-3, form: parent}, ...]".
func (p *parser) casList(n *yaml.Node, what string, pos *entryPos) []CASNumber {
	if !p.kind(n, yaml.SequenceNode, what+": cas") {
		return nil
	}
	var out []CASNumber
	for _, c := range n.Content {
		f := p.fields(c, what+": cas", casKeys, "number")
		if f == nil || f["number"] == nil {
			continue
		}
		num, ok := p.str(f["number"], what+": cas number")
		if !ok {
			continue
		}
		got, want, shaped := ParseCAS(num)
		switch {
		case !shaped:
			p.errorf(f["number"], "%s: CAS %q is not of the form NNNNNNN-NN-N", what, num)
			continue
		case got != want:
			p.errorf(f["number"], "%s: CAS %s has check digit %c, want %c", what, num, got, want)
			continue
		}
		form := "parent"
		if v := f["form"]; v != nil {
			form, _ = p.str(v, what+": cas form")
		}
		out = append(out, CASNumber{Number: num, Form: form})
		if pos.cas[num] == nil {
			pos.cas[num] = f["number"]
		}
	}
	return out
}

// hsList parses HS codes. The file may write "2933.39", "293339" or a
// four-digit heading "2933"; codes are stored as digits only.
func (p *parser) hsList(n *yaml.Node, what string) []string {
	nodes := p.scalars(n, what+": hs")
	out := make([]string, 0, len(nodes))
	for _, c := range nodes {
		s := c.Value
		d, ok := hsDigits(s)
		if !ok {
			p.errorf(c, "%s: HS code %q must be six digits (2933.39) or a four-digit heading (2933)", what, s)
			continue
		}
		out = append(out, d)
	}
	return out
}

// hsDigits accepts "NNNN", "NNNNNN", "NNNN.NN" and returns the digits.
func hsDigits(s string) (string, bool) {
	d := strings.Replace(s, ".", "", 1)
	if len(d) != 4 && len(d) != 6 {
		return "", false
	}
	if strings.Contains(s, ".") && strings.Index(s, ".") != 4 {
		return "", false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return "", false
		}
	}
	if d[:2] == "00" {
		return "", false
	}
	return d, true
}

// validID reports whether s is a catalog id: lower-case ASCII letters,
// digits and inner hyphens.
func validID(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
