package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"syscall"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/rules"
	"github.com/segmentio/kafka-go"
)

// nopSink acknowledges every write at once.
type nopSink struct{}

func (nopSink) WriteMessages(context.Context, ...kafka.Message) error { return nil }

// nopSource only takes commits; the benchmark hands batches to process.
type nopSource struct{}

func (nopSource) FetchMessage(ctx context.Context) (kafka.Message, error) {
	<-ctx.Done()
	return kafka.Message{}, ctx.Err()
}
func (nopSource) CommitMessages(context.Context, ...kafka.Message) error { return nil }

// BenchmarkProcessBatch measures the loop around the real engine without
// Kafka: evaluate a 500-event batch of the e2e stream on all workers, hand
// it to the outputs (messages built, "written"), commit and record metrics.
func BenchmarkProcessBatch(b *testing.B) {
	l, bt := benchLoop(b)
	benchBatches(b, len(bt.msgs), func(ctx context.Context) error { return l.process(ctx, bt) })
}

// BenchmarkDeliverBatch measures what the loop does for a batch after
// evaluation: the log checks of the scoring stage, then the outputs (alert
// and dead-letter messages built, "written" to sinks that acknowledge at
// once), the commit and the metrics. It is the cost of the output seam.
func BenchmarkDeliverBatch(b *testing.B) {
	l, bt := benchLoop(b)
	bt.ev = l.current()
	bt.outs = l.evaluate(bt.ev, bt.msgs, bt.outs)
	benchBatches(b, len(bt.msgs), func(ctx context.Context) error {
		l.logFailures(&bt.records)
		return l.deliver(ctx, bt)
	})
}

// benchLoop returns a loop around the real engine whose source and sinks
// acknowledge at once, and a 500-event batch of the e2e stream over six
// partitions.
func benchLoop(b *testing.B) (*loop, *batch) {
	return benchLoopWith(b, func(eng *rules.Engine) evaluator { return newEngineEvaluator(eng, nil, nil) })
}

// benchLoopWith is benchLoop with the evaluator ev makes of the default
// engine.
func benchLoopWith(b *testing.B, ev func(*rules.Engine) evaluator) (*loop, *batch) {
	eng := defaultEngine(b)
	msgs := buildStream(b, "bench", 500, false)
	for i := range msgs {
		msgs[i].Topic, msgs[i].Partition, msgs[i].Offset = "in", i%6, int64(i)
	}
	l := newTestLoop(b, nopSource{}, nopSink{}, nopSink{}, ev(eng))
	l.workers = DefaultConfig().Workers
	return l, &batch{records: records{msgs: msgs}}
}

// benchBatches runs op b.N times and reports events per second and CPU
// time per event (user and system, every thread: on a shared machine
// steadier than wall time).
func benchBatches(b *testing.B, events int, op func(context.Context) error) {
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuNanos()
	for b.Loop() {
		if err := op(ctx); err != nil {
			b.Fatal(err)
		}
	}
	n := float64(b.N * events)
	b.ReportMetric(n/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(cpuNanos()-cpu)/n, "cpu-ns/event")
}

// BenchmarkPipelineKafka measures the whole service against an in-process
// broker: 20,000 preloaded events (the e2e mix, about a third malformed),
// consumed by a fresh group until every offset is committed. Run with
// -benchtime=1x.
func BenchmarkPipelineKafka(b *testing.B) {
	t := b
	c := startCluster(t)
	cfg := c.testConfig(t, 6)
	const n = 20000
	msgs := buildStream(t, "benchkafka", n, false)
	for i := 0; i < n; i += 2000 {
		c.produce(t, cfg.Topics.Input, msgs[i:i+2000])
	}
	eng := defaultEngine(t)
	raw := rawReadRate(b, c, cfg, n)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cfg.GroupID = fmt.Sprintf("bench-%d-%d", time.Now().UnixNano(), i)
		cfg.HTTPListen = ""
		p, err := New(cfg, Options{Engine: eng})
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		start := time.Now()
		go func() { done <- p.Run(ctx) }()
		for p.Stats().Consumed < n {
			time.Sleep(5 * time.Millisecond)
		}
		elapsed := time.Since(start)
		cancel()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/elapsed.Seconds(), "events/s")
		b.ReportMetric(float64(n)/elapsed.Seconds()/raw, "ratio-to-raw")
	}
	b.ReportMetric(raw, "raw-events/s")
}

// rawReadRate is the baseline: a kafka-go group reader with the pipeline's
// reader settings that only fetches and commits every 500 messages.
func rawReadRate(b *testing.B, c *testCluster, cfg Config, n int) float64 {
	cfg.GroupID = fmt.Sprintf("raw-%d", time.Now().UnixNano())
	rc := readerConfig(cfg, security{}, slog.New(slog.DiscardHandler))
	r := kafka.NewReader(rc)
	defer r.Close()
	ctx := context.Background()
	start := time.Now()
	for i := 1; i <= n; i++ {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if i%500 == 0 || i == n {
			if err := r.CommitMessages(ctx, m); err != nil {
				b.Fatal(err)
			}
		}
	}
	return float64(n) / time.Since(start).Seconds()
}

// cpuNanos is the user and system CPU time of the process so far.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
