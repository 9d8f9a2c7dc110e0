package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"

	"github.com/precursorwatch/precursor/pipeline"
	"github.com/precursorwatch/precursor/pipeline/embedded"
	"github.com/precursorwatch/precursor/pipeline/synth"
)

// benchTarget is the pipeline throughput we aim for, as a share of the raw
// consumer-group read rate measured in the same run.
const benchTarget = 0.30

// benchTimeout bounds each measured phase, so a stuck consumer fails the
// benchmark instead of hanging it.
const benchTimeout = 10 * time.Minute

// benchStopTimeout bounds the wait for the pipeline to shut down.
const benchStopTimeout = 30 * time.Second

type benchFlags struct {
	count, partitions, batch, workers int
	riskyPct, malformedPct            float64
	seed                              int64
	json                              bool
	cpuProfile                        string
}

// benchReport is the result of one bench run; it is also the --json output.
type benchReport struct {
	Count      int         `json:"count"`
	Partitions int         `json:"partitions"`
	AvgBytes   float64     `json:"avg_event_bytes"`
	Preload    phaseResult `json:"preload"`
	Raw        phaseResult `json:"raw"`
	Pipeline   phaseResult `json:"pipeline"`
	// Ratio is pipeline manifests/s divided by raw manifests/s.
	Ratio float64 `json:"ratio"`
	// CPURatio is the same ratio per CPU second, steadier when the machine
	// is shared.
	CPURatio    float64 `json:"cpu_ratio"`
	Target      float64 `json:"target"`
	Alerts      int64   `json:"alerts"`
	DeadLetters int64   `json:"dead_letters"`
	GoMaxProcs  int     `json:"gomaxprocs"`
}

// runBench measures the raw kafka-go consumer-group read rate and the full
// pipeline rate on the same preloaded topic of an embedded broker.
func runBench(ctx context.Context, args []string, s stdio) error {
	fs := newSynthFlagSet("bench", s)
	var f benchFlags
	fs.IntVar(&f.count, "count", 200000, "manifests to preload and read in each phase")
	fs.IntVar(&f.partitions, "partitions", 6, "partitions of the input topic")
	fs.IntVar(&f.batch, "batch-size", pipeline.DefaultConfig().BatchSize, "pipeline batch size; the raw reader commits as often")
	fs.IntVar(&f.workers, "workers", 0, "pipeline scoring goroutines (0: GOMAXPROCS)")
	fs.Float64Var(&f.riskyPct, "risky-pct", 3, "percentage of risky shipments")
	fs.Float64Var(&f.malformedPct, "malformed-pct", 0, "percentage of malformed events")
	fs.Int64Var(&f.seed, "seed", 1, "random seed of the synthetic manifests")
	fs.BoolVar(&f.json, "json", false, "print the report as JSON")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the pipeline phase to this file")
	if err := parseSynthFlags(fs, args); err != nil {
		return helpIsNotAnError(err)
	}
	if f.count < 1 || f.partitions < 1 || f.batch < 1 || f.workers < 0 {
		return usagef("--count, --partitions and --batch-size must be positive, --workers not negative")
	}
	opts, err := synthOptions(f.riskyPct, f.malformedPct, "", time.Second)
	if err != nil {
		return err
	}
	rep, err := bench(ctx, f, opts, s.err)
	if err != nil {
		return err
	}
	if f.json {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printBench(s.out, rep)
	return nil
}

// bench runs the three phases: preload, raw read, pipeline.
func bench(ctx context.Context, f benchFlags, opts synth.Options, progress io.Writer) (*benchReport, error) {
	topics := pipeline.DefaultConfig().Topics
	// The broker outlives an interrupt so that the pipeline can shut down
	// cleanly; the deferred Close ends it.
	b, err := embedded.Start(context.WithoutCancel(ctx), embedded.Options{
		Partitions: f.partitions,
		Topics:     []string{topics.Input, topics.Alerts, topics.DeadLetters},
	})
	if err != nil {
		return nil, err
	}
	defer b.Close()
	rep := &benchReport{Count: f.count, Partitions: f.partitions, Target: benchTarget, GoMaxProcs: gomaxprocs()}
	fmt.Fprintf(progress, "bench: preloading %d synthetic manifests into %d partitions...\n", f.count, f.partitions)
	if err := benchPreload(ctx, rep, b.Addrs(), topics.Input, synth.New(f.seed, opts)); err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "bench: raw kafka-go consumer group read...\n")
	rep.Raw, err = measure(ctx, "raw", func(ctx context.Context, _ func()) (int64, error) {
		return rawRead(ctx, b.Addrs(), topics.Input, f.count, f.batch)
	})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "bench: full pipeline...\n")
	if err := benchPipeline(ctx, rep, benchConfig(b.Addrs(), f), f.cpuProfile); err != nil {
		return nil, err
	}
	if rep.Raw.PerSecond > 0 {
		rep.Ratio = rep.Pipeline.PerSecond / rep.Raw.PerSecond
	}
	if rep.Raw.PerCPUSecond > 0 {
		rep.CPURatio = rep.Pipeline.PerCPUSecond / rep.Raw.PerCPUSecond
	}
	return rep, nil
}

