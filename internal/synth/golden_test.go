package synth

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden pins the exact output of a seed: tests, demos and recorded
// benchmark inputs elsewhere rely on a seed always meaning the same events.
// Run with -update after an intended change to the generator.
func TestGolden(t *testing.T) {
	opts := DefaultOptions()
	opts.RiskyFraction, opts.MalformedFraction = 0.25, 0.2
	var buf bytes.Buffer
	for _, e := range generate(1, opts, 60) {
		party := ""
		if e.Label.Party != "" {
			party = " party=" + e.Label.Party
		}
		fmt.Fprintf(&buf, "# %s %s %s%s\n%s\n", e.Label.Kind, e.Label.Scenario, e.Label.Chemical, party, e.Value)
	}
	path := filepath.Join("testdata", "seed1.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		got, wantLines := bytes.Split(buf.Bytes(), []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := range min(len(got), len(wantLines)) {
			if !bytes.Equal(got[i], wantLines[i]) {
				t.Fatalf("%s line %d differs (run with -update if intended):\n got %s\nwant %s", path, i+1, got[i], wantLines[i])
			}
		}
		t.Fatalf("%s: %d lines, want %d", path, len(got), len(wantLines))
	}
}
