package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRulesStats reads the same dispositions file as a table and as JSON:
// the latest record of each alert counts, shadow rules apart, invalid
// lines are skipped and counted.
func TestRulesStats(t *testing.T) {
	code, out, errOut := runRulesCmd(t, "stats", "--file", "testdata/dispositions.jsonl")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"FEN-001  active          2               0                 1                 0      66.7%",
		"METH-004  active          0               0                 0                 1          -",
		"DEC-006  shadow          1",
		"4 alert(s) with a disposition",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "skipped 1 invalid record(s)") {
		t.Errorf("stderr %q does not count the invalid line", errOut)
	}
	code, out, _ = runRulesCmd(t, "stats", "--file", "testdata/dispositions.jsonl", "--json")
	var rows []struct {
		Rule      string         `json:"rule"`
		Status    string         `json:"status"`
		Counts    map[string]int `json:"dispositions"`
		Precision *float64       `json:"precision"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || code != exitOK || len(rows) != 4 {
		t.Fatalf("json: %v %d\n%s", err, code, out)
	}
	if rows[0].Rule != "FEN-001" || rows[0].Counts["confirmed"] != 2 || rows[0].Precision == nil {
		t.Errorf("first row %+v", rows[0])
	}
	if code, _, _ := runRulesCmd(t, "stats"); code != exitUsage {
		t.Errorf("stats without input: exit %d, want %d", code, exitUsage)
	}
}
