package rules

import (
	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
)

// addStructures adds the structure matches of the items (see structure.go)
// to the alert's matches, each with what the resolver read.
func (a *Alert) addStructures(m *manifest.Manifest, en Enrichment, idx *structureIndex) {
	for i := range min(len(m.Items), len(en.Structures)) {
		it := &m.Items[i]
		for k := range en.Structures[i] {
			fd := &en.Structures[i][k]
			idx.eachMatch(fd.Structure, func(ent *chemicals.Entry, p *chemicals.FamilyPattern, conf float64) {
				am := AlertMatch{
					Line: it.Line, Method: MethodStructure, Confidence: conf, Text: fd.Text,
					Field: string(chemicals.FieldDescription), HS: string(chemicals.HSUnknown), ControlledIn: []string{},
					Structure: structureEvidence(fd.Structure, p),
				}
				if ent != nil {
					am.Chemical, am.Name, am.Family, am.HS = ent.ID, ent.Name, ent.Family, string(ent.HSStatus(it.HSCode))
					if w := controlledWhere(ent, m.EventTime); w != nil {
						am.ControlledIn = w
					}
				} else {
					am.Family = p.Family
				}
				a.Matches = append(a.Matches, am)
			})
		}
	}
}

// appendStructureEvidence writes `,"structure":{...}` when ev is set.
func appendStructureEvidence(dst []byte, ev *StructureEvidence) []byte {
	if ev == nil {
		return dst
	}
	dst = append(dst, `,"structure":{"smiles":`...)
	dst = appendString(dst, ev.SMILES)
	for _, kv := range [...]struct{ k, v string }{
		{"inchikey", ev.InChIKey}, {"formula", ev.Formula}, {"pattern", ev.Pattern}, {"meaning", ev.Meaning}, {"legal", ev.Legal},
	} {
		if kv.v != "" {
			dst = appendKeyString(dst, kv.k, kv.v)
		}
	}
	return append(dst, '}')
}

// derivativeLabel names the first uncatalogued derivative among the
// alert's matches ("uncatalogued 4-ap derivative"), or "".
func derivativeLabel(a *Alert) string {
	for _, m := range a.Matches {
		if m.Method == MethodStructure && m.Chemical == "" && m.Family != "" {
			return "uncatalogued " + m.Family + " derivative"
		}
	}
	return ""
}
