package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/precursorwatch/precursor/internal/embedded"
	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/pipeline"
)

func TestBenchJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a broker and the pipeline")
	}
	code, out, errs := runSynthCmd(t, "bench", "--count", "3000", "--partitions", "3", "--risky-pct", "10", "--malformed-pct", "2", "--json")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	var r benchReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r.Raw.Messages != 3000 || r.Pipeline.Messages < 3000 || r.Preload.Messages != 3000 {
		t.Errorf("messages: preload %d raw %d pipeline %d, want 3000 each", r.Preload.Messages, r.Raw.Messages, r.Pipeline.Messages)
	}
	if r.Ratio <= 0 || r.Raw.PerSecond <= 0 || r.Pipeline.CPUSeconds <= 0 || r.Pipeline.HeapPeakBytes == 0 || r.Raw.MaxRSSBytes == 0 {
		t.Errorf("implausible report: %+v", r)
	}
	if r.Alerts == 0 || r.DeadLetters == 0 {
		t.Errorf("pipeline wrote %d alerts and %d dead letters; want some of each", r.Alerts, r.DeadLetters)
	}
}

// BenchmarkPipeline measures the full pipeline (decode, enrich, score,
// write, commit) against the embedded broker: b.N events are preloaded
// before the timer starts and the timer stops when all are committed.
func BenchmarkPipeline(b *testing.B) {
	ctx := context.Background()
	topics := pipeline.DefaultConfig().Topics
	br, err := embedded.Start(ctx, embedded.Options{Topics: []string{topics.Input, topics.Alerts, topics.DeadLetters}})
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	g := synth.New(1, synth.DefaultOptions())
	next := func() ([]byte, []byte) { e := g.Next(); return e.Key, e.Value }
	if err := embedded.Preload(ctx, br.Addrs(), topics.Input, b.N, next); err != nil {
		b.Fatal(err)
	}
	p, err := pipeline.New(benchConfig(br.Addrs(), benchFlags{batch: 500}, 0), pipeline.Options{Registerer: prometheus.NewRegistry()})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := pipelineRead(ctx, p, int64(b.N), b.StopTimer); err != nil {
		b.Fatal(err)
	}
}
