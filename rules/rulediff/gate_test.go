package rulediff

import (
	"strings"
	"testing"
)

func TestParseGates(t *testing.T) {
	for _, tt := range []struct {
		in, err string
		want    []Gate
	}{
		{in: "", want: nil},
		{in: "lost-critical, lost-high", want: []Gate{{Text: "lost-critical", Metric: "lost-critical"}, {Text: "lost-high", Metric: "lost-high"}}},
		{in: "gained>100", want: []Gate{{Text: "gained>100", Metric: "gained", Bound: 100}}},
		{in: "gained >= 0.5%", want: []Gate{{Text: "gained >= 0.5%", Metric: "gained", OrEqual: true, Bound: 0.5, Percent: true}}},
		{in: "critical-lost", err: `unknown metric "critical-lost"`},
		{in: "critical-lost", err: `did you mean "lost-critical"?`},
		{in: "gaind>1", err: `did you mean "gained"?`},
		{in: "lost<3", err: "the operator must be > or >="},
		{in: "lost>many", err: `"many" is not a number`},
		{in: "lost>-1", err: `"-1" is not a number`},
	} {
		got, err := ParseGates(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseGates(%q) error %v, want %q", tt.in, err, tt.err)
		case tt.err == "" && err != nil:
			t.Errorf("ParseGates(%q): %v", tt.in, err)
		case tt.err == "" && len(got) != len(tt.want):
			t.Errorf("ParseGates(%q) = %+v, want %+v", tt.in, got, tt.want)
		case tt.err == "":
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("ParseGates(%q)[%d] = %+v, want %+v", tt.in, i, got[i], tt.want[i])
				}
			}
		}
	}
}

func TestCheckGates(t *testing.T) {
	r := &Report{
		Scored:     1000,
		Gained:     Change{Total: 12, By: map[string]int64{"high": 12}},
		Lost:       Change{Total: 3, By: map[string]int64{"critical": 1, "medium": 2}},
		Changed:    Change{Total: 7, By: map[string]int64{"high->critical": 5, "critical->medium": 2}},
		RuleErrors: map[string]int64{"candidate": 0},
	}
	for gates, failed := range map[string]string{
		"lost-critical":             "lost-critical",
		"lost-high":                 "",
		"gained>12":                 "",
		"gained>=12":                "gained>=12",
		"gained>1%":                 "gained>1%",
		"gained>1.2%":               "",
		"upgraded>4,downgraded>2":   "upgraded>4",
		"downgraded>=2,rule-errors": "downgraded>=2",
		"changed>6,lost>2":          "changed>6,lost>2",
	} {
		gs, err := ParseGates(gates)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, g := range gs.Check(r) {
			names = append(names, g.Gate)
		}
		if got := strings.Join(names, ","); got != failed {
			t.Errorf("gates %q failed %q, want %q (results %+v)", gates, got, failed, r.Gates)
		}
		if len(r.Gates) != len(gs) {
			t.Errorf("gates %q: %d results recorded", gates, len(r.Gates))
		}
	}
}

// FuzzParseGates: any text parses to gates or a positioned error, never a
// panic, and parsed gates check against an empty report.
func FuzzParseGates(f *testing.F) {
	for _, s := range []string{"lost-critical,lost-high", "gained>1.5%", "downgraded>=10, rule-errors", "x<", ">", "lost>%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		gs, err := ParseGates(s)
		if err != nil {
			return
		}
		r := &Report{Gained: Change{By: map[string]int64{}}, Lost: Change{By: map[string]int64{}}, Changed: Change{By: map[string]int64{}}}
		if failed := gs.Check(r); len(failed) > 0 {
			for _, g := range failed {
				if !strings.Contains(g.Gate, ">=") && g.Value <= g.Limit {
					t.Errorf("gate %q failed on %g <= %g", g.Gate, g.Value, g.Limit)
				}
			}
		}
	})
}
