package disposition

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func rec(alert string, o Outcome, analyst string, at time.Time, rules ...string) Disposition {
	return Disposition{AlertID: alert, ShipmentID: "S-" + alert, Outcome: o, Analyst: analyst, At: at, Rules: rules}
}

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func TestDecodeRoundTrip(t *testing.T) {
	d := rec("a1", LegitimateTrade, "ana", t0, "FEN-001")
	d.Note = "licence <PU-2026-014> on file"
	d.ShadowRules = []string{"DEC-006"}
	back, err := Decode(d.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if back.AlertID != d.AlertID || back.Outcome != d.Outcome || back.Note != d.Note || !back.At.Equal(d.At) ||
		strings.Join(back.Rules, ",") != "FEN-001" || strings.Join(back.ShadowRules, ",") != "DEC-006" {
		t.Fatalf("round trip: %+v", back)
	}
}

func TestDecodeRejects(t *testing.T) {
	good := string(rec("a1", Confirmed, "ana", t0).Encode())
	for _, tc := range []struct{ name, data, want string }{
		{"unknown outcome", strings.Replace(good, `"confirmed"`, `"maybe"`, 1), `"maybe" is not one of confirmed`},
		{"unknown field", strings.Replace(good, `{`, `{"x":1,`, 1), "unknown field"},
		{"no analyst", strings.Replace(good, `"ana"`, `" "`, 1), "analyst"},
		{"no time", strings.Replace(good, `"2026-03-01T10:00:00Z"`, `"0001-01-01T00:00:00Z"`, 1), "at: missing"},
		{"no alert", strings.Replace(good, `"a1"`, `""`, 1), "alert_id"},
		{"trailing", good + `{}`, "data after"},
		{"not json", `confirmed`, "invalid character"},
		{"huge note", strings.Replace(good, `"note":""`, `"note":"`+strings.Repeat("x", MaxNote+1)+`"`, 1), "note: 2001 bytes"},
	} {
		_, err := Decode([]byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestNewerIsATotalOrder: whatever order two consoles read the same
// records in, they keep the same one.
func TestNewerIsATotalOrder(t *testing.T) {
	recs := []Disposition{
		rec("a", Confirmed, "ana", t0),
		rec("a", FalsePositive, "ana", t0),
		rec("a", Confirmed, "bob", t0),
		rec("a", NeedsInspection, "ana", t0.Add(time.Nanosecond)),
		rec("a", LegitimateTrade, "zed", t0.Add(-time.Hour)),
	}
	for i, a := range recs {
		if Newer(a, a) {
			t.Errorf("record %d supersedes itself", i)
		}
		for j, b := range recs {
			if i != j && Newer(a, b) == Newer(b, a) {
				t.Errorf("records %d and %d: Newer is not antisymmetric", i, j)
			}
		}
	}
	perms := [][]int{{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {2, 0, 4, 1, 3}, {3, 1, 0, 4, 2}}
	var want Outcome
	for _, p := range perms {
		var tl Tally
		for _, i := range p {
			tl.Add(recs[i])
		}
		got := tl.latest["a"].Outcome
		if want == "" {
			want = got
		}
		if got != want {
			t.Errorf("order %v keeps %s, another order kept %s", p, got, want)
		}
	}
	if want != NeedsInspection {
		t.Errorf("kept %s, want the latest (needs_inspection)", want)
	}
}

func TestTallyPrecision(t *testing.T) {
	var tl Tally
	tl.Add(rec("a1", Confirmed, "ana", t0, "FEN-001", "FEN-002"))
	tl.Add(rec("a2", FalsePositive, "ana", t0, "FEN-001"))
	tl.Add(rec("a3", LegitimateTrade, "ana", t0, "FEN-001"))
	tl.Add(rec("a4", NeedsInspection, "ana", t0, "FEN-001"))
	tl.Add(rec("a2", Confirmed, "bob", t0.Add(time.Minute), "FEN-001")) // changes its mind
	tl.Add(rec("a2", FalsePositive, "eve", t0.Add(-time.Minute), "FEN-001"))
	d := rec("a5", FalsePositive, "ana", t0)
	d.ShadowRules = []string{"DEC-006"}
	tl.Add(d)
	got := map[string]string{}
	for _, s := range tl.Rules() {
		p, ok := s.Precision()
		key := s.Rule
		if s.Shadow {
			key += "(shadow)"
		}
		got[key] = strings.TrimSpace(strings.Join([]string{
			itoa(s.Counts[Confirmed]), itoa(s.Counts[FalsePositive]), itoa(s.Counts[LegitimateTrade]),
			itoa(s.Counts[NeedsInspection]), ftoa(p, ok)}, " "))
	}
	want := map[string]string{
		"FEN-001":         "2 0 1 1 0.67",
		"FEN-002":         "1 0 0 0 1.00",
		"DEC-006(shadow)": "0 1 0 0 0.00",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}
	if len(got) != len(want) || tl.Len() != 5 {
		t.Errorf("stats %v over %d alerts", got, tl.Len())
	}
}

func itoa(n int) string { return fmt.Sprint(n) }

func ftoa(p float64, ok bool) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.2f", p)
}

func FuzzDecode(f *testing.F) {
	f.Add(rec("a1", Confirmed, "ana", t0, "FEN-001").Encode())
	f.Add([]byte(`{"alert_id":"x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Decode(data)
		if err != nil {
			return
		}
		back, err := Decode(d.Encode())
		if err != nil {
			t.Fatalf("re-decoding a valid record: %v", err)
		}
		if Newer(back, d) || Newer(d, back) {
			t.Fatalf("round trip changed the record's order: %+v %+v", d, back)
		}
	})
}
