package ruletest

import (
	"context"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/structure"
	"gopkg.in/yaml.v3"
)

// RecordedStructure is one answer of the structure resolver that a case states, so
// rules on structure matches are tested without Java:
//
//	structures:
//	  - name: benzyl 4-anilinopiperidine-1-carboxylate   # the text asked (any case and spacing)
//	    smiles: "O=C(OCC1=CC=CC=C1)N1CCC(CC1)NC1=CC=CC=C1"
//	    inchikey: IKZKTNNFPIABNV-UHFFFAOYSA-N            # optional, as formula
//	    patterns: [4-ap/core]                            # family patterns it matches
//
// The case's items go through the same classifier as in the pipeline
// (structure.Finder): a chemical-looking span that no exact catalog match
// covers is asked, and answered from these records; any other text is not a
// name.
type RecordedStructure struct {
	Name, SMILES, InChIKey, Formula string
	Patterns                        []string
	patternsAt                      []yamlsrc.Pos
}

// structures parses a case's structures list.
func (p *parser) structures(v *yaml.Node) []RecordedStructure {
	if v.Kind != yaml.SequenceNode {
		p.errorf(v, "structures must be a list, got %s", nodeKind(v))
		return nil
	}
	var out []RecordedStructure
	for _, n := range v.Content {
		if n.Kind != yaml.MappingNode {
			p.errorf(n, "structures entry must be a mapping, got %s", nodeKind(n))
			continue
		}
		var r RecordedStructure
		for k, val := range p.pairs(n) {
			switch k.Value {
			case "name":
				r.Name = p.str(val, "structures: name")
			case "smiles":
				r.SMILES = p.str(val, "structures: smiles")
			case "inchikey":
				r.InChIKey = p.str(val, "structures: inchikey")
			case "formula":
				r.Formula = p.str(val, "structures: formula")
			case "patterns":
				r.Patterns, r.patternsAt = p.strList(val, "structures: patterns")
			default:
				p.errorf(k, "unknown key %q in structures entry (want name, smiles, inchikey, formula, patterns)", k.Value)
			}
		}
		if r.Name == "" || r.SMILES == "" {
			p.errorf(n, "structures entry needs name and smiles")
			continue
		}
		out = append(out, r)
	}
	return out
}

// checkPatterns reports pattern ids a case's structures name that the
// engine's catalog does not declare.
func checkPatterns(tc Case, cat *chemicals.Catalog) yamlsrc.List {
	var errs yamlsrc.List
	known := map[string]bool{}
	for _, p := range cat.Patterns() {
		known[p.ID] = true
	}
	for _, r := range tc.Structures {
		for i, id := range r.Patterns {
			if !known[id] {
				errs.Errorf(tc.entryPos(r.patternsAt, i), "", "test %q: unknown family pattern %q", tc.Name, id)
			}
		}
	}
	return errs
}

// recordedStructures finds the structures of m's items as the pipeline
// does, answering from the case's records. Patterns were checked by
// checkPatterns.
func recordedStructures(e *rules.Engine, tc Case, m *manifest.Manifest, en rules.Enrichment) ([][]structure.Finding, error) {
	if len(tc.Structures) == 0 {
		return nil, nil
	}
	byID := map[string]chemicals.FamilyPattern{}
	for _, p := range e.Catalog().Patterns() {
		byID[p.ID] = p
	}
	list := make([]structure.Structure, 0, len(tc.Structures))
	for _, r := range tc.Structures {
		s := structure.Structure{Query: r.Name, SMILES: r.SMILES, InChIKey: r.InChIKey, Formula: r.Formula}
		for _, id := range r.Patterns {
			s.Matches = append(s.Matches, byID[id])
		}
		list = append(list, s)
	}
	rec, err := structure.NewRecorded(list)
	if err != nil {
		return nil, err
	}
	var f structure.Finder
	found, _ := f.Find(context.Background(), rec, func(i int) string { return m.Items[i].Description }, en.Items)
	return found, nil
}
