package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"

	"github.com/precursorwatch/precursor/internal/embedded"
	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/pipeline"
)

// benchTarget is the pipeline throughput we aim for, as a share of the raw
// consumer-group read rate measured in the same run.
const benchTarget = 0.50

// benchTimeout bounds each measured phase, so a stuck consumer fails the
// benchmark instead of hanging it.
const benchTimeout = 10 * time.Minute

// benchStopTimeout bounds the wait for the pipeline to shut down.
const benchStopTimeout = 30 * time.Second

type benchFlags struct {
	count, partitions, batch, workers int
	rounds                            int
	synth                             synthFlags
	json                              bool
	profiles                          benchProfiles
}

// benchReport is the result of one bench run; it is also the --json output.
// Raw, Pipeline, the ratios and the counts are those of the median round
// (by Ratio); Rounds lists every round in order.
type benchReport struct {
	Count      int         `json:"count"`
	Partitions int         `json:"partitions"`
	AvgBytes   float64     `json:"avg_event_bytes"`
	Preload    phaseResult `json:"preload"`
	benchRound
	Target     float64      `json:"target"`
	GoMaxProcs int          `json:"gomaxprocs"`
	Rounds     []benchRound `json:"rounds"`
}

// benchRound is one raw read followed by one pipeline run, each with its
// own consumer group reading the whole topic.
type benchRound struct {
	Raw      phaseResult `json:"raw"`
	Pipeline phaseResult `json:"pipeline"`
	// Ratio is pipeline manifests/s divided by raw manifests/s.
	Ratio float64 `json:"ratio"`
	// CPURatio is the same ratio per CPU second, steadier when the machine
	// is shared.
	CPURatio    float64 `json:"cpu_ratio"`
	Alerts      int64   `json:"alerts"`
	DeadLetters int64   `json:"dead_letters"`
}

// runBench measures the raw kafka-go consumer-group read rate and the full
// pipeline rate on the same preloaded topic of an embedded broker.
func runBench(ctx context.Context, args []string, s stdio) error {
	fs := newSynthFlagSet("bench", s)
	var f benchFlags
	fs.IntVar(&f.count, "count", 200000, "manifests to preload and read in each phase")
	fs.IntVar(&f.partitions, "partitions", 6, "partitions of the input topic")
	fs.IntVar(&f.batch, "batch-size", pipeline.DefaultConfig().BatchSize, "pipeline batch size; the raw reader commits as often")
	fs.IntVar(&f.workers, "workers", 0, "pipeline scoring goroutines (0: the pipeline default, GOMAXPROCS+1)")
	fs.IntVar(&f.rounds, "rounds", 3, "measurement rounds, each a raw read then a pipeline run; the median round (by ratio) is reported")
	f.synth.register(fs, 0)
	fs.BoolVar(&f.json, "json", false, "print the report as JSON")
	f.profiles.register(fs)
	if err := parseSynthFlags(fs, args); err != nil {
		return helpIsNotAnError(err)
	}
	if f.count < 1 || f.partitions < 1 || f.batch < 1 || f.rounds < 1 || f.workers < 0 {
		return usagef("--count, --partitions, --batch-size and --rounds must be positive, --workers not negative")
	}
	opts, err := synthOptions(f.synth, "", time.Second)
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

// bench preloads the topic, then runs f.rounds rounds of a raw read and a
// pipeline run.
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
	if err := benchPreload(ctx, rep, b.Addrs(), topics.Input, synth.New(f.synth.seed, opts)); err != nil {
		return nil, err
	}
	for i := range f.rounds {
		fmt.Fprintf(progress, "bench: round %d of %d: raw kafka-go consumer group read, then the full pipeline...\n", i+1, f.rounds)
		r, err := benchRoundRun(ctx, b.Addrs(), f, i)
		if err != nil {
			return nil, err
		}
		rep.Rounds = append(rep.Rounds, r)
	}
	rep.benchRound = medianRound(rep.Rounds)
	return rep, nil
}

// benchRoundRun measures round i: the raw read, then the pipeline, each
// on a consumer group of its own. Only the first round's pipeline phase
// is profiled.
func benchRoundRun(ctx context.Context, addrs []string, f benchFlags, i int) (benchRound, error) {
	topic := pipeline.DefaultConfig().Topics.Input
	var r benchRound
	var err error
	group := fmt.Sprintf("precursor-bench-raw-%d", i)
	r.Raw, err = measure(ctx, "raw", func(ctx context.Context, mark func()) (int64, error) {
		return rawRead(ctx, addrs, topic, group, f.count, f.batch, mark)
	})
	if err != nil {
		return r, err
	}
	profile := f.profiles
	if i > 0 {
		profile = benchProfiles{}
	}
	if err := benchPipeline(ctx, &r, benchConfig(addrs, f, i), f.count, profile); err != nil {
		return r, err
	}
	if r.Raw.PerSecond > 0 {
		r.Ratio = r.Pipeline.PerSecond / r.Raw.PerSecond
	}
	if r.Raw.PerCPUSecond > 0 {
		r.CPURatio = r.Pipeline.PerCPUSecond / r.Raw.PerCPUSecond
	}
	return r, nil
}

// medianRound returns the round with the median ratio (the lower middle
// one for an even count): one noisy round on a shared machine, in either
// direction, does not decide the result.
func medianRound(rounds []benchRound) benchRound {
	sorted := append([]benchRound(nil), rounds...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Ratio < sorted[j].Ratio })
	return sorted[(len(sorted)-1)/2]
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
func benchPipeline(ctx context.Context, rep *benchRound, cfg pipeline.Config, count int, profile benchProfiles) error {
	p, err := pipeline.New(cfg, pipeline.Options{Registerer: prometheus.NewRegistry()})
	if err != nil {
		return err
	}
	stopProfile, err := profile.start()
	if err != nil {
		return err
	}
	defer stopProfile() //nolint:errcheck // the error is returned below
	var st pipeline.Stats
	rep.Pipeline, err = measure(ctx, "pipeline", func(ctx context.Context, mark func()) (int64, error) {
		var err error
		st, err = pipelineRead(ctx, p, int64(count), func() { mark(); stopProfile() })
		return st.Consumed, err
	})
	rep.Alerts, rep.DeadLetters = st.Alerts, st.DeadLetters
	return errors.Join(err, stopProfile())
}

// benchConfig is the pipeline configuration of the pipeline phase of round
// i: defaults, a fresh group, no HTTP server, no file watching.
func benchConfig(addrs []string, f benchFlags, i int) pipeline.Config {
	cfg := pipeline.DefaultConfig()
	cfg.Brokers = addrs
	cfg.GroupID = fmt.Sprintf("precursor-bench-pipeline-%d", i)
	cfg.HTTPListen = ""
	cfg.WatchFiles = false
	cfg.BatchSize = f.batch
	cfg.Workers = f.workers
	return cfg
}

// rawRead reads n messages with a kafka-go consumer group configured like the
// pipeline's reader, committing every batch messages, and does nothing else.
// It calls mark once the last commit is done: leaving the group is not
// measured, as for the pipeline, whose shutdown is not measured either.
func rawRead(ctx context.Context, addrs []string, topic, group string, n, batch int, mark func()) (int64, error) {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: addrs, GroupID: group, GroupTopics: []string{topic},
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
	mark()
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
