package rules

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// hit builds the hit of r on the shipment in st, with its explanation.
func (r *rule) hit(st *evalState) Hit {
	h := Hit{RuleID: r.id, Title: r.title, Description: r.description, Action: r.action,
		Score: r.score, Tags: r.tags, References: r.sources, static: r.static}
	h.Evidence, h.Items = explain(r, st)
	return h
}

// explain says why r held, deliberately simply and robustly, without
// tracing the evaluation:
//
//   - catalog matches: when the rule (directly or through its macros) names
//     chemical ids or families as literal arguments of a helper whose
//     entry sets Catalog (hasChemical, totalKg, ...), the matches of those
//     ids and families; otherwise every match with confidence >= 0.5; each
//     with the span of the item field it was found in;
//   - the items the hit is about: those with such a match and those that
//     satisfy the predicate of an item quantifier of the rule
//     (any(items, P), see itemFilters); failing both, every item with a
//     value in an item field the rule reads;
//   - fields: the value of every shipment field the rule reads, by name or
//     through a helper (its entry's reads: route reads origin and
//     destination, totalKg the items' kg, ...), and of every item field
//     it reads (including inside any(items, ...)) on the items above;
//   - party hits: the list hits of the parties the rule's party helpers
//     name (evidence_parties.go).
func explain(r *rule, st *evalState) ([]Evidence, []HitItem) {
	env := &st.env
	named := len(r.refs.chems)+len(r.refs.fams) > 0
	about := st.about[:0]
	for range env.Items {
		about = append(about, false)
	}
	st.about = about
	var out []Evidence
	if n := evidenceSize(r, env, named); n > 0 {
		out = make([]Evidence, 0, n)
	}
	for i, it := range env.Items {
		for _, m := range it.Matches {
			if !matchEvidence(r, m, named) {
				continue
			}
			about[i] = true
			out = append(out, Evidence{
				Line: it.Line, Chemical: m.Chemical, Family: m.Family, Method: m.Method,
				Confidence: m.Confidence, Text: m.Text, ItemField: m.Field, Start: m.start, End: m.end,
				Obfuscation: m.Obfuscation, Structure: m.structure,
			})
		}
	}
	st.selectItems(r.itemFilters, about)
	if !slices.Contains(about, true) {
		for i, it := range env.Items {
			about[i] = itemHasRead(r.refs.fields, it)
		}
	}
	for _, f := range r.refs.fields {
		if itemFields[f] {
			out = itemEvidence(out, f, env, about)
		} else {
			out = fieldEvidence(out, f, env)
		}
	}
	out = partyEvidence(out, r, env)
	if len(out) == 0 {
		out = nil // no evidence is nil, not empty
	}
	return out, hitItems(env, about)
}

// matchEvidence reports whether a match explains a hit of r.
func matchEvidence(r *rule, m *Match, named bool) bool {
	switch {
	case m.Chemical == "" && m.Family == "": // an uncatalogued derivative has a family
		return false
	case named:
		return slices.Contains(r.refs.chems, m.Chemical) || slices.Contains(r.refs.fams, m.Family)
	}
	return m.Confidence >= minConfidence
}

// evidenceSize is the number of evidence entries of a hit of r, or a
// little more: the capacity that spares explain growing its slice.
func evidenceSize(r *rule, env *Env, named bool) int {
	n := 0
	for _, it := range env.Items {
		for _, m := range it.Matches {
			if matchEvidence(r, m, named) {
				n++
			}
		}
	}
	for _, f := range r.refs.fields {
		if itemFields[f] {
			n += len(env.Items)
		} else {
			n++
		}
	}
	return n + partyEvidenceSize(r, env)
}

// fieldEvidence appends the value of one shipment field a rule read.
func fieldEvidence(out []Evidence, field string, env *Env) []Evidence {
	add := func(v string) []Evidence {
		if v == "" {
			return out
		}
		return append(out, Evidence{Field: field, Value: v})
	}
	switch field {
	case "shipment_id":
		return add(env.ShipmentID)
	case "event_type":
		return add(env.EventType)
	case "event_time":
		return add(env.EventTime.UTC().Format(time.RFC3339))
	case "mode":
		return add(env.Mode)
	case "origin":
		return add(env.Origin)
	case "origin_locode":
		return add(env.OriginLocode)
	case "destination":
		return add(env.Destination)
	case "destination_locode":
		return add(env.DestinationLocode)
	case "route":
		return add(strings.Join(env.Route, ","))
	case "shipper":
		return add(env.Shipper.Name)
	case "consignee":
		return add(env.Consignee.Name)
	case "notify_party":
		return add(env.NotifyParty.Name)
	case "value":
		return add(strconv.FormatFloat(env.Value, 'f', -1, 64) + " " + env.Currency)
	case "currency":
		return add(env.Currency)
	}
	return out // items, chemicals, families: covered by the matches
}

// itemEvidence appends the value of one item field a rule read, for each
// item the hit is about.
func itemEvidence(out []Evidence, field string, env *Env, about []bool) []Evidence {
	for i, it := range env.Items {
		if !about[i] {
			continue
		}
		if v := itemValue(it, field); v != "" {
			out = append(out, Evidence{Line: it.Line, Field: field, Value: v})
		}
	}
	return out
}

// itemValue is an item field as text, "" when not declared.
func itemValue(it *Item, field string) string {
	num := func(f float64) string {
		if f == 0 {
			return ""
		}
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	switch field {
	case "description":
		return it.Description
	case "hs_code":
		return it.HSCode
	case "cas":
		return it.CAS
	case "quantity":
		return num(it.Quantity)
	case "unit":
		return it.Unit
	case "kg":
		return num(it.Kg)
	case "gross_weight_kg":
		return num(it.GrossWeightKg)
	}
	return ""
}

// itemHasRead reports whether the item has a value in one of the item
// fields of fields.
func itemHasRead(fields []string, it *Item) bool {
	for _, f := range fields {
		if itemFields[f] && itemValue(it, f) != "" {
			return true
		}
	}
	return false
}

// hitItems copies the items a hit is about, in item order.
func hitItems(env *Env, about []bool) []HitItem {
	n := 0
	for _, a := range about {
		if a {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]HitItem, 0, n)
	for i, it := range env.Items {
		if about[i] {
			out = append(out, HitItem{Line: it.Line, Description: it.Description, HSCode: it.HSCode,
				CAS: it.CAS, Quantity: it.Quantity, Unit: it.Unit, Kg: it.Kg})
		}
	}
	return out
}
