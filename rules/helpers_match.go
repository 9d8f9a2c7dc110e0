package rules

import (
	"slices"
	"strings"

	"github.com/precursorwatch/precursor/chemicals"
)

// matchFunctions ask what the catalog matched.
var matchFunctions = []function{
	{Name: "hasChemical", Signature: "hasChemical(ids ...string) bool", Catalog: "id",
		Doc:     "Some item matched one of the catalog ids with confidence >= 0.5.",
		Example: `hasChemical("4-ap", "npp")`,
		needs:   needMatch,
		cost:    helperCost{sizeChemicals, true},
		impl:    variadic((*Env).hasChemical)},
	{Name: "hasFamily", Signature: "hasFamily(families ...string) bool", Catalog: "family",
		Doc:     "Some item matched a chemical of one of the catalog families (parent, salts, protected forms) with confidence >= 0.5.",
		Example: `hasFamily("4-ap")`,
		needs:   needMatch,
		cost:    helperCost{sizeChemicals, true},
		impl:    variadic((*Env).hasFamily)},
	{Name: "hasRole", Signature: "hasRole(roles ...string) bool",
		Doc:     "Some matched chemical has one of the roles: precursor, pre-precursor, designer-precursor, reagent, drug.",
		Example: `hasRole("designer-precursor")`,
		needs:   needMatch,
		arg:     &roleKind,
		cost:    helperCost{sizeOne, true},
		impl:    variadic((*Env).hasRole)},
	{Name: "totalKg", Signature: "totalKg(chemicalOrFamily string) float64", Catalog: "id|family",
		Doc:     "Total mass in kg of the items that matched the chemical id or family with confidence >= 0.5.",
		Example: `totalKg("4-ap") >= 25`,
		needs:   needMatch,
		reads:   []string{"kg"},
		cost:    helperCost{sizeMatches, false},
		impl:    unary((*Env).totalKg)},
	{Name: "kgOf", Signature: "kgOf(ids ...string) float64", Catalog: "id|family",
		Doc:     "Total mass in kg of the items that matched any of the chemical ids or families with confidence >= 0.5, each item counted once.",
		Example: `kgOf("ephedrine", "pseudoephedrine") >= 25`,
		needs:   needMatch,
		reads:   []string{"kg"},
		cost:    helperCost{sizeMatches, true},
		impl:    variadic((*Env).kgOf)},
	{Name: "maxConfidence", Signature: "maxConfidence(idOrFamily string) float64", Catalog: "id|family",
		Doc:     "The highest confidence of any match (including those below 0.5) of the chemical id or family; 0 if none.",
		Example: `maxConfidence("npp") >= 0.3`,
		cost:    helperCost{sizeMatches, false},
		impl:    unary((*Env).maxConfidence)},
	{Name: "obfuscated", Signature: "obfuscated(tricks ...string) bool",
		Doc: "Some match with confidence >= 0.5 was seen through a text trick (its obfuscation is not empty); " +
			"with arguments, through one of the named tricks: homoglyph, invisible, spacing, leet.",
		Example: `obfuscated("homoglyph", "invisible")`,
		needs:   needMatch,
		arg:     &trickKind,
		cost:    helperCost{sizeMatches, false},
		impl:    variadic((*Env).obfuscated)},
	{Name: "hasMethod", Signature: "hasMethod(method string) bool",
		Doc:     "Some match with confidence >= 0.5 was found by the method: cas, name, abbreviation, fuzzy, inchikey, inchi, relative, family or structure.",
		Example: `hasMethod("fuzzy")`,
		needs:   needMatch,
		arg:     &methodKind,
		cost:    helperCost{sizeMatches, false},
		impl:    unary((*Env).hasMethod)},
}

// trickKind is the kind of obfuscated's arguments: the text tricks the
// matcher sees through.
var trickKind = enumKind("text trick", false,
	(chemicals.ObfHomoglyph | chemicals.ObfInvisible | chemicals.ObfSpacing | chemicals.ObfLeet).Names()...)

func (e *Env) hasChemical(ids []any) bool {
	for _, id := range ids {
		if slices.Contains(e.Chemicals, id.(string)) {
			return true
		}
	}
	return false
}

func (e *Env) hasFamily(fams []any) bool {
	for _, f := range fams {
		if slices.Contains(e.Families, f.(string)) {
			return true
		}
	}
	return false
}

func (e *Env) hasRole(roles []any) bool {
	for _, r := range roles {
		if slices.Contains(e.facts.roles, r.(string)) {
			return true
		}
	}
	return false
}

func (e *Env) totalKg(x string) float64 {
	var sum float64
	for i := range e.Items {
		for _, m := range e.Items[i].Matches {
			if m.Confidence >= minConfidence && (m.Chemical == x || m.Family == x) {
				sum += e.Items[i].Kg
				break
			}
		}
	}
	return sum
}

func (e *Env) kgOf(ids []any) float64 {
	var sum float64
	for i := range e.Items {
		if e.Items[i].matchesAny(ids) {
			sum += e.Items[i].Kg
		}
	}
	return sum
}

// matchesAny reports whether the item matched one of ids (chemical ids or
// families) with confidence >= minConfidence.
func (it *Item) matchesAny(ids []any) bool {
	for _, m := range it.Matches {
		if m.Confidence < minConfidence {
			continue
		}
		for _, id := range ids {
			if m.Chemical == id || m.Family == id {
				return true
			}
		}
	}
	return false
}

func (e *Env) maxConfidence(x string) float64 {
	var best float64
	for i := range e.Items {
		for _, m := range e.Items[i].Matches {
			if (m.Chemical == x || m.Family == x) && m.Confidence > best {
				best = m.Confidence
			}
		}
	}
	return best
}

func (e *Env) hasMethod(method string) bool {
	for i := range e.Items {
		for _, m := range e.Items[i].Matches {
			if m.Confidence >= minConfidence && m.Method == method {
				return true
			}
		}
	}
	return false
}

// obfuscated reports whether a confident match was seen through one of the
// tricks, or through any when none is named.
func (e *Env) obfuscated(tricks []any) bool {
	for i := range e.Items {
		for _, m := range e.Items[i].Matches {
			if m.Confidence < minConfidence || m.Obfuscation == "" {
				continue
			}
			if len(tricks) == 0 {
				return true
			}
			for _, t := range tricks {
				if hasTrick(m.Obfuscation, t.(string)) {
					return true
				}
			}
		}
	}
	return false
}

// hasTrick reports whether a "+"-joined list of tricks names trick.
func hasTrick(list, trick string) bool {
	for list != "" {
		var part string
		part, list, _ = strings.Cut(list, "+")
		if part == trick {
			return true
		}
	}
	return false
}
