package rulefmt

import (
	"io"
	"iter"
	"path"
	"strings"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"gopkg.in/yaml.v3"
)

// Parse parses the rule files of a pack (rule test files excluded) into
// one Pack, adding every problem to ds.
func Parse(files []File, ds *yamlsrc.List) *Pack {
	pack := &Pack{}
	for _, f := range files {
		parseFile(f.Name, f.Data, pack, ds)
	}
	return pack
}

// parseFile parses one rule or settings file (by its base name) into pack,
// adding every problem to ds.
func parseFile(name string, data []byte, pack *Pack, ds *yamlsrc.List) {
	p := &fileParser{file: name, raw: strings.Split(string(data), "\n"), ds: ds, out: pack}
	dec := yamlsrc.NewDecoder(name, data)
	var doc, extra yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		p.syntax(err, data)
		return
	}
	switch err := dec.Decode(&extra); {
	case err == nil:
		p.ds.Errorf(p.pos(&extra), "", "a rule file holds one YAML document; remove the second one")
		return
	case err != io.EOF:
		p.syntax(err, data)
		return
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return // empty file
	}
	root := doc.Content[0]
	if !p.kind(root, yaml.MappingNode, "file", "") {
		return
	}
	if path.Base(name) == SettingsFile {
		p.settings(root)
		return
	}
	for k, v := range p.pairs(root, "") {
		switch k.Value {
		case "lists":
			p.lists(v)
		case "macros":
			p.macros(v)
		case "rules":
			p.rules(v)
		case "exceptions":
			p.exceptions(v)
		default:
			p.ds.Errorf(p.pos(k), "", "unknown key %q (want lists, macros, rules, exceptions)", k.Value)
		}
	}
}

// fileParser reads one rule file.
type fileParser struct {
	file string
	raw  []string // the file's lines, for Expr.Position
	ds   *yamlsrc.List
	out  *Pack
}

func (p *fileParser) pos(n *yaml.Node) yamlsrc.Pos { return yamlsrc.At(p.file, n) }

// syntax reports a YAML syntax error at the broken line; parseFile decodes
// at most two documents.
func (p *fileParser) syntax(err error, data []byte) {
	at, problem := yamlsrc.Syntax(p.file, data, err, 2)
	p.ds.Errorf(at, "", "yaml: %s", problem)
}

// pairs yields the key/value pairs of a mapping, reporting bad keys.
func (p *fileParser) pairs(n *yaml.Node, subject string) iter.Seq2[*yaml.Node, *yaml.Node] {
	return yamlsrc.Pairs(n, func(k, first *yaml.Node) {
		if first == nil {
			p.ds.Errorf(p.pos(k), subject, "mapping key must be a scalar")
			return
		}
		p.ds.Errorf(p.pos(k), subject, "duplicate key %q", k.Value)
	})
}

func (p *fileParser) kind(n *yaml.Node, k yaml.Kind, what, subject string) bool {
	if n.Kind == k {
		return true
	}
	p.ds.Errorf(p.pos(n), subject, "%s must be %s, not %s", what, yamlsrc.KindName(k), yamlsrc.KindName(n.Kind))
	return false
}

func (p *fileParser) str(n *yaml.Node, what, subject string) (string, bool) {
	if !p.kind(n, yaml.ScalarNode, what, subject) {
		return "", false
	}
	if n.Tag == "!!null" {
		p.ds.Errorf(p.pos(n), subject, "%s must not be empty", what)
		return "", false
	}
	return n.Value, true
}

func (p *fileParser) strList(n *yaml.Node, what, subject string) []string {
	out, _ := p.strListAt(n, what, subject)
	return out
}

// strListAt is strList with the position of each string.
func (p *fileParser) strListAt(n *yaml.Node, what, subject string) ([]string, []yamlsrc.Pos) {
	if !p.kind(n, yaml.SequenceNode, what, subject) {
		return nil, nil
	}
	out := make([]string, 0, len(n.Content))
	at := make([]yamlsrc.Pos, 0, len(n.Content))
	for _, c := range n.Content {
		if s, ok := p.str(c, what+" entry", subject); ok {
			out = append(out, s)
			at = append(at, p.pos(c))
		}
	}
	return out, at
}

func (p *fileParser) expr(n *yaml.Node, what, subject string) (Expr, bool) {
	s, ok := p.str(n, what, subject)
	if !ok {
		return Expr{}, false
	}
	if strings.TrimSpace(s) == "" {
		p.ds.Errorf(p.pos(n), subject, "%s must not be empty", what)
		return Expr{}, false
	}
	return Expr{Text: s, What: what, node: n, file: p.file, raw: p.raw}, true
}

func (p *fileParser) lists(n *yaml.Node) {
	p.named(n, "lists", "list", func(name string, at yamlsrc.Pos, v *yaml.Node) {
		l := List{Name: name, Pos: at}
		l.Values, l.valuePos = p.strListAt(v, "list", l.Subject())
		p.out.Lists = append(p.out.Lists, l)
	})
}

func (p *fileParser) macros(n *yaml.Node) {
	p.named(n, "macros", "macro", func(name string, at yamlsrc.Pos, v *yaml.Node) {
		m := Macro{Name: name, Pos: at}
		var ok bool
		if m.When, ok = p.expr(v, "macro", m.Subject()); ok {
			p.out.Macros = append(p.out.Macros, m)
		}
	})
}

// named walks a section mapping identifiers to items (lists, macros),
// reporting names that are not identifiers; item gets each good name, its
// position and its value.
func (p *fileParser) named(n *yaml.Node, section, kind string, item func(name string, at yamlsrc.Pos, v *yaml.Node)) {
	if !p.kind(n, yaml.MappingNode, section, "") {
		return
	}
	for k, v := range p.pairs(n, "") {
		if !validName(k.Value) {
			p.ds.Errorf(p.pos(k), subject(kind, k.Value), "%s name must be an identifier (letters, digits, _)", kind)
			continue
		}
		item(k.Value, p.pos(k), v)
	}
}

// validName reports whether s can be written as an expr identifier.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
