package chemicals

import (
	_ "embed"
	"fmt"
	"github.com/precursorwatch/precursor/internal/yamlsrc"

	"gopkg.in/yaml.v3"
)

// The catalog-data generator (make catalog-data) writes names.generated.yaml
// beside the catalog: for each entry, the names it harvested from the
// PubChem synonyms of the entry's CAS numbers and verified with OPSIN, each
// with its source and status. The file is embedded in the binary. Its
// names attach to an entry of whatever catalog is loaded only when the
// entry has the same id and the same structure (InChIKey, or for an entry
// without a molecular structure its first CAS number) as the one the names
// were verified against: a catalog file that redefines an id does not
// inherit names of another substance.

//go:embed names.generated.yaml
var defaultGenerated []byte

// GeneratedSource is the name under which errors in the embedded generated
// names file are reported.
const GeneratedSource = "embedded:names.generated.yaml"

// DefaultGeneratedBytes returns a copy of the embedded generated names file.
func DefaultGeneratedBytes() []byte {
	return append([]byte(nil), defaultGenerated...)
}

// generatedEntry is one entry of the generated names file.
type generatedEntry struct {
	id    *yaml.Node // the key node, for messages
	key   string     // InChIKey or CAS number the names were verified against
	names []generatedName
}

type generatedName struct {
	Name
	node *yaml.Node
}

var (
	generatedTop      = []string{"tools", "entries", "families"}
	generatedEntryKey = []string{"key", "check", "names", "dropped"}
	familyNameKeys    = []string{"text", "entries", "source"}
)

// familyName is a generated name that several entries of one family claim:
// it names the family, never one of the entries.
type familyName struct {
	family  *yaml.Node
	node    *yaml.Node
	entries []*yaml.Node
	name    Name
}

// parseFamilyNames parses "families: {family: [{text, entries, source}]}".
func (p *parser) parseFamilyNames(n *yaml.Node) []familyName {
	var out []familyName
	for _, kv := range p.pairs(n, "families") {
		what := fmt.Sprintf("generated names of family %q", kv.key.Value)
		if !p.kind(kv.val, yaml.SequenceNode, what) {
			continue
		}
		for _, c := range kv.val.Content {
			f := p.fields(c, what, familyNameKeys, "text", "entries", "source")
			if f == nil || f["text"] == nil || f["entries"] == nil || f["source"] == nil {
				continue
			}
			text, _ := p.str(f["text"], what+": text")
			fn := familyName{family: kv.key, node: f["text"], entries: p.scalars(f["entries"], what+": entries"),
				name: Name{Text: text, Source: p.sourceKey(f["source"], what+": source"), Status: NameUnverified}}
			for _, e := range fn.entries {
				fn.name.Entries = append(fn.name.Entries, e.Value)
			}
			out = append(out, fn)
		}
	}
	return out
}

// parseGenerated parses the generated names file. Problems are reported at
// positions in that file. Source keys are checked against the catalog's.
func (p *parser) parseGenerated(data []byte) ([]generatedEntry, []familyName) {
	var doc yaml.Node
	if err := yamlsrc.Unmarshal(p.file, data, &doc); err != nil {
		p.syntax(err, data)
		return nil, nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.errs.Errorf(yamlsrc.Pos{File: p.file, Line: 1, Col: 1}, "", "empty generated names file")
		return nil, nil
	}
	f := p.fields(doc.Content[0], "generated names", generatedTop, "entries")
	if f == nil {
		return nil, nil
	}
	var out []generatedEntry
	for _, kv := range p.pairs(f["entries"], "entries") {
		what := fmt.Sprintf("generated names of %q", kv.key.Value)
		ef := p.fields(kv.val, what, generatedEntryKey, "key")
		if ef == nil {
			continue
		}
		ge := generatedEntry{id: kv.key}
		ge.key, _ = p.str(ef["key"], what+": key")
		if n := ef["names"]; n != nil && p.kind(n, yaml.SequenceNode, what+": names") {
			for _, c := range n.Content {
				if nm, node, ok := p.nameItem(c, what+": names", false); ok {
					ge.names = append(ge.names, generatedName{nm, node})
				}
			}
		}
		out = append(out, ge)
	}
	return out, p.parseFamilyNames(f["families"])
}

// structureKey is what generated names are bound to: the entry's InChIKey,
// or for an entry without a molecular structure its first CAS number.
func structureKey(e *Entry) string {
	if e.Structure.InChIKey != "" {
		return e.Structure.InChIKey
	}
	if len(e.CAS) > 0 {
		return e.CAS[0].Number
	}
	return ""
}

// markCited records a source key as cited.
func (p *parser) markCited(k string) {
	if p.cited == nil {
		p.cited = map[string]bool{}
	}
	p.cited[k] = true
}

// bindGenerated attaches generated names to their entries. Strictly, every
// problem is an error positioned in the generated file; otherwise records
// and names that do not fit are left out. It reports whether any name
// attached.
func (p *parser) bindGenerated(cat *Catalog, gens []generatedEntry, fams []familyName, gp *parser, strict bool) bool {
	if strict {
		p.errs = append(p.errs, gp.errs...)
	} else if len(gp.errs) > 0 {
		return false
	}
	byID := make(map[string]*Entry, len(cat.Entries))
	for _, e := range cat.Entries {
		byID[e.ID] = e
	}
	bound := false
	fail := func(n *yaml.Node, format string, args ...any) {
		if strict {
			gp.errorf(n, format, args...)
			p.errs = append(p.errs, gp.errs[len(gp.errs)-1])
		}
	}
	for _, ge := range gens {
		e := byID[ge.id.Value]
		switch {
		case e == nil:
			fail(ge.id, "generated names of %q: no catalog entry has this id (run make catalog-data)", ge.id.Value)
			continue
		case structureKey(e) != ge.key:
			fail(ge.id, "generated names of %q were verified against %s, the entry's structure is %s (run make catalog-data)", e.ID, ge.key, structureKey(e))
			continue
		}
		for _, gn := range ge.names {
			key := collisionKey(gn.Text)
			if owner, taken := p.owners[key]; taken {
				fail(gn.node, "generated name %q of %q normalises to %q, already a name of entry %q", gn.Text, e.ID, key, owner.entry.ID)
				continue
			}
			p.owners[key] = nameOwner{e, gn.node}
			e.Names = append(e.Names, gn.Name)
			bound = true
		}
	}
	for _, fn := range fams {
		if msg := familyNameProblem(fn, byID); msg != "" {
			fail(fn.node, "generated name %q of family %q: %s", fn.name.Text, fn.family.Value, msg)
			continue
		}
		if cat.familyNames == nil {
			cat.familyNames = map[string][]Name{}
		}
		cat.familyNames[fn.family.Value] = append(cat.familyNames[fn.family.Value], fn.name)
		bound = true
	}
	return bound
}

// familyNameProblem says why a family name does not fit the catalog, or "":
// every entry it lists must exist and belong to the family.
func familyNameProblem(fn familyName, byID map[string]*Entry) string {
	if len(fn.entries) < 2 {
		return "a family name is shared by at least two entries"
	}
	for _, n := range fn.entries {
		e := byID[n.Value]
		switch {
		case e == nil:
			return fmt.Sprintf("no catalog entry %q", n.Value)
		case e.Family != fn.family.Value:
			return fmt.Sprintf("entry %q belongs to family %q", n.Value, e.Family)
		}
	}
	return ""
}
