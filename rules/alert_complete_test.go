package rules

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// TestSummaryAgreesWithSeverity checks, around every threshold of the
// default pack, that the number the summary prints falls in the band of
// the severity the alert carries: no "MEDIUM 70" where 70 starts HIGH.
func TestSummaryAgreesWithSeverity(t *testing.T) {
	e, err := LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	rs := e.Ruleset()
	th := rs.Thresholds()
	for _, limit := range []float64{th.Low, th.Medium, th.High, th.Critical} {
		for _, d := range []float64{-0.51, -0.5, -0.49, -0.01, 0, 0.01, 0.49, 0.5} {
			score := limit + d
			sev := rs.severity(score)
			a := &Alert{}
			line := summary(a, &manifest.Manifest{}, Result{Score: score, Severity: sev})
			word, rest, _ := strings.Cut(line, " ")
			num, _, _ := strings.Cut(rest, ":")
			printed, err := strconv.ParseFloat(num, 64)
			if err != nil {
				t.Fatalf("summary %q: %v", line, err)
			}
			if word != strings.ToUpper(sev) || th.Severity(printed) != sev {
				t.Errorf("score %.2f: summary %q but severity %s", score, line, sev)
			}
			wantAbove := d >= -0.5
			if above := rulefmt.SeverityRank(sev) >= rulefmt.SeverityRank(th.Severity(limit)); above != wantAbove {
				t.Errorf("score %.2f (threshold %v): severity %s", score, limit, sev)
			}
		}
	}
}

// TestAlertShipmentHeader checks that an alert carries the parties, mode,
// places, route and value of the manifest, and bounds the route.
func TestAlertShipmentHeader(t *testing.T) {
	e := testEngine(t)
	route := strings.Repeat(`{"country":"SG"},`, maxAlertRoute+3)
	raw := []byte(`{"schema_version":1,"shipment_id":"H-1","event_time":"2026-03-01T00:00:00Z","mode":"ocean",
		"origin":{"country":"CN","locode":"CNSHA"},"destination":{"country":"MX","locode":"MXZLO"},
		"route":[` + strings.TrimSuffix(route, ",") + `],
		"shipper":{"name":"<b>Shipper</b>","address":"1 Road","country":"CN"},
		"consignee":{"name":"Consignee SA","address":"Culiacan","country":"MX"},
		"notify_party":{"name":"Notify Ltd","address":"Panama","country":"PA"},
		"declared_value":{"amount":1234.5,"currency":"USD"},
		"items":[{"line":1,"description":"4-anilinopiperidine","quantity":25,"unit":"kg"}]}`)
	m, err := manifest.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	en := e.Enrich(m)
	a := e.Alert(raw, m, en, e.Score(m, en))
	var back Alert
	if err := json.Unmarshal(a.AppendJSON(nil), &back); err != nil {
		t.Fatal(err)
	}
	want := Parties{Shipper: Party{"<b>Shipper</b>", "1 Road", "CN"}, Consignee: Party{"Consignee SA", "Culiacan", "MX"},
		NotifyParty: Party{"Notify Ltd", "Panama", "PA"}}
	if back.Parties != want {
		t.Errorf("parties = %+v, want %+v", back.Parties, want)
	}
	if back.Mode != "ocean" || back.Origin != (Place{"CN", "CNSHA"}) || back.Destination != (Place{"MX", "MXZLO"}) ||
		back.DeclaredValue != (Money{1234.5, "USD"}) {
		t.Errorf("header = %s %+v %+v %+v", back.Mode, back.Origin, back.Destination, back.DeclaredValue)
	}
	if len(back.Route) != maxAlertRoute || back.RouteTruncated != 3 {
		t.Errorf("route has %d places, %d truncated; want %d and 3", len(back.Route), back.RouteTruncated, maxAlertRoute)
	}
	min := a.Minimal()
	if min.Parties != want || len(min.Hits) == 0 || len(min.Hits[0].Items) != 0 || min.Hits[0].ItemsTruncated == 0 {
		t.Errorf("minimal alert lost the parties or kept items: %+v", min)
	}
}

// TestHitItemsFromQuantifier checks that a rule written as any(items, P)
// is about the items satisfying P, with the item fields P reads as
// evidence, and not about every item of the shipment.
func TestHitItemsFromQuantifier(t *testing.T) {
	e, err := LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	raw := []byte(`{"schema_version":1,"shipment_id":"Q-1","event_time":"2026-03-01T00:00:00Z","mode":"ocean",
		"origin":{"country":"CN"},"destination":{"country":"US"},
		"items":[{"line":1,"description":"Acetone, technical","hs_code":"2914.11","quantity":200,"unit":"kg"},
		         {"line":2,"description":"Dog food","hs_code":"2933.39","quantity":25,"unit":"kg"}]}`)
	m, err := manifest.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	r := e.Score(m, e.Enrich(m))
	for _, h := range r.Hits {
		if h.RuleID != "DEC-004" {
			continue
		}
		if len(h.Items) != 1 || h.Items[0].Line != 2 || h.Items[0].Kg != 25 {
			t.Fatalf("DEC-004 items = %+v, want line 2 only", h.Items)
		}
		var fields []string
		for _, ev := range h.Evidence {
			if ev.Line == 2 {
				fields = append(fields, ev.Field+"="+ev.Value)
			}
			if ev.Line == 1 {
				t.Errorf("evidence about line 1: %+v", ev)
			}
		}
		if got := strings.Join(fields, " "); !strings.Contains(got, "description=Dog food") || !strings.Contains(got, "hs_code=293339") {
			t.Errorf("DEC-004 item evidence %q lacks the description and HS code it read", got)
		}
		return
	}
	t.Fatalf("DEC-004 did not fire: %v", r.Hits)
}
