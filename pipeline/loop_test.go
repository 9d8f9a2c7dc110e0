package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"
)

func newTestLoop(t testing.TB, src source, alerts, dead sink, ev evaluator) *loop {
	t.Helper()
	var box atomic.Pointer[evaluatorBox]
	box.Store(&evaluatorBox{ev})
	m := NewMetrics(prometheus.NewRegistry())
	log := slog.New(slog.DiscardHandler)
	return &loop{
		src:          src,
		outputs:      []output{newAlertOutput(alerts, m, log), newDeadLetterOutput(dead, m, log, time.Now, nil)},
		current:      func() evaluator { return box.Load().ev },
		batchSize:    4,
		batchTimeout: 5 * time.Millisecond,
		workers:      3,
		metrics:      m,
		log:          log,
		counts:       &counters{},
		now:          time.Now,
	}
}

// mixedStream returns messages over 3 partitions: every third risky, every
// fifth malformed, with per-partition increasing offsets.
func mixedStream(n int) []kafka.Message {
	var msgs []kafka.Message
	next := map[int]int64{}
	for i := 0; i < n; i++ {
		part := i % 3
		v := fakeValue(fmt.Sprintf("S%03d", i), i%3 == 0)
		if i%5 == 4 {
			v = []byte(fmt.Sprintf("{not json %d", i))
		}
		msgs = append(msgs, kafka.Message{Topic: "in", Partition: part, Offset: next[part], Key: []byte(fmt.Sprint(i)), Value: v})
		next[part]++
	}
	return msgs
}

