package listfmt

import (
	"strings"
	"time"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"gopkg.in/yaml.v3"
)

// curated parses the project's own YAML list:
//
//	list:
//	  id: precursor-indictments
//	  title: ...
//	  published: 2025-01-06
//	entries:
//	  - id: PWI-001
//	    kind: indictment            # sanction | indictment | export-control | crime | other
//	    type: company               # person | company | organization
//	    name: Hubei Amarvel Biotech Co., Ltd.
//	    aliases: [AmarvelBio]
//	    weak_aliases: []            # too broad to screen on alone
//	    previous_names: []
//	    countries: [CN]             # ISO 3166-1 alpha-2
//	    addresses: ["Wuhan, Hubei, China"]
//	    programme: US-DOJ-SDNY      # authority or programme
//	    action: "..."               # what was done
//	    date: 2023-06-23
//	    sources: [S45]              # keys of the sources registry
//
// Every key is checked: unknown keys, missing required keys and bad values
// are reported at their line and column.
func (p *parser) curated(data []byte) *List {
	var doc yaml.Node
	if err := yamlsrc.Unmarshal(p.file, data, &doc); err != nil {
		p.yamlSyntax(data, err)
		return nil
	}
	if len(doc.Content) == 0 {
		p.errorf(1, 1, "empty document")
		return nil
	}
	l := &List{Format: FormatCurated, Declared: -1}
	root := doc.Content[0]
	y := yamlMap{p: p, what: "list file"}
	y.fields(root, map[string]func(*yaml.Node){
		"list":    func(n *yaml.Node) { p.curatedHeader(l, n) },
		"entries": func(n *yaml.Node) { p.curatedEntries(l, n) },
	}, "list", "entries")
	return l
}

func (p *parser) curatedHeader(l *List, n *yaml.Node) {
	y := yamlMap{p: p, what: "list"}
	y.fields(n, map[string]func(*yaml.Node){
		"id":    func(v *yaml.Node) { l.ID = y.str(v) },
		"title": func(v *yaml.Node) { l.Title = y.str(v) },
		"published": func(v *yaml.Node) {
			l.Published = y.date(v)
			l.PublishedFrom = PublishedFromFile
		},
	}, "id", "title", "published")
}

func (p *parser) curatedEntries(l *List, n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n.Line, n.Column, "entries: want a list")
		return
	}
	for _, item := range n.Content {
		if p.tooMany(len(l.Entries), item.Line, item.Column) || p.stop() {
			return
		}
		l.Entries = append(l.Entries, p.curatedEntry(item))
	}
}

func (p *parser) curatedEntry(n *yaml.Node) Entry {
	e := Entry{Pos: p.pos(n.Line, n.Column), Type: TypeUnknown, Kind: KindOther}
	y := yamlMap{p: p, what: "entry"}
	names := func(kind NameKind) func(*yaml.Node) {
		return func(v *yaml.Node) {
			for _, s := range y.strs(v) {
				e.Names = append(e.Names, Name{Text: s, Kind: kind})
			}
		}
	}
	y.fields(n, map[string]func(*yaml.Node){
		"id": func(v *yaml.Node) { e.ID = y.str(v) },
		"kind": func(v *yaml.Node) {
			e.Kind = KindOther // when the value is refused, its error is enough
			if k, ok := y.oneOf(v, "sanction", "indictment", "export-control", "crime", "other"); ok {
				e.Kind = Kind(k)
			}
		},
		"type": func(v *yaml.Node) {
			if t, ok := y.oneOf(v, "person", "company", "organization"); ok {
				e.Type = EntityType(t)
			}
		},
		"name": func(v *yaml.Node) {
			name := y.str(v)
			if name == "" {
				p.errorf(v.Line, v.Column, "entry: name is empty")
			}
			e.Names = append([]Name{{Text: name, Kind: NamePrimary}}, e.Names...)
		},
		"aliases":        names(NameAlias),
		"weak_aliases":   names(NameWeakAlias),
		"previous_names": names(NamePrevious),
		"countries": func(v *yaml.Node) {
			for i, s := range y.strs(v) {
				if !validCountry(s) {
					at := v.Content[i]
					p.errorf(at.Line, at.Column, "country %q: want an upper-case ISO 3166-1 alpha-2 code", s)
					continue
				}
				e.Countries = append(e.Countries, s)
			}
		},
		"addresses": func(v *yaml.Node) {
			for _, s := range y.strs(v) {
				e.Addresses = append(e.Addresses, Address{Text: s})
			}
		},
		"programme": func(v *yaml.Node) { e.Programmes = []string{y.str(v)} },
		"action":    func(v *yaml.Node) { e.Action = y.str(v) },
		"date":      func(v *yaml.Node) { e.Listed = y.date(v) },
		"sources":   func(v *yaml.Node) { e.Sources = y.strs(v) },
	}, "id", "kind", "name", "date", "sources")
	if len(e.Countries) == 1 {
		for i := range e.Addresses {
			e.Addresses[i].Country = e.Countries[0]
		}
	}
	if e.Sources != nil && len(e.Sources) == 0 {
		p.errorf(n.Line, n.Column, "entry %q: sources: want at least one source key", e.ID)
	}
	return e
}

