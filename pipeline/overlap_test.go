package pipeline

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
)

// While a commit is in flight, the outputs go on delivering the next
// batches; the batches they acknowledged meanwhile are committed together
// in the next commit, at the highest offset of each partition, and never
// before every output acknowledged them.
func TestLoopWritesWhileCommitInFlight(t *testing.T) {
	src := &memSource{msgs: mixedStream(12), commitGate: make(chan struct{})}
	a, b := &fakeOutput{label: "a"}, &fakeOutput{label: "b"}
	checkCommitsAfterAcks(t, src, a, b)
	l := loopWithOutputs(t, src, &fakeEvaluator{version: "1"}, a, b)
	l.batchSize, l.batchTimeout = 3, time.Minute // four full batches

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.run(ctx, context.Background()) }()
	waitFor(t, "the outputs to acknowledge every batch while the first commit is held", 10*time.Second, func() bool {
		_, da, _ := a.stats()
		_, db, _ := b.stats()
		return da == 4 && db == 4
	})
	if c := src.committed(); len(c) != 0 {
		t.Fatalf("committed %v while the commit was held", c)
	}
	src.commitGate <- struct{}{} // the first batch's commit
	src.commitGate <- struct{}{} // the other three, in one commit
	waitFor(t, "every offset committed", 10*time.Second, func() bool {
		c := src.committed()
		return c[0] == 3 && c[1] == 3 && c[2] == 3
	})
	cancel()
	close(src.commitGate)
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	src.mu.Lock()
	commits := append([][]kafka.Message(nil), src.commits...)
	src.mu.Unlock()
	if len(commits) != 2 {
		t.Fatalf("%d commits (%v), want 2: the first batch, then the three acknowledged meanwhile", len(commits), commits)
	}
	if got := describePoints(commits[1]); got != "in/0@3,in/1@3,in/2@3" {
		t.Errorf("second commit = %s, want the highest offset of each partition", got)
	}
	if got := l.counts.consumed.Load(); got != 12 {
		t.Errorf("consumed = %d, want 12", got)
	}
}

// Every event of a committed batch is timed from its record timestamp to
// the moment every output acknowledged it.
func TestLoopEndToEndLatency(t *testing.T) {
	msgs := mixedStream(9)
	stamp := time.Now().Add(-3 * time.Second)
	for i := range msgs {
		msgs[i].Time = stamp
	}
	msgs[8].Time = time.Time{} // no timestamp: not observed
	src := &memSource{msgs: msgs}
	l := newTestLoop(t, src, &memSink{}, &memSink{}, &fakeEvaluator{version: "1"})
	runUntil(t, l, func() bool { return l.counts.consumed.Load() == 9 })
	h := l.metrics.EndToEndLatency
	if got := metricValue(h); got != 8 {
		t.Errorf("end_to_end_latency_seconds count = %v, want 8 (the events with a timestamp)", got)
	}
	if sum := histogramSum(h); sum < 8*3 || sum > 8*13 {
		t.Errorf("end_to_end_latency_seconds sum = %v, want about 8 × 3 s", sum)
	}
}

// An outcome holds no alert storage once reset: the next alert is encoded
// into storage of its own, and the previous one's bytes stay as they were.
func TestOutcomeKeepsNoAlertStorage(t *testing.T) {
	ev := newEngineEvaluator(defaultEngine(t), nil, nil)
	sc := ev.newScratch()
	var alerting []kafka.Message
	for _, m := range buildStream(t, "reuse", 60, false) {
		var o outcome
		ev.evaluate(t.Context(), m.Value, sc, &o)
		if o.emits() {
			alerting = append(alerting, m)
		}
	}
	if len(alerting) < 2 {
		t.Fatalf("%d alerting events in the stream, want 2", len(alerting))
	}
	var o outcome
	ev.evaluate(t.Context(), alerting[0].Value, sc, &o)
	first, firstText := o.alert, string(o.alert)
	o.reset()
	if o.alert != nil || o.full != nil {
		t.Fatalf("a reset outcome still holds its alert (%d bytes)", len(o.alert))
	}
	ev.evaluate(t.Context(), alerting[1].Value, sc, &o)
	if string(first) != firstText {
		t.Errorf("encoding the second alert changed the first one's bytes")
	}
	if string(o.alert) == firstText || !strings.Contains(string(o.alert), string(o.key)) {
		t.Errorf("second alert %.80q does not describe its own shipment %q", o.alert, o.key)
	}
}
