package pipeline

import (
	"context"
	"log/slog"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/structure"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"
)

// standInLatency is the stand-in resolver's time per request, about the
// real resolver's uncached p50 (docs/structure.md).
const standInLatency = 50 * time.Millisecond

// BenchmarkStructureOverhead measures the consume loop around the real
// engine (evaluate on all workers, deliver to sinks that acknowledge at
// once, commit, metrics) on synthetic traffic, with the structure resolver
// off and on, batch by batch in alternating order, in the same run. It reports
// events/s and CPU per event of each and their ratios, the share of items
// sent to the resolver, the cache hit rate (over all passes, and of the
// first) and the p50/p99 of the requests that reached it. The first pass
// over the traffic starts with an empty cache (cold-*); the measured passes
// reuse it, as a running service does.
//
// The resolver is the real one when PRECURSOR_RESOLVER_JAR names its jar
// (make resolver), else a stand-in serving recorded answers at
// standInLatency a request. Sub-benchmarks: the default mix (3% risky), and
// the same with a quarter of the risky shipments naming uncatalogued
// derivatives (--derivative-pct 25). Run with -benchtime=5x or so.
func BenchmarkStructureOverhead(b *testing.B) {
	url := benchResolver(b)
	for _, tc := range []struct {
		name        string
		derivatives float64
	}{{"default", 0}, {"derivatives", 0.25}} {
		b.Run(tc.name, func(b *testing.B) {
			opts := synth.DefaultOptions()
			opts.DerivativeFraction = tc.derivatives
			batches, items := synthBatches(b, opts, 20000, 500)
			off, _, _ := benchStructureLoop(b, "")
			on, sm, lat := benchStructureLoop(b, url)
			ctx := context.Background()
			// One pass processes every batch with both loops, back to back in
			// alternating order, so that both see the same machine (it is
			// shared) and neither pays for the other's garbage.
			var wall [2]time.Duration
			var cpu [2]int64
			pass := func() {
				for k, bt := range batches {
					for j := range 2 {
						mode := (k + j) % 2 // 0 off, 1 on
						l := off
						if mode == 1 {
							l = on
						}
						start, c0 := time.Now(), cpuNanos()
						if err := l.process(ctx, bt); err != nil {
							b.Fatal(err)
						}
						wall[mode], cpu[mode] = wall[mode]+time.Since(start), cpu[mode]+cpuNanos()-c0
					}
				}
			}
			pass() // the resolver's cache starts empty
			coldOff, coldOn := wall[0], wall[1]
			hitRate := func() float64 {
				hits, misses := metricValue(sm.Lookups.WithLabelValues("true")), metricValue(sm.Lookups.WithLabelValues("false"))
				return hits / max(hits+misses, 1)
			}
			coldHits := hitRate()
			wall, cpu = [2]time.Duration{}, [2]int64{}
			b.ResetTimer()
			for b.Loop() {
				pass()
			}
			wallOff, wallOn, cpuOff, cpuOn := wall[0], wall[1], cpu[0], cpu[1]
			b.ReportMetric(coldOff.Seconds()/coldOn.Seconds(), "cold-ratio")
			n := float64(b.N * len(batches) * len(batches[0].msgs))
			b.ReportMetric(n/wallOff.Seconds(), "off-events/s")
			b.ReportMetric(n/wallOn.Seconds(), "on-events/s")
			b.ReportMetric(wallOff.Seconds()/wallOn.Seconds(), "ratio-on/off")
			b.ReportMetric(float64(cpuOn)/n, "on-cpu-ns/event")
			b.ReportMetric(float64(cpuOff)/float64(cpuOn), "cpu-ratio-on/off")
			spans := 0.0
			for _, r := range spanResults {
				spans += metricValue(sm.Spans.WithLabelValues(r))
			}
			passes := float64(b.N + 1)
			b.ReportMetric(spans/passes/float64(items), "sent/item")
			b.ReportMetric(coldHits, "cold-cache-hit-rate")
			b.ReportMetric(hitRate(), "cache-hit-rate")
			p50, p99 := lat.percentile(50), lat.percentile(99)
			b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
			b.Logf("%d items, %.0f spans sent per pass, %d requests: p50 %v p99 %v, unavailable %v",
				items, spans/passes, lat.count(), p50, p99, metricValue(sm.Spans.WithLabelValues(spanUnavailable)))
		})
	}
}

// benchResolver returns the URL of the real resolver started from
// PRECURSOR_RESOLVER_JAR, or of the stand-in.
func benchResolver(b *testing.B) string {
	if jar := os.Getenv("PRECURSOR_RESOLVER_JAR"); jar != "" {
		p, err := structure.Start(context.Background(), structure.StartConfig{Jar: jar, Stderr: os.Stderr})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { p.Stop(5 * time.Second) })
		b.Logf("real resolver %s (pid %d)", jar, p.PID())
		return p.URL
	}
	f := startFakeResolver(b, recordedAnswers(b))
	f.delay.Store(int64(standInLatency))
	b.Logf("stand-in resolver, %v a request", standInLatency)
	return f.srv.URL
}

// benchStructureLoop is a loop around the default engine with the resolver
// at url ("" = off), its structure metrics and a latency recorder.
func benchStructureLoop(b *testing.B, url string) (*loop, *StructureMetrics, *latencies) {
	m := NewMetrics(prometheus.NewRegistry())
	lat := &latencies{}
	cfg := DefaultConfig().Structure
	cfg.URL = url
	st, err := newStructureStage(cfg, m.Structure, lat, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	l := newTestLoop(b, nopSource{}, nopSink{}, nopSink{}, newEngineEvaluator(defaultEngine(b), nil, st))
	l.workers = DefaultConfig().Workers
	l.metrics = m
	return l, m.Structure, lat
}

// synthBatches generates n synthetic events in batches of size, over six
// partitions, and counts their line items.
func synthBatches(b *testing.B, opts synth.Options, n, size int) ([]*batch, int) {
	g := synth.New(7, opts)
	var out []*batch
	items := 0
	for i := range n {
		if i%size == 0 {
			out = append(out, &batch{})
		}
		e := g.Next()
		if m, err := manifest.Decode(e.Value); err == nil {
			items += len(m.Items)
		}
		bt := out[len(out)-1]
		bt.msgs = append(bt.msgs, kafka.Message{Topic: "in", Partition: i % 6, Offset: int64(i), Key: e.Key, Value: e.Value})
	}
	return out, items
}

// latencies records the time of every request that reached the resolver;
// it is a structure.Observer.
type latencies struct {
	mu sync.Mutex
	ds []time.Duration
}

func (l *latencies) Lookup(bool) {}

func (l *latencies) Breaker(structure.BreakerState) {}

func (l *latencies) Request(o structure.Outcome, d time.Duration) {
	if o == structure.OutcomeRejected {
		return
	}
	l.mu.Lock()
	l.ds = append(l.ds, d)
	l.mu.Unlock()
}

func (l *latencies) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.ds)
}

func (l *latencies) percentile(p int) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.ds) == 0 {
		return 0
	}
	s := slices.Clone(l.ds)
	slices.Sort(s)
	return s[min(len(s)-1, (len(s)*p+99)/100-1)]
}
