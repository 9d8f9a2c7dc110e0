package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/console/disposition"
	"github.com/precursorwatch/precursor/rules"
)

var t0 = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// testAlert is an alert with the fields the store reads.
func testAlert(id, severity string, score float64, at time.Time, shipper, consignee string, rulesHit []string, chem, family string) Alert {
	a := &rules.Alert{SchemaVersion: 2, ID: id, ShipmentID: "SHP-" + id, EventType: "filed", EventTime: at,
		Score: score, Severity: severity, Summary: strings.ToUpper(severity) + " " + fmt.Sprint(score),
		Mode: "ocean", Origin: rules.Place{Country: "CN"}, Destination: rules.Place{Country: "MX"},
		Parties: rules.Parties{Shipper: rules.Party{Name: shipper}, Consignee: rules.Party{Name: consignee}}}
	for _, r := range rulesHit {
		a.Hits = append(a.Hits, rules.Hit{RuleID: r, Evidence: []rules.Evidence{{Line: 1, Chemical: chem, Family: family}}})
	}
	out := Alert{ID: id, ShipmentID: a.ShipmentID, EventTime: at, Severity: severity, Score: score, Summary: a.Summary,
		Mode: a.Mode, Origin: "CN", Destination: "MX", Shipper: shipper, Consignee: consignee, Rules: rulesHit,
		JSON: a.AppendJSON(nil)}
	if chem != "" {
		out.Chemicals = []Chemical{{chem, family}}
	}
	return out
}