// runUntil runs l until cond holds (or the deadline passes), then cancels.
func runUntil(t *testing.T, l *loop, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.run(ctx, context.Background()) }()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			cancel()
			t.Fatal("condition not reached within 10s")
		}
		time.Sleep(2 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

func TestLoopWritesInInputOrderThenCommits(t *testing.T) {
	msgs := mixedStream(40)
	src := &memSource{msgs: msgs}
	alerts, dead := &memSink{}, &memSink{}
	l := newTestLoop(t, src, alerts, dead, &fakeEvaluator{version: "1"})
	runUntil(t, l, func() bool {
		return len(src.committed()) == 3 && src.committed()[0] == 13 && src.committed()[1] == 12 && src.committed()[2] == 12
	})

	var wantAlerts, wantDead []string
	for i, m := range msgs {
		switch {
		case i%5 == 4:
			wantDead = append(wantDead, string(m.Value))
		case i%3 == 0:
			wantAlerts = append(wantAlerts, fmt.Sprintf("alert:S%03d:1", i))
		}
	}
	if got := values(alerts.all()); strings.Join(got, "\n") != strings.Join(wantAlerts, "\n") {
		t.Errorf("alerts (in input order):\n got %q\nwant %q", got, wantAlerts)
	}
	if got := values(dead.all()); strings.Join(got, "\n") != strings.Join(wantDead, "\n") {
		t.Errorf("dead letters:\n got %q\nwant %q", got, wantDead)
	}
	for _, a := range alerts.all() {
		if !strings.Contains(string(a.Value), string(a.Key)) {
			t.Errorf("alert %q not keyed by its shipment id (key %q)", a.Value, a.Key)
		}
	}
	s := l.counts
	if s.consumed.Load() != 40 || s.alerts.Load() != int64(len(wantAlerts)) || s.deadLetters.Load() != int64(len(wantDead)) {
		t.Errorf("counts consumed=%d alerts=%d dead=%d", s.consumed.Load(), s.alerts.Load(), s.deadLetters.Load())
	}
	if got := metricValue(l.metrics.RuleHits.WithLabelValues("R1", "active")); got != float64(len(wantAlerts)) {
		t.Errorf("rule_hits_total{rule=R1} = %v, want %d", got, len(wantAlerts))
	}
	if got := metricValue(l.metrics.DeadLetters.WithLabelValues("syntax")); got != float64(len(wantDead)) {
		t.Errorf("dead_letters_total{reason=syntax} = %v, want %d", got, len(wantDead))
	}
}

// A failing sink stops commits: nothing is committed past an unwritten
// result, nothing is skipped, and the failed attempts are counted.
func TestLoopBackPressureNeverCommitsUnwritten(t *testing.T) {
	src := &memSource{msgs: mixedStream(4)}
	alerts, dead := &memSink{failN: 3}, &memSink{}
	var committedWhileFailing atomic.Bool
	alerts.onWrite = func() {
		if alerts.failN > 0 && len(src.committed()) > 0 {
			committedWhileFailing.Store(true)
		}
	}
	l := newTestLoop(t, src, alerts, dead, &fakeEvaluator{version: "1"})
	runUntil(t, l, func() bool { return len(src.committed()) == 3 })
	if committedWhileFailing.Load() {
		t.Error("offsets were committed while the alert sink was failing")
	}
	if got := values(alerts.all()); len(got) != 2 || got[0] != "alert:S000:1" || got[1] != "alert:S003:1" {
		t.Errorf("alerts after recovery = %q, want S000 and S003 exactly once", got)
	}
	if got := metricValue(l.metrics.WriteErrors.WithLabelValues(sinkAlerts)); got != 3 {
		t.Errorf("write_errors_total{sink=alerts} = %v, want 3", got)
	}
}

func TestLoopRetriesFailedCommit(t *testing.T) {
	src := &memSource{msgs: mixedStream(3), failN: 2}
	l := newTestLoop(t, src, &memSink{}, &memSink{}, &fakeEvaluator{version: "1"})
	runUntil(t, l, func() bool { return len(src.committed()) == 3 })
	if got := l.counts.commits.Load(); got != 1 {
		t.Errorf("commits = %d, want 1 (one per batch)", got)
	}
}

// An engine panic dead-letters the event with stage evaluate instead of
// crashing the service.
func TestLoopPanicBecomesDeadLetter(t *testing.T) {
	src := &memSource{msgs: []kafka.Message{{Topic: "in", Value: []byte(`{"shipment_id":"P","panic":true}`)}}}
	dead := &memSink{}
	l := newTestLoop(t, src, &memSink{}, dead, &fakeEvaluator{version: "1"})
	runUntil(t, l, func() bool { return len(src.committed()) == 1 })
	got := dead.all()
	if len(got) != 1 || header(got[0], HeaderStage) != stageEvaluateDL || header(got[0], HeaderReason) != reasonInternal {
		t.Fatalf("dead letters = %+v, want one with stage evaluate, reason internal_error", got)
	}
}

// Cancelling the context while a batch is being scored still writes and
// commits that batch (the drain), using the work context.
func TestLoopDrainsBatchInFlight(t *testing.T) {
	src := &memSource{msgs: mixedStream(4)}
	alerts := &memSink{}
	ev := &fakeEvaluator{version: "1", delay: 200 * time.Millisecond}
	l := newTestLoop(t, src, alerts, &memSink{}, ev)
	l.batchTimeout = time.Minute // the one batch holds all four events
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.run(ctx, context.Background()) }()
	for deadline := time.Now().Add(10 * time.Second); ev.calls.Load() == 0; {
		if time.Now().After(deadline) {
			t.Fatal("scoring never started")
		}
		time.Sleep(time.Millisecond)
	}
	cancel() // the batch is being scored now
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if c := src.committed(); len(c) != 3 {
		t.Errorf("committed after drain = %v, want all 3 partitions", c)
	}
	if len(alerts.all()) != 2 {
		t.Errorf("alerts after drain = %d, want 2", len(alerts.all()))
	}
}

// When the shutdown budget runs out with the sink still failing, run
// reports it and commits nothing.
func TestLoopShutdownBudgetExhausted(t *testing.T) {
	src := &memSource{msgs: mixedStream(4)}
	alerts := &memSink{failN: 1 << 30}
	l := newTestLoop(t, src, alerts, &memSink{}, &fakeEvaluator{version: "1"})
	ctx, cancel := context.WithCancel(context.Background())
	work, cancelWork := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.run(ctx, work) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	time.AfterFunc(100*time.Millisecond, cancelWork)
	err := <-done
	if !errors.Is(err, ErrShutdownIncomplete) || !strings.Contains(err.Error(), "shutdown budget exhausted") {
		t.Fatalf("run = %v, want a shutdown budget error wrapping ErrShutdownIncomplete", err)
	}
	if c := src.committed(); len(c) != 0 {
		t.Errorf("committed %v past unwritten alerts", c)
	}
}

func values(msgs []kafka.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = string(m.Value)
	}
	return out
}

func header(m kafka.Message, key string) string {
	for _, h := range m.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}