// yamlSyntax records a YAML syntax error on the line that is really
// broken (yamlsrc.Syntax corrects yaml.v3's line numbers), or a refusal of
// yamlsrc.Unmarshal (a document over the YAML bounds) where it says.
func (p *parser) yamlSyntax(data []byte, err error) {
	pos, problem := yamlsrc.Syntax(p.file, data, err, 1)
	p.errs.add(pos, "YAML: %s", problem)
}

// yamlMap reads YAML mappings key by key, reporting what is wrong at its
// position.
type yamlMap struct {
	p    *parser
	what string
}

// fields calls each key's handler with its value, and reports unknown,
// repeated and missing required keys.
func (y yamlMap) fields(n *yaml.Node, handlers map[string]func(*yaml.Node), required ...string) {
	if n.Kind != yaml.MappingNode {
		y.p.errorf(n.Line, n.Column, "%s: want a mapping", y.what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		h, ok := handlers[k.Value]
		switch {
		case !ok:
			y.p.errorf(k.Line, k.Column, "%s: unknown key %q", y.what, k.Value)
		case seen[k.Value]:
			y.p.errorf(k.Line, k.Column, "%s: key %q repeated", y.what, k.Value)
		default:
			seen[k.Value] = true
			h(v)
		}
	}
	for _, r := range required {
		if !seen[r] {
			y.p.errorf(n.Line, n.Column, "%s: missing key %q", y.what, r)
		}
	}
}

func (y yamlMap) str(v *yaml.Node) string {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		y.p.errorf(v.Line, v.Column, "%s: want a string", y.what)
		return ""
	}
	return strings.TrimSpace(v.Value)
}

func (y yamlMap) strs(v *yaml.Node) []string {
	if v.Kind != yaml.SequenceNode {
		y.p.errorf(v.Line, v.Column, "%s: want a list of strings", y.what)
		return nil
	}
	out := make([]string, 0, len(v.Content))
	for _, s := range v.Content {
		out = append(out, y.str(s))
	}
	return out
}

func (y yamlMap) oneOf(v *yaml.Node, allowed ...string) (string, bool) {
	s := y.str(v)
	for _, a := range allowed {
		if s == a {
			return s, true
		}
	}
	y.p.errorf(v.Line, v.Column, "%s: %q is none of %s", y.what, s, strings.Join(allowed, ", "))
	return s, false
}

func (y yamlMap) date(v *yaml.Node) time.Time {
	s := y.str(v)
	t, err := time.Parse(time.DateOnly, s)
	if err != nil && s != "" {
		y.p.errorf(v.Line, v.Column, "%s: date %q: want YYYY-MM-DD", y.what, s)
	}
	return t
}
