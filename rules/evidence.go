package rules

import (
	"strconv"
	"strings"
	"time"
)

// evidence explains a hit. The approach is deliberately simple and robust,
// without tracing the evaluation:
//
//   - catalog matches: when the rule (directly or through its macros) names
//     chemical ids or families as literal arguments of hasChemical,
//     hasFamily, totalKg or maxConfidence, the matches of those ids and
//     families; otherwise every match with confidence >= 0.5;
//   - fields: the value of every shipment field the rule reads, by name or
//     through a helper (route reads origin and destination, transits the
//     route, hsDeclared the items' HS codes, descriptionHas the items'
//     descriptions, casInvalid the items' CAS numbers).
func evidence(r *rule, env *Env) []Evidence {
	var out []Evidence
	named := len(r.refs.chems)+len(r.refs.fams) > 0
	for i := range env.Items {
		it := env.Items[i]
		for _, m := range it.Matches {
			if m.Chemical == "" {
				continue
			}
			if named {
				if !contains(r.refs.chems, m.Chemical) && !contains(r.refs.fams, m.Family) {
					continue
				}
			} else if m.Confidence < MinConfidence {
				continue
			}
			out = append(out, Evidence{
				Line: it.Line, Chemical: m.Chemical, Family: m.Family, Method: m.Method,
				Confidence: m.Confidence, Text: m.Text, ItemField: m.Field,
			})
		}
	}
	for _, f := range r.refs.fields {
		out = fieldEvidence(out, f, env)
	}
	return out
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
