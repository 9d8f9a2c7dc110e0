package rulediff

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestRenderGolden renders the comparison of 3,000 synthetic events with
// vagueOrigins applied, gated, as Markdown and as JSON (seconds zeroed),
// against golden files (go test -update rewrites them).
func TestRenderGolden(t *testing.T) {
	base, cand := engines(t, vagueOrigins)
	d, err := New(base, cand, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := d.Run(context.Background(), NewLinesSource("in.jsonl", bytes.NewReader(events(3000, 5))))
	if err != nil {
		t.Fatal(err)
	}
	rep.Seconds = 0
	gs, err := ParseGates("lost-critical,lost>0.5%,upgraded>=1")
	if err != nil {
		t.Fatal(err)
	}
	gs.Check(rep)
	var md, js bytes.Buffer
	if err := rep.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back.Lost.Total != rep.Lost.Total {
		t.Errorf("JSON does not read back: %v", err)
	}
	golden(t, "testdata/diff.md", md.Bytes())
	golden(t, "testdata/diff.json", js.Bytes())
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it); got:\n%s", path, got)
	}
}