// benchPreload writes rep.Count events of g to topic and records the cost.
func benchPreload(ctx context.Context, rep *benchReport, addrs []string, topic string, g *synth.Generator) error {
	bytes := 0
	next := func() ([]byte, []byte) {
		e := g.Next()
		bytes += len(e.Value)
		return e.Key, e.Value
	}
	var err error
	rep.Preload, err = measure(ctx, "preload", func(ctx context.Context, _ func()) (int64, error) {
		return int64(rep.Count), embedded.Preload(ctx, addrs, topic, rep.Count, next)
	})
	rep.AvgBytes = float64(bytes) / float64(rep.Count)
	return err
}

// benchPipeline measures the pipeline phase, optionally under a CPU profile.
// Loading rules and catalog is start-up cost, not throughput: it happens
// before the measured phase. Joining the group is measured, as for raw.
func benchPipeline(ctx context.Context, rep *benchReport, cfg pipeline.Config, profile string) error {
	p, err := pipeline.New(cfg, pipeline.Options{Registerer: prometheus.NewRegistry()})
	if err != nil {
		return err
	}
	stopProfile, err := startCPUProfile(profile)
	if err != nil {
		return err
	}
	defer stopProfile()
	var st pipeline.Stats
	rep.Pipeline, err = measure(ctx, "pipeline", func(ctx context.Context, mark func()) (int64, error) {
		var err error
		st, err = pipelineRead(ctx, p, int64(rep.Count), func() { mark(); stopProfile() })
		return st.Consumed, err
	})
	rep.Alerts, rep.DeadLetters = st.Alerts, st.DeadLetters
	return err
}

// benchConfig is the pipeline configuration of the pipeline phase: defaults,
// a fresh group, no HTTP server, no file watching.
func benchConfig(addrs []string, f benchFlags) pipeline.Config {
	cfg := pipeline.DefaultConfig()
	cfg.Brokers = addrs
	cfg.GroupID = "precursor-bench-pipeline"
	cfg.HTTPListen = ""
	cfg.WatchFiles = false
	cfg.BatchSize = f.batch
	cfg.Workers = f.workers
	return cfg
}

// rawRead reads n messages with a kafka-go consumer group configured like the
// pipeline's reader, committing every batch messages, and does nothing else.
func rawRead(ctx context.Context, addrs []string, topic string, n, batch int) (int64, error) {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: addrs, GroupID: "precursor-bench-raw", GroupTopics: []string{topic},
		QueueCapacity: max(batch, 100), MinBytes: 1, MaxBytes: 16 << 20,
		MaxWait: 100 * time.Millisecond, StartOffset: kafka.FirstOffset,
	})
	defer r.Close()
	ctx, cancel := context.WithTimeout(ctx, benchTimeout)
	defer cancel()
	pending := make([]kafka.Message, 0, batch)
	var read int64
	for read < int64(n) {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return read, fmt.Errorf("raw read after %d of %d messages: %w", read, n, err)
		}
		read++
		m.Value, m.Key, m.Headers = nil, nil, nil // the commit needs only topic, partition and offset
		pending = append(pending, m)
		if len(pending) == batch || read == int64(n) {
			if err := r.CommitMessages(ctx, pending...); err != nil {
				return read, fmt.Errorf("raw commit: %w", err)
			}
			pending = pending[:0]
		}
	}
	return read, nil
}

// pipelineRead runs the pipeline until it has consumed and committed n
// events, calls mark (the end of the measured time; shutdown is not
// measured), then stops it and returns its stats at that point.
func pipelineRead(ctx context.Context, p *pipeline.Pipeline, n int64, mark func()) (pipeline.Stats, error) {
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- p.Run(runCtx) }()
	deadline := time.NewTimer(benchTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for p.Stats().Consumed < n {
		select {
		case err := <-done:
			return p.Stats(), fmt.Errorf("pipeline stopped after %d of %d events: %w", p.Stats().Consumed, n, err)
		case <-deadline.C:
			stop()
			return p.Stats(), errors.Join(fmt.Errorf("pipeline consumed %d of %d events in %v", p.Stats().Consumed, n, benchTimeout),
				waitRun(done, benchStopTimeout))
		case <-ctx.Done():
			return p.Stats(), errors.Join(ctx.Err(), waitRun(done, benchStopTimeout))
		case <-tick.C:
		}
	}
	mark()
	st := p.Stats()
	stop()
	if err := waitRun(done, benchStopTimeout); err != nil && !errors.Is(err, context.Canceled) {
		return st, fmt.Errorf("pipeline shutdown: %w", err)
	}
	return st, nil
}
