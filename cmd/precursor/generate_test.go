package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/manifest"
)

// runSynthCmd runs a subcommand through the dispatcher and returns its exit
// code and output.
func runSynthCmd(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(t.Context(), args, stdio{in: strings.NewReader(""), out: &out, err: &errb})
	return code, out.String(), errb.String()
}

func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	labels := filepath.Join(dir, "labels.jsonl")
	code, out, errs := runSynthCmd(t, "generate", "--count", "500", "--seed", "3", "--risky-pct", "20", "--malformed-pct", "10", "--labels", labels)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 500 {
		t.Fatalf("%d lines, want 500", len(lines))
	}
	kinds := readLabels(t, labels)
	bad := 0
	for i, l := range lines {
		_, err := manifest.Decode([]byte(l))
		if (err != nil) != (kinds[i] == "malformed") {
			t.Errorf("line %d (%s): decode error %v", i+1, kinds[i], err)
		}
		if err != nil {
			bad++
		}
	}
	if bad < 25 || bad > 80 {
		t.Errorf("%d malformed lines of 500 at 10%%", bad)
	}
	// Same seed, same output: written to a file this time.
	file := filepath.Join(dir, "out.jsonl")
	if code, _, errs := runSynthCmd(t, "generate", "--count", "500", "--seed", "3", "--risky-pct", "20", "--malformed-pct", "10", "-o", file); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != out {
		t.Errorf("second run with the same seed wrote different output (err %v)", err)
	}
}

func readLabels(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var kinds []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l struct{ Kind, Scenario, ShipmentID string }
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil || l.Scenario == "" {
			t.Fatalf("label %q: %v", sc.Text(), err)
		}
		kinds = append(kinds, l.Kind)
	}
	return kinds
}

func TestSynthCommandUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"generate", "--count", "-1"}, exitUsage, "negative"},
		{[]string{"generate", "--risky-pct", "150"}, exitUsage, "risky fraction"},
		{[]string{"generate", "--risky-pct", "60", "--malformed-pct", "60"}, exitUsage, "add up"},
		{[]string{"generate", "extra"}, exitUsage, "unexpected argument"},
		{[]string{"generate", "--base-time", "yesterday"}, exitUsage, "base-time"},
		{[]string{"generate", "-h"}, exitOK, "-risky-pct"},
		{[]string{"demo", "--rate", "0"}, exitUsage, "--rate"},
		{[]string{"demo", "--bogus"}, exitUsage, "bogus"},
		{[]string{"bench", "--count", "0"}, exitUsage, "--count"},
		{[]string{"bench", "-h"}, exitOK, "-cpuprofile"},
	}
	for _, tt := range tests {
		code, _, errs := runSynthCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
}
