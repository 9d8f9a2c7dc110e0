package chemicals

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"gopkg.in/yaml.v3"
)

//go:embed catalog.yaml
var defaultCatalog []byte

// DefaultSource is the Source of the embedded catalog.
const DefaultSource = "embedded:catalog.yaml"

// Default returns the catalog embedded in the binary (catalog.yaml) with
// the embedded generated names (names.generated.yaml), checked strictly:
// every generated record must attach to its entry.
func Default() (*Catalog, error) {
	return ParseWithNames(DefaultSource, defaultCatalog, GeneratedSource, defaultGenerated)
}

// DefaultBytes returns a copy of the embedded catalog file, for tools that
// print or export it.
func DefaultBytes() []byte {
	return append([]byte(nil), defaultCatalog...)
}

// LoadFile reads and parses a catalog file. Problems in the file are
// reported as a yamlsrc.List positioned at path:line:col. The embedded
// generated names attach to the entries they were verified for (see
// generated.go); records that fit no entry of the file are left out.
func LoadFile(path string) (*Catalog, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	return Parse(path, data)
}

// Parse parses and validates a catalog. name is used in error positions and
// becomes the catalog's Source. When the catalog has problems, the error is
// a yamlsrc.List holding every problem found, sorted by position. The
// embedded generated names attach as for LoadFile.
func Parse(name string, data []byte) (*Catalog, error) {
	return parse(name, data, GeneratedSource, defaultGenerated, false)
}

// ParseWithNames parses a catalog together with a generated names file and
// requires every record of that file to attach to its entry with the same
// structure, every name to be new and owned by no other entry, and every
// source key to exist: the check `catalog lint` and the catalog-data CI
// step run on a freshly generated file.
func ParseWithNames(name string, data []byte, namesName string, names []byte) (*Catalog, error) {
	return parse(name, data, namesName, names, true)
}

func parse(name string, data []byte, genName string, gen []byte, strict bool) (*Catalog, error) {
	p := &parser{file: name, pos: map[*Entry]*entryPos{}}
	var doc yaml.Node
	if err := yamlsrc.Unmarshal(name, data, &doc); err != nil {
		p.syntax(err, data)
		return nil, p.errs.Err()
	}
	cat := p.document(&doc)
	var gp *parser
	var gens []generatedEntry
	var fams []familyName
	if cat != nil {
		gp = &parser{file: genName, sources: p.sources, cited: map[string]bool{}}
		gens, fams = gp.parseGenerated(gen)
		if strict {
			for k := range gp.cited {
				p.markCited(k)
			}
		}
		p.validate(cat)
	}
	bound := false
	if cat != nil && len(p.errs) == 0 {
		bound = p.bindGenerated(cat, gens, fams, gp, strict)
	}
	if len(p.errs) > 0 {
		p.errs.Sort()
		return nil, p.errs
	}
	h := sha256.New()
	h.Write(data)
	if bound {
		h.Write(gen) // the names are part of what scores an alert
	}
	cat.Hash = hex.EncodeToString(h.Sum(nil))
	cat.Source = name
	cat.index()
	return cat, nil
}

// parser walks a yaml.v3 node tree, collecting every problem it finds.
type parser struct {
	file string
	errs yamlsrc.List
	// families declared in the families section, with the key's node.
	families map[string]*yaml.Node
	// sources declared in the sources section and those cited by entries.
	sources map[string]*yaml.Node
	cited   map[string]bool
	// pos keeps the nodes of each parsed entry for cross-entry messages.
	pos map[*Entry]*entryPos
	// owners maps the collision key of every name to its entry (validate).
	owners map[string]nameOwner
	// entriesOK is false when the entries section is not a list, so that
	// unused families and sources would be noise.
	entriesOK bool
}

// syntax records a YAML syntax error of data at the line it really is on.
func (p *parser) syntax(err error, data []byte) {
	at, problem := yamlsrc.Syntax(p.file, data, err, 1)
	p.errs.Errorf(at, "", "yaml: %s", problem)
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs.Errorf(yamlsrc.At(p.file, n), "", format, args...)
}

