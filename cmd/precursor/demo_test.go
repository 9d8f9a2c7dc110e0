package main

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestDemo runs the one-command demo end to end: embedded broker, steady
// feed, the real pipeline, the alert tail and the final summary; with the
// default pack as a candidate too, whose alerts are counted apart and never
// printed with the live ones.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a broker and the pipeline for several seconds")
	}
	code, out, errs := runSynthCmd(t, "demo", "--duration", "3s", "--rate", "300", "--risky-pct", "30",
		"--malformed-pct", "5", "--http", "127.0.0.1:0", "--status-every", "1s", "--seed", "5", "--candidate", "../../rules/default")
	if code != exitOK {
		t.Fatalf("exit %d\nstderr:\n%s", code, errs)
	}
	for _, want := range []string{"embedded Kafka at 127.0.0.1:", "metrics at http://127.0.0.1:", "-- ", "produced", "ready true"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	produced := summaryNumber(t, errs, `(?m)^  produced\s+(\d+) manifests`)
	malformed := summaryNumber(t, errs, `(\d+) malformed\)`)
	if produced < 600 {
		t.Errorf("produced %d manifests in 3s at 300/s", produced)
	}
	if c := summaryNumber(t, errs, `(?m)^  consumed\s+(\d+)`); c != produced {
		t.Errorf("consumed %d of %d produced\n%s", c, produced, errs)
	}
	if d := summaryNumber(t, errs, `(?m)^  dead letters (\d+)$`); d != malformed {
		t.Errorf("%d dead letters for %d malformed events", d, malformed)
	}
	alerts := summaryNumber(t, errs, `(?m)^  alerts\s+(\d+) \[`)
	lines := strings.Count(out, "\n")
	if alerts == 0 || lines != alerts {
		t.Errorf("summary says %d alerts, stdout has %d lines:\n%s", alerts, lines, out)
	}
	if cand := summaryNumber(t, errs, `(?m)^  candidate\s+(\d+) alerts \[`); cand == 0 || cand > alerts {
		t.Errorf("candidate (the same pack) wrote %d alerts, live %d", cand, alerts)
	}
	if !regexp.MustCompile(`(?m)^(CRITICAL|HIGH|MEDIUM|LOW)\s+\d+\s+SYN-0005-\d{9}\s+\S`).MatchString(out) {
		t.Errorf("no alert line in the expected format:\n%s", out)
	}
	// Ground truth from the generator: the shipped rules must find the risky
	// shipments and leave almost all ordinary trade alone.
	if r := summaryNumber(t, errs, `risky shipments alerted:\s+\d+ of \d+ \(([0-9]+)\.`); r < 85 {
		t.Errorf("only %d%% of risky shipments alerted, want >= 85%%", r)
	}
	if b := summaryNumber(t, errs, `benign shipments alerted:\s+\d+ of \d+ \(([0-9]+)\.`); b >= 5 {
		t.Errorf("%d%% of benign shipments alerted, want < 5%%", b)
	}
	// Parties from the sample lists (respelled) are found; near misses of
	// them are not.
	if l := summaryNumber(t, errs, `with a listed party:\s+\d+ of \d+ \(([0-9]+)\.`); l < 80 {
		t.Errorf("only %d%% of shipments with a listed party alerted, want >= 80%%", l)
	}
	if !regexp.MustCompile(`; (shipper|consignee|notify_party) ~ .+ \((sanction|indictment), \S+ \S+, [01]\.\d\d\)`).MatchString(out) {
		t.Errorf("no alert line names a listed party:\n%s", out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes written to a non-terminal")
	}
}

// listedPartyAlert is an alert whose rule fired on a party hit, with a
// cleared hit beside it (not printed).
func listedPartyAlert() alertView {
	var a alertView
	raw := `{"shipment_id": "S5", "severity": "high", "score": 75, "summary": "HIGH 75: CN->MX air; rules PTY-001",
		"hits": [{"rule": "PTY-001", "evidence": [
			{"party": {"role": "consignee", "list": "us-ofac-sdn", "entry_id": "990008", "kind": "sanction", "matched": "SUMILAB, S.A. DE C.V.", "score": 0.95}},
			{"party": {"role": "shipper", "list": "x", "entry_id": "1", "kind": "sanction", "matched": "X", "score": 0.9, "cleared": {"id": "EX-1"}}}]}]}`
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		panic(err)
	}
	return a
}

func summaryNumber(t *testing.T, s, pattern string) int {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %q in:\n%s", pattern, s)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestFormatAlert(t *testing.T) {
	tests := []struct {
		name   string
		a      alertView
		colour bool
		want   string
	}{
		{"summary repeats severity", alertView{ShipmentID: "S1", Severity: "high", Score: 80, Summary: "HIGH 80: CN->MX ocean; 4-AP (\"4-anilinopiperidine\"); rules FEN-001"}, false,
			"HIGH        80  S1  CN->MX ocean; 4-AP (\"4-anilinopiperidine\"); rules FEN-001"},
		{"plain summary", alertView{ShipmentID: "S2", Severity: "low", Score: 20, Summary: "CN->US air"}, false, "LOW         20  S2  CN->US air"},
		{"no summary", alertView{ShipmentID: "S3", Severity: "medium", Score: 45, Hits: []hitView{{Rule: "DEC-003"}, {RuleID: "RTE-001"}}},
			false, "MEDIUM      45  S3  rules DEC-003 RTE-001"},
		{"listed party", listedPartyAlert(), false,
			"HIGH        75  S5  CN->MX air; rules PTY-001; consignee ~ SUMILAB, S.A. DE C.V. (sanction, us-ofac-sdn 990008, 0.95)"},
		{"colour", alertView{ShipmentID: "S4", Severity: "critical", Score: 95, Summary: "x"}, true, "\x1b[1;31mCRITICAL\x1b[0m    95  S4  x"},
	}
	for _, tt := range tests {
		if got := formatAlert(&tt.a, tt.colour); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
