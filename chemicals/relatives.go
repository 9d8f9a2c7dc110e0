package chemicals

import "strings"

// Relatives: an ester, amide or carbamate of a catalog chemical that is not
// itself an entry ("BMK isopropyl glycidate", "benzyl
// 4-(phenylamino)piperidine-1-carboxylate", "ethyl phenylacetate",
// "N-Boc derivative of norfentanyl") has the family's identity, not any
// entry's. Such matches carry MethodRelative, the Relation, and as Entry
// the family's parent: the entry named like the family (4-AP for the
// carbamates of 4-AP) or the family's free acid (BMK glycidic acid for
// its esters), else the entry whose name the text varies. Regulators list
// families this way ("4-AP, its amides, carbamates and salts"; "BMK
// glycidic acid and its esters"), so a rule can score the family.

// confRelative is the confidence of a relative: the family is certain,
// the compound is not a listed one.
const confRelative = 0.7

// confAmide is the confidence of an amide of a listed acid: reported for
// the record below 0.5, because an amide is a different chemical the
// family lists do not name ("phenylacetamide" is no phenylacetic acid).
const confAmide = 0.45

// relationWords, near a name, say the text names a relative of it.
var relationWords = map[string]Relation{
	"carbamate": RelationCarbamate, "carbamates": RelationCarbamate, "derivative": RelationCarbamate,
	"protected": RelationCarbamate, "ester": RelationEster, "esters": RelationEster,
	"amide": RelationAmide, "amides": RelationAmide,
}

var relationGate = newWordGate(relationWords)

// protectingGroups make "derivative" a carbamate ("N-Boc derivative").
var protectingGroups = map[string]bool{"boc": true, "cbz": true, "fmoc": true, "carbobenzoxy": true}

// familyParents maps each family to its parent entry (see above).
func familyParents(entries []*Entry) map[string]*Entry {
	parents := map[string]*Entry{}
	for _, e := range entries {
		if e.ID == e.Family {
			parents[e.Family] = e
		}
	}
	for _, e := range entries {
		if _, ok := parents[e.Family]; !ok && strings.HasSuffix(strings.ToLower(e.Name), " acid") {
			parents[e.Family] = e
		}
	}
	return parents
}

// relative turns mt into a match of a relative of its entry.
func (m *Matcher) relative(mt Match, rel Relation, hs string) Match {
	if p := m.parents[mt.Entry.Family]; p != nil {
		mt.Entry = p
		mt.HS = p.HSStatus(hs)
	}
	mt.Method, mt.Relation = MethodRelative, rel
	mt.Confidence = min(mt.Confidence, confRelative)
	return mt
}

// carbamateKey reports whether a key names a carbamate: an ester of a
// ring nitrogen's carboxylic acid ("…piperidine-1-carboxylate").
func carbamateKey(p *pattern) bool {
	return strings.Contains(p.key, "piperidinecarboxil") || strings.Contains(p.key, "piperidine1carboxil")
}

// relationNear returns the relation a word within three tokens after (or
// two before) the hit names ("carbamate of 4-AP", "4-AP N-Boc
// derivative"), or RelationNone.
func (m *Matcher) relationNear(sc *scratch, f found) Relation {
	n := &sc.norm
	for t := max(f.first-3, 0); t <= f.last+4 && t < len(n.toks); t++ {
		if t >= f.first && t <= f.last {
			continue
		}
		w := n.buf[n.toks[t].cs:n.toks[t].ce]
		if !relationGate.mayHave(w) {
			continue
		}
		rel, ok := relationWords[string(w)]
		if !ok {
			continue
		}
		if string(w) == "derivative" && !(t > 0 && protectingGroups[string(n.buf[n.toks[t-1].cs:n.toks[t-1].ce])]) {
			continue
		}
		return rel
	}
	return RelationNone
}

// saltOrEster completes the match of an acid's "-ate" (kindSalt): after an
// ester alkyl ("propyl phenylacetate") it names an ester, whose span takes
// in the alkyl: the family's entry for that alkyl if it lists one
// (siblings.go), else a relative. Otherwise it names a salt.
func (m *Matcher) saltOrEster(sc *scratch, f found, mt Match, it Item) Match {
	a := esterAlkylBefore(sc, f)
	if a < 0 {
		mt.Relation = RelationSalt
		return mt
	}
	at := sc.norm.toks[a] // before the "-ate", or after it in Romance order ("fenilacetato de metilo")
	mt.Start, mt.End = balanceSpan(it.Description, min(mt.Start, int(at.os)), max(mt.End, int(at.oe)))
	mt.Text = it.Description[mt.Start:mt.End]
	if s := m.sibling(mt.Entry.Family, plainAlkylBefore(&sc.norm, f.first)); s != nil {
		mt.Entry, mt.HS, mt.Confidence = s, s.HSStatus(it.HSCode), min(mt.Confidence, confSibling)
		return mt
	}
	return m.relative(mt, RelationEster, it.HSCode)
}

// esterAlkylBefore returns the first token of the ester alkyl just before
// the hit ("ethyl", "tert-butyl"), or -1 when the token before is none.
func esterAlkylBefore(sc *scratch, f found) int {
	n := &sc.norm
	if f.first == 0 {
		return -1
	}
	t := n.toks[f.first-1]
	if !canonicalAlkyls[string(n.buf[t.cs:t.ce])] {
		return -1
	}
	if a := f.first - 2; a >= 0 {
		switch string(n.buf[n.toks[a].cs:n.toks[a].ce]) {
		case "t", "sec", "iso", "n":
			return a
		}
	}
	return f.first - 1
}

// amideKey returns the amide key of a name ending in "-ic acid"
// ("phenylacetic acid" → "phenylacetamide").
func amideKey(p pattern) (string, bool) {
	const acid = "icacid"
	if p.kind != kindName || p.words < 2 || !strings.HasSuffix(p.key, acid) || letters(p.key) < len(acid)+6 {
		return "", false
	}
	return p.key[:len(p.key)-len(acid)] + "amide", true
}
