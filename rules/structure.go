package rules

import (
	"slices"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/structure"
)

// Structure matches. The structure resolver (package structure) reads the
// chemical names of an item that the catalog did not resolve; the pipeline
// hands its findings in Enrichment.Structures. Each finding becomes matches
// of method "structure":
//
//   - an identity: the structure is a catalog entry's (same standard
//     InChIKey, or the same connectivity, the InChIKey's first block, as a
//     stereoisomer). The match is that entry's, as if the catalog had read
//     the name, and counts for every helper;
//   - otherwise one family-level match per family pattern the structure
//     contains: an uncatalogued derivative (another carbamate of 4-AP,
//     another glycidic ester). Chemical is "", Family the pattern's family;
//     it counts for families (hasFamily, structureFamily, derivativeOf), not
//     for chemicals or control status, which the catalog states only for
//     what it lists: controlledDerivative asks whether the family holds a
//     controlled chemical.
//
// A resolved structure that is neither adds nothing.
const (
	// MethodStructure is the match method of structure matches.
	MethodStructure = "structure"
	// identityConfidence is the confidence of an identity by full
	// InChIKey; stereoConfidence by connectivity only.
	identityConfidence = 0.95
	stereoConfidence   = 0.9
	// patternConfidence is the confidence of a family pattern match.
	patternConfidence = 0.8
)

// StructureEvidence is what the resolver read behind a match of method
// "structure", as shown in evidence and alerts.
type StructureEvidence struct {
	SMILES   string `json:"smiles"`
	InChIKey string `json:"inchikey,omitempty"`
	Formula  string `json:"formula,omitempty"`
	// Pattern is the family pattern matched ("family/name"), Meaning what
	// it covers and Legal the legal text it implements; "" for an identity
	// with a catalog entry whose family declares no pattern it matched.
	Pattern string `json:"pattern,omitempty"`
	Meaning string `json:"meaning,omitempty"`
	Legal   string `json:"legal,omitempty"`
}

// structureIndex finds catalog entries by structure. It belongs to an
// Engine and is immutable.
type structureIndex struct {
	byKey      map[string]*chemicals.Entry // full standard InChIKey
	bySkeleton map[string]*chemicals.Entry // first block: connectivity
	cat        *chemicals.Catalog
}

func newStructureIndex(cat *chemicals.Catalog) *structureIndex {
	idx := &structureIndex{byKey: map[string]*chemicals.Entry{}, bySkeleton: map[string]*chemicals.Entry{}, cat: cat}
	for _, e := range cat.Entries {
		k := e.Structure.InChIKey
		if k == "" {
			continue
		}
		if _, dup := idx.byKey[k]; !dup {
			idx.byKey[k] = e
		}
		if sk := skeleton(k); sk != "" {
			if _, dup := idx.bySkeleton[sk]; !dup {
				idx.bySkeleton[sk] = e
			}
		}
	}
	return idx
}

// skeleton is the connectivity block of a standard InChIKey (14 letters).
func skeleton(key string) string {
	if len(key) < 15 || key[14] != '-' {
		return ""
	}
	return key[:14]
}

// identity returns the catalog entry with the structure's InChIKey and the
// confidence of the identity, or nil.
func (idx *structureIndex) identity(s *structure.Structure) (*chemicals.Entry, float64) {
	if e := idx.byKey[s.InChIKey]; e != nil {
		return e, identityConfidence
	}
	if e := idx.bySkeleton[skeleton(s.InChIKey)]; e != nil {
		return e, stereoConfidence
	}
	return nil, 0
}

// familyControlled reports whether some catalog chemical of family is
// controlled in some jurisdiction at the Env's event date.
func (idx *structureIndex) familyControlled(family string, e *Env) bool {
	for _, ent := range idx.cat.Family(family) {
		if controlMask(ent, e) != 0 {
			return true
		}
	}
	return false
}

// structureEvidence describes structure s matched through pattern p (nil:
// an identity without a pattern).
func structureEvidence(s *structure.Structure, p *chemicals.FamilyPattern) *StructureEvidence {
	ev := &StructureEvidence{SMILES: s.SMILES, InChIKey: s.InChIKey, Formula: s.Formula}
	if p != nil {
		ev.Pattern, ev.Meaning, ev.Legal = p.ID, p.Meaning, p.Legal
	}
	return ev
}

// familyPattern returns the first of the structure's patterns of family.
func familyPattern(s *structure.Structure, family string) *chemicals.FamilyPattern {
	for i := range s.Matches {
		if s.Matches[i].Family == family {
			return &s.Matches[i]
		}
	}
	return nil
}

// addStructures adds the structure matches of every item to the Env that
// reset built from the catalog matches.
func (e *Env) addStructures(found [][]structure.Finding, idx *structureIndex) {
	f := &e.facts
	for i := range min(len(found), len(e.Items)) {
		if len(found[i]) == 0 {
			continue
		}
		ms := f.matches[i]
		for k := range found[i] {
			ms = e.appendStructure(ms, &found[i][k], e.Items[i].HSCode, idx)
		}
		f.matches[i] = ms
		it := e.Items[i]
		it.Matches = it.Matches[:0]
		for j := range ms {
			it.Matches = append(it.Matches, &ms[j])
		}
	}
}

// appendStructure appends the matches of one finding in an item declared
// under hs (see the top of this file) and folds them into the shipment
// facts.
func (e *Env) appendStructure(ms []Match, fd *structure.Finding, hs string, idx *structureIndex) []Match {
	s := fd.Structure
	idx.eachMatch(s, func(ent *chemicals.Entry, p *chemicals.FamilyPattern, conf float64) {
		if ent != nil {
			cm := chemicals.Match{Entry: ent, Method: MethodStructure, Confidence: conf, Field: chemicals.FieldDescription,
				Start: fd.Start, End: fd.End, Text: fd.Text, HS: ent.HSStatus(hs)}
			m := e.addMatch(&cm)
			m.SMILES, m.InChIKey, m.structure = s.SMILES, s.InChIKey, structureEvidence(s, p)
			if p != nil {
				m.Pattern = p.ID
			}
			ms = append(ms, m)
			return
		}
		ms = append(ms, Match{
			Family: p.Family, Method: MethodStructure, Confidence: conf, Text: fd.Text,
			Field: string(chemicals.FieldDescription), HS: string(chemicals.HSUnknown),
			Pattern: p.ID, SMILES: s.SMILES, InChIKey: s.InChIKey, start: fd.Start, end: fd.End,
			structure: structureEvidence(s, p), derivative: true, familyControlled: idx.familyControlled(p.Family, e),
		})
		e.facts.confident = true
		if !slices.Contains(e.Families, p.Family) {
			e.Families = append(e.Families, p.Family)
		}
	})
	return ms
}

// eachMatch calls match for every match structure s makes: once with the
// entry (and the first pattern of the entry's family that s contains, or
// nil) for an identity, else once per family pattern with a nil entry.
func (idx *structureIndex) eachMatch(s *structure.Structure, match func(ent *chemicals.Entry, p *chemicals.FamilyPattern, conf float64)) {
	if ent, conf := idx.identity(s); ent != nil {
		match(ent, familyPattern(s, ent.Family), conf)
		return
	}
	for k := range s.Matches {
		match(nil, &s.Matches[k], patternConfidence)
	}
}
