package rules

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// evidence explains a hit. The approach is deliberately simple and robust,
// without tracing the evaluation:
//
//   - catalog matches: when the rule (directly or through its macros) names
//     chemical ids or families as literal arguments of a helper whose
//     entry sets Catalog (hasChemical, totalKg, ...), the matches of those
//     ids and families; otherwise every match with confidence >= 0.5;
//   - fields: the value of every shipment field the rule reads, by name or
//     through a helper (its entry's reads: route reads origin and
//     destination, hsDeclared the items' HS codes, ...).
func evidence(r *rule, env *Env) []Evidence {
	named := len(r.refs.chems)+len(r.refs.fams) > 0
	var out []Evidence
	if n := evidenceSize(r, env, named); n > 0 {
		out = make([]Evidence, 0, n)
	}
	for i := range env.Items {
		it := env.Items[i]
		for _, m := range it.Matches {
			if !matchEvidence(r, m, named) {
				continue
			}
			out = append(out, Evidence{
				Line: it.Line, Chemical: m.Chemical, Family: m.Family, Method: m.Method,
				Confidence: m.Confidence, Text: m.Text, ItemField: m.Field, Obfuscation: m.Obfuscation,
			})
		}
	}
	for _, f := range r.refs.fields {
		out = fieldEvidence(out, f, env)
	}
	if len(out) == 0 {
		return nil // as before sizing: no evidence is nil, not empty
	}
	return out
}

// matchEvidence reports whether a match explains a hit of r.
func matchEvidence(r *rule, m *Match, named bool) bool {
	switch {
	case m.Chemical == "":
		return false
	case named:
		return slices.Contains(r.refs.chems, m.Chemical) || slices.Contains(r.refs.fams, m.Family)
	}
	return m.Confidence >= minConfidence
}

// evidenceSize is the number of evidence entries of a hit of r, or a
// little more: the capacity that spares evidence growing its slice.
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
		switch f {
		case "hs_code", "description", "cas":
			n += len(env.Items)
		default:
			n++
		}
	}
	return n
}

// fieldEvidence appends the value of one field a rule read.
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
	case "hs_code", "description", "cas":
		return itemEvidence(out, field, env)
	}
	return out // items, chemicals, families: covered by the matches
}

func itemEvidence(out []Evidence, field string, env *Env) []Evidence {
	for i := range env.Items {
		it := env.Items[i]
		v := it.HSCode
		switch field {
		case "description":
			v = it.Description
		case "cas":
			v = it.CAS
		}
		if v != "" {
			out = append(out, Evidence{Line: it.Line, Field: field, Value: v})
		}
	}
	return out
}