// document parses the top level: version, sources, families, entries.
func (p *parser) document(doc *yaml.Node) *Catalog {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.errs.Errorf(yamlsrc.Pos{File: p.file, Line: 1, Col: 1}, "", "empty catalog")
		return nil
	}
	f := p.fields(doc.Content[0], "catalog", topKeys, "version", "sources", "families", "entries")
	if f == nil {
		return nil
	}
	cat := &Catalog{}
	if n := f["version"]; n != nil {
		cat.Version, _ = p.str(n, "version")
	}
	cat.Sources = p.sourceMap(f["sources"])
	p.familyMap(cat, f["families"])
	if n := f["entries"]; n != nil {
		if p.entriesOK = p.kind(n, yaml.SequenceNode, "entries"); p.entriesOK {
			for _, en := range n.Content {
				if e := p.entry(en); e != nil {
					cat.Entries = append(cat.Entries, e)
				}
			}
		}
	}
	return cat
}

var topKeys = []string{"version", "sources", "families", "entries"}

// sourceMap parses "sources: {KEY: {title: ..., url: ...}}".
func (p *parser) sourceMap(n *yaml.Node) map[string]Source {
	out := map[string]Source{}
	p.sources = map[string]*yaml.Node{}
	for _, kv := range p.pairs(n, "sources") {
		f := p.fields(kv.val, fmt.Sprintf("source %s", kv.key.Value), sourceKeys, "title")
		if f == nil {
			continue
		}
		var s Source
		s.Title, _ = p.str(f["title"], "title")
		if u := f["url"]; u != nil {
			s.URL, _ = p.str(u, "url")
		}
		out[kv.key.Value] = s
		p.sources[kv.key.Value] = kv.key
	}
	return out
}

var sourceKeys = []string{"title", "url"}

type pair struct{ key, val *yaml.Node }

// pairs returns the key/value pairs of a mapping node, reporting duplicate
// keys. A nil node yields nothing (the caller reports missing fields).
func (p *parser) pairs(n *yaml.Node, what string) []pair {
	if n == nil || !p.kind(n, yaml.MappingNode, what) {
		return nil
	}
	out := make([]pair, 0, len(n.Content)/2)
	bad := func(k, first *yaml.Node) {
		if first == nil {
			p.errorf(k, "%s: key must be a scalar", what)
			return
		}
		p.errorf(k, "%s: duplicate key %q (first at line %d)", what, k.Value, first.Line)
	}
	for k, v := range yamlsrc.Pairs(n, bad) {
		out = append(out, pair{k, v})
	}
	return out
}

// fields parses a mapping with a fixed set of keys: unknown keys and missing
// required keys are errors. It returns nil if n is not a mapping.
func (p *parser) fields(n *yaml.Node, what string, known []string, required ...string) map[string]*yaml.Node {
	if n == nil || !p.kind(n, yaml.MappingNode, what) {
		return nil
	}
	out := map[string]*yaml.Node{}
	for _, kv := range p.pairs(n, what) {
		if !contains(known, kv.key.Value) {
			p.errorf(kv.key, "%s: unknown field %q", what, kv.key.Value)
			continue
		}
		out[kv.key.Value] = kv.val
	}
	for _, r := range required {
		if out[r] == nil {
			p.errorf(n, "%s: missing required field %q", what, r)
		}
	}
	return out
}

func (p *parser) kind(n *yaml.Node, k yaml.Kind, what string) bool {
	if n.Kind == k {
		return true
	}
	p.errorf(n, "%s: expected %s, got %s", what, yamlsrc.KindName(k), yamlsrc.KindName(n.Kind))
	return false
}

// str returns a scalar's text. YAML would read 2933.39 as a float and
// 2024-09-01 as a timestamp; the node keeps the text as written, which is
// what the catalog means.
func (p *parser) str(n *yaml.Node, what string) (string, bool) {
	if n == nil || !p.kind(n, yaml.ScalarNode, what) {
		return "", false
	}
	if n.Tag == "!!null" {
		p.errorf(n, "%s: empty value", what)
		return "", false
	}
	return n.Value, true
}

// scalars returns the non-empty scalar elements of a list node.
func (p *parser) scalars(n *yaml.Node, what string) []*yaml.Node {
	if n == nil || !p.kind(n, yaml.SequenceNode, what) {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if s, ok := p.str(c, what); ok {
			if s == "" {
				p.errorf(c, "%s: empty string", what)
				continue
			}
			out = append(out, c)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
