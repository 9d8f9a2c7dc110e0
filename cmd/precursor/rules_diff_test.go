package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/internal/embedded"
	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/rules/rulediff"
)

// candidatePack copies the default pack to a temporary directory with
// DEC-003 narrowed to other origins and raised: alerts from Hong Kong and
// India are lost, those from China raised.
func candidatePack(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob("../../rules/default/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatal("no default pack", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(f) == "declaration.yaml" {
			old := "      origin in lists.high_risk_origins && precursor_heading_declared &&"
			if !bytes.Contains(data, []byte(old)) {
				t.Fatalf("declaration.yaml no longer holds %q", old)
			}
			data = bytes.Replace(data, []byte(old), []byte(`      origin in ["CN", "DE"] && precursor_heading_declared &&`), 1)
			data = bytes.Replace(data, []byte("      })\n    score: 45\n"), []byte("      })\n    score: 75\n"), 1)
		}
		writeFile(t, filepath.Join(dir, filepath.Base(f)), string(data))
	}
	return dir
}

// synthFile writes n synthetic events (40% risky) as JSON Lines.
func synthFile(t *testing.T, n int) string {
	t.Helper()
	opts := synth.DefaultOptions()
	opts.RiskyFraction = 0.4
	g := synth.New(3, opts)
	var b bytes.Buffer
	for range n {
		b.Write(g.Next().Value)
		b.WriteByte('\n')
	}
	name := filepath.Join(t.TempDir(), "in.jsonl")
	writeFile(t, name, b.String())
	return name
}

func TestRulesDiff(t *testing.T) {
	cand := candidatePack(t)
	in := synthFile(t, 2000)
	tests := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		contains []string
	}{
		{"markdown", []string{"diff", "--candidate", cand, in}, "", exitOK,
			[]string{"# Rule pack diff: precursor-default 1.0.0 -> precursor-default 1.0.0", "## Alerts", "lost", "| DEC-003 | active |", "2000 events"}},
		{"json from stdin", []string{"diff", "--candidate", cand, "--format", "json", "-"}, "", exitOK, []string{`"events": 0`}},
		{"a gate that holds exits 1", []string{"diff", "--candidate", cand, "--fail-on", "lost-critical,lost", in}, "", exitFindings,
			[]string{"**FAILED** `lost`", "gate lost failed"}},
		{"gates that do not hold", []string{"diff", "--candidate", cand, "--fail-on", "lost-critical,gained>10%", in}, "", exitOK, nil},
		{"no candidate", []string{"diff", in}, "", exitUsage, []string{"--candidate DIR is required"}},
		{"bad gate", []string{"diff", "--candidate", cand, "--fail-on", "critical-lost", in}, "", exitUsage, []string{`did you mean "lost-critical"?`}},
		{"no input", []string{"diff", "--candidate", cand}, "", exitUsage, []string{"want input FILEs"}},
		{"files and topic", []string{"diff", "--candidate", cand, "--topic", "x", "--brokers", "127.0.0.1:1", in}, "", exitUsage, []string{"not both"}},
		{"bad bound", []string{"diff", "--candidate", cand, "--topic", "x", "--brokers", "127.0.0.1:1", "--from", "yesterday"}, "", exitUsage, []string{`--from "yesterday"`}},
		{"missing input", []string{"diff", "--candidate", cand, in + ".nope"}, "", exitFindings, []string{"no such file or directory"}},
		{"broken candidate", []string{"diff", "--candidate", "../../rules/testdata/lint", in}, "", exitFindings, []string{"the candidate rule pack does not load:", "error(s)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), append([]string{"rules"}, tt.args...), stdio{in: strings.NewReader(tt.stdin), out: &out, err: &errb})
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out.String(), errb.String())
			}
			for _, c := range tt.contains {
				if !strings.Contains(out.String()+errb.String(), c) {
					t.Errorf("output lacks %q:\nstdout: %s\nstderr: %s", c, out.String(), errb.String())
				}
			}
		})
	}
}

// TestRulesDiffTopic reads the same events from a topic of the embedded
// broker, within a time range, and finds what the file comparison finds.
func TestRulesDiffTopic(t *testing.T) {
	cand := candidatePack(t)
	in := synthFile(t, 600)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := embedded.Start(ctx, embedded.Options{Partitions: 3, Topics: []string{"manifests"}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	data, _ := os.ReadFile(in)
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	i := 0
	if err := embedded.Preload(ctx, b.Addrs(), "manifests", len(lines), func() ([]byte, []byte) { i++; return nil, lines[i-1] }); err != nil {
		t.Fatal(err)
	}
	report := func(args ...string) rulediff.Report {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(ctx, append([]string{"rules", "diff", "--candidate", cand, "--format", "json"}, args...), stdio{in: strings.NewReader(""), out: &out, err: &errb})
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		var r rulediff.Report
		if err := json.Unmarshal(out.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	fromFile := report(in)
	fromTopic := report("--topic", "manifests", "--brokers", strings.Join(b.Addrs(), ","), "--from", "1h", "--to", time.Now().Add(time.Hour).Format(time.RFC3339))
	if fromTopic.Events != 600 || fromTopic.Lost.Total != fromFile.Lost.Total || fromTopic.Changed.Total != fromFile.Changed.Total || fromFile.Lost.Total == 0 {
		t.Errorf("topic: %d events, lost %d, changed %d; file: lost %d, changed %d", fromTopic.Events, fromTopic.Lost.Total,
			fromTopic.Changed.Total, fromFile.Lost.Total, fromFile.Changed.Total)
	}
	if len(fromTopic.Lost.Examples) > 0 && !strings.HasPrefix(fromTopic.Lost.Examples[0].Where, "manifests/") {
		t.Errorf("examples name %q, want manifests/PARTITION@OFFSET", fromTopic.Lost.Examples[0].Where)
	}
	if none := report("--topic", "manifests", "--brokers", strings.Join(b.Addrs(), ","), "--from", "100000"); none.Events != 0 {
		t.Errorf("from offset 100000: %d events", none.Events)
	}
}
