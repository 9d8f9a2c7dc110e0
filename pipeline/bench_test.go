package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

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
// Kafka: evaluate a 500-event batch of the e2e stream on all workers, build
// messages, "write", commit and record metrics.
func BenchmarkProcessBatch(b *testing.B) {
	t := b
	eng := defaultEngine(t)
	msgs := buildStream(t, "bench", 500, false)
	for i := range msgs {
		msgs[i].Topic, msgs[i].Partition, msgs[i].Offset = "in", i%6, int64(i)
	}
	bt := &batch{records: records{msgs: msgs}}
	l := newTestLoop(t, nopSource{}, nopSink{}, nopSink{}, newEngineEvaluator(eng))
	l.workers = DefaultConfig().Workers
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := l.process(ctx, bt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(msgs))/b.Elapsed().Seconds(), "events/s")
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