func open(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func ids(rows []Row) string {
	var out []string
	for _, r := range rows {
		out = append(out, r.AlertID)
	}
	return strings.Join(out, " ")
}

func seed(t *testing.T, s *Store) {
	t.Helper()
	n, err := s.AddAlerts(context.Background(), []Alert{
		testAlert("a1", "high", 75, t0, "Example Trading Co.", "Importadora Ejemplo SA", []string{"FEN-001"}, "4-ap", "4-ap"),
		testAlert("a2", "critical", 95, t0.Add(time.Hour), "Example Trading Co.", "Other Buyer", []string{"FEN-001", "FEN-002"}, "boc-4-ap", "4-ap"),
		testAlert("a3", "high", 75, t0.Add(2*time.Hour), "Hubei Chem", "Importadora Ejemplo SA", []string{"METH-004"}, "ephedrine", "ephedra"),
		testAlert("a4", "medium", 45, t0.Add(3*time.Hour), "Düsseldorf Feinchemie", "Lab LLC", []string{"DEC-003"}, "", ""),
	})
	if err != nil || n != 4 {
		t.Fatalf("AddAlerts = %d, %v", n, err)
	}
}

// TestQueueOrderAndFilters runs every filter with both plans: starting
// from the most selective filter's candidates, and walking the queue's
// order (driver limit 0).
func TestQueueOrderAndFilters(t *testing.T) {
	for _, limit := range []int{defaultDriverLimit, 0} {
		s := open(t)
		s.driverLimit = limit
		seed(t, s)
		queueCases(t, s)
	}
}

func queueCases(t *testing.T, s *Store) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		f    Filter
		want string
	}{
		{"severity, score, then newest", Filter{}, "a2 a3 a1 a4"},
		{"severity", Filter{Severity: "high"}, "a3 a1"},
		{"rule", Filter{Rule: "FEN-001"}, "a2 a1"},
		{"chemical id", Filter{Chemical: "ephedrine"}, "a3"},
		{"family", Filter{Chemical: "4-ap"}, "a2 a1"},
		{"origin and destination", Filter{Origin: "cn", Destination: "MX"}, "a2 a3 a1 a4"},
		{"destination", Filter{Destination: "US"}, ""},
		{"rule and family", Filter{Rule: "FEN-001", Chemical: "4-ap"}, "a2 a1"},
		{"rule, family and party", Filter{Rule: "FEN-001", Chemical: "4-ap", Party: "importadora"}, "a1"},
		{"family and severity", Filter{Chemical: "4-ap", Severity: "critical"}, "a2"},
		{"party words, the last a prefix", Filter{Party: "importadora ejem"}, "a3 a1"},
		{"party: earlier words whole", Filter{Party: "import ejemplo"}, ""},
		{"party: a short last word whole", Filter{Party: "importadora ej"}, ""},
		{"party without diacritics", Filter{Party: "dusseldorf"}, "a4"},
		{"search shipment id", Filter{Query: "SHP-a3"}, "a3"},
		{"search party", Filter{Query: "hubei"}, "a3"},
		{"search with FTS syntax is plain words", Filter{Query: `"hubei" OR NEAR(* -`}, ""},
		{"date range", Filter{From: t0.Add(30 * time.Minute), To: t0.Add(150 * time.Minute)}, "a2 a3"},
		{"page", Filter{Limit: 2, Offset: 1}, "a3 a1"},
	} {
		rows, _, err := s.Queue(ctx, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := ids(rows); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if _, more, _ := s.Queue(ctx, Filter{Limit: 3}); !more {
		t.Error("a page of 3 of 4 alerts says no more follow")
	}
}

func TestDispositionsLastWriteWinsInAnyOrder(t *testing.T) {
	ctx := context.Background()
	early := disposition.Disposition{AlertID: "a1", Outcome: disposition.FalsePositive, Analyst: "ana", At: t0, Rules: []string{"FEN-001"}}
	late := disposition.Disposition{AlertID: "a1", Outcome: disposition.Confirmed, Analyst: "bob", At: t0.Add(time.Minute), Rules: []string{"FEN-001"}}
	for _, order := range [][]disposition.Disposition{{early, late}, {late, early}} {
		for _, alertFirst := range []bool{true, false} {
			s := open(t)
			if alertFirst {
				seed(t, s)
			}
			for _, d := range order {
				if _, err := s.ApplyDisposition(ctx, d); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.ApplyDisposition(ctx, early); err != nil { // replayed
				t.Fatal(err)
			}
			if !alertFirst {
				seed(t, s)
			}
			d, ok, err := s.Disposition(ctx, "a1")
			if err != nil || !ok || d.Outcome != disposition.Confirmed || d.Analyst != "bob" {
				t.Fatalf("alert first %v: disposition %+v %v %v", alertFirst, d, ok, err)
			}
			rows, _, _ := s.Queue(ctx, Filter{Status: string(disposition.Confirmed)})
			if ids(rows) != "a1" || rows[0].Analyst != "bob" {
				t.Errorf("alert first %v: confirmed queue %q", alertFirst, ids(rows))
			}
			if rows, _, _ := s.Queue(ctx, Filter{}); ids(rows) != "a2 a3 a4" {
				t.Errorf("alert first %v: open queue %q", alertFirst, ids(rows))
			}
		}
	}
}

func TestAddAlertsIsIdempotent(t *testing.T) {
	s := open(t)
	seed(t, s)
	n, err := s.AddAlerts(context.Background(), []Alert{testAlert("a1", "low", 1, t0, "x", "y", nil, "", "")})
	if err != nil || n != 0 {
		t.Fatalf("re-adding an alert: %d, %v", n, err)
	}
	rows, _, _ := s.Queue(context.Background(), Filter{Query: "SHP-a1"})
	if len(rows) != 1 || rows[0].Severity != "high" {
		t.Fatalf("the first copy was not kept: %+v", rows)
	}
	data, err := s.AlertJSON(context.Background(), "a1")
	if err != nil || !strings.Contains(string(data), `"alert_id":"a1"`) {
		t.Fatalf("AlertJSON = %s, %v", data, err)
	}
	if _, err := s.AlertJSON(context.Background(), "nope"); err != ErrNotFound {
		t.Fatalf("unknown alert: %v", err)
	}
}

func TestHistoryAndNext(t *testing.T) {
	s := open(t)
	seed(t, s)
	ctx := context.Background()
	rows, err := s.History(ctx, "a1", "Example Trading Co.", "Importadora Ejemplo SA")
	if err != nil || ids(rows) != "a3 a2" {
		t.Fatalf("history = %q, %v", ids(rows), err)
	}
	for cur, want := range map[string]string{"a2": "a3", "a3": "a1", "a1": "a4", "a4": ""} {
		if got, err := s.Next(ctx, cur); err != nil || got != want {
			t.Errorf("Next(%s) = %q, %v; want %q", cur, got, err, want)
		}
	}
}

func TestReopenKeepsIDAndData(t *testing.T) {
	path := t.TempDir() + "/console.db"
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	seed(t, s)
	id := s.ID()
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if s2.ID() != id {
		t.Errorf("reopened store has id %s, want %s", s2.ID(), id)
	}
	if n, _, _ := s2.Counts(ctx); n != 4 {
		t.Errorf("reopened store holds %d alerts", n)
	}
	s3 := open(t)
	if s3.ID() == id {
		t.Error("two stores share an id")
	}
}
