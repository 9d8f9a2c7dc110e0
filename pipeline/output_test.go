package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
)

// fakeOutput is an output for unit tests. It takes every event of a batch
// (alerts by value, dead letters by reason, clean events as "clean"), can
// fail its first failN deliveries, hold each delivery until gate yields,
// and refuse the alert of the shipments in refuse.
type fakeOutput struct {
	label  string
	failN  int
	gate   chan struct{}
	refuse map[string]bool

	mu        sync.Mutex
	calls     int
	delivered int                    // deliveries acknowledged
	acked     map[int]map[int64]bool // partition → offsets acknowledged
	taken     []string               // what was acknowledged, in order
	sizes     []int                  // events per acknowledged delivery
}

func (f *fakeOutput) name() string { return f.label }

func (f *fakeOutput) deliver(ctx context.Context, recs *records, refuse refuseFunc) error {
	f.mu.Lock()
	f.calls++
	fail := f.calls <= f.failN
	f.mu.Unlock()
	if fail {
		return errors.New("disk full")
	}
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	var taken []string
	for i := range recs.outs {
		o := &recs.outs[i]
		switch {
		case o.deadLetter() != nil:
			taken = append(taken, "dead:"+o.deadLetter().reason)
		case o.emits() && f.refuse[string(o.key)]:
			refuse(i, reasonAlertTooLarge, "too large for "+f.label)
		case o.emits():
			taken = append(taken, string(o.alert))
		default:
			taken = append(taken, "clean")
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.acked == nil {
		f.acked = map[int]map[int64]bool{}
	}
	for _, m := range recs.msgs {
		if f.acked[m.Partition] == nil {
			f.acked[m.Partition] = map[int64]bool{}
		}
		f.acked[m.Partition][m.Offset] = true
	}
	f.delivered++
	f.taken = append(f.taken, taken...)
	f.sizes = append(f.sizes, len(recs.msgs))
	return nil
}

// ackedThrough reports whether f acknowledged every offset of partition
// up to and including offset.
func (f *fakeOutput) ackedThrough(partition int, offset int64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for o := int64(0); o <= offset; o++ {
		if !f.acked[partition][o] {
			return false
		}
	}
	return true
}

func (f *fakeOutput) stats() (calls, delivered int, taken []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, f.delivered, slices.Clone(f.taken)
}

// checkCommitsAfterAcks makes src fail the test when it is asked to commit
// an offset that some output has not acknowledged (with everything before
// it in its partition).
func checkCommitsAfterAcks(t *testing.T, src *memSource, outs ...*fakeOutput) *atomic.Int64 {
	var violations atomic.Int64
	src.onCommit = func(points []kafka.Message) {
		for _, p := range points {
			for _, o := range outs {
				if !o.ackedThrough(p.Partition, p.Offset) {
					violations.Add(1)
					t.Errorf("committed %d/%d before output %s acknowledged it", p.Partition, p.Offset, o.label)
				}
			}
		}
	}
	return &violations
}

func loopWithOutputs(t *testing.T, src *memSource, ev evaluator, outs ...*fakeOutput) *loop {
	l := newTestLoop(t, src, nil, nil, ev)
	l.outputs = nil
	for _, o := range outs {
		l.outputs = append(l.outputs, o)
	}
	return l
}

// A failing output stops commits until it acknowledges; the batch is
// delivered to it again, not to the outputs that already acknowledged it,
// and every failure is counted under the output's name.
func TestLoopCommitsAfterEveryOutputAcknowledged(t *testing.T) {
	msgs := mixedStream(12)
	src := &memSource{msgs: msgs}
	steady, failing := &fakeOutput{label: "steady"}, &fakeOutput{label: "failing", failN: 3}
	checkCommitsAfterAcks(t, src, steady, failing)
	l := loopWithOutputs(t, src, &fakeEvaluator{version: "1"}, steady, failing)
	runUntil(t, l, func() bool { c := src.committed(); return c[0] == 3 && c[1] == 3 && c[2] == 3 })

	calls, delivered, taken := failing.stats()
	if calls != delivered+3 {
		t.Errorf("failing output: %d calls for %d deliveries, want 3 failed calls more", calls, delivered)
	}
	sCalls, sDelivered, sTaken := steady.stats()
	if sCalls != sDelivered || sDelivered != delivered {
		t.Errorf("steady output: %d calls, %d deliveries; want one call per batch (%d batches)", sCalls, sDelivered, delivered)
	}
	if strings.Join(taken, " ") != strings.Join(sTaken, " ") || len(taken) != len(msgs) {
		t.Errorf("outputs took different records:\nfailing %q\nsteady  %q", taken, sTaken)
	}
	if got := metricValue(l.metrics.WriteErrors.WithLabelValues("failing")); got != 3 {
		t.Errorf("write_errors_total{sink=failing} = %v, want 3", got)
	}
	if got := l.counts.commits.Load(); got < 1 || got > int64(delivered) {
		t.Errorf("%d commits for %d batches, want 1 to %[2]d", got, delivered)
	}
}

// A slow output holds the commit of every batch until it acknowledges,
// and holds back scoring too: scoring stops once every batch buffer holds
// a batch waiting for it.
func TestLoopSlowOutputHoldsCommits(t *testing.T) {
	// More events than the batch buffers hold (newTestLoop's batches are of
	// 4), ending with a partial batch.
	total := (inFlightBatches+3)*4 + 2
	src := &memSource{msgs: mixedStream(total)}
	fast, slow := &fakeOutput{label: "fast"}, &fakeOutput{label: "slow", gate: make(chan struct{})}
	checkCommitsAfterAcks(t, src, fast, slow)
	ev := &fakeEvaluator{version: "1"}
	l := loopWithOutputs(t, src, ev, fast, slow)
	l.batchTimeout = time.Minute // full batches only

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.run(ctx, context.Background()) }()
	held := int64(inFlightBatches * l.batchSize)
	waitFor(t, "every batch buffer scored while the slow output holds the first", 10*time.Second, func() bool {
		_, delivered, _ := fast.stats()
		return delivered == 1 && ev.calls.Load() == held
	})
	time.Sleep(50 * time.Millisecond) // give a runaway loop the time to show itself
	if c := src.committed(); len(c) != 0 {
		t.Errorf("committed %v while the slow output had acknowledged nothing", c)
	}
	if n := ev.calls.Load(); n != held {
		t.Errorf("%d events scored while delivery was held; want %d (%d batches): back-pressure", n, held, inFlightBatches)
	}
	// Release the slow output's deliveries one at a time. The delivery
	// stage joins the batches scored meanwhile into one delivery, and the
	// commit stage folds batches acknowledged during a commit into one
	// request, so wait on the offsets, not on counts of calls.
	want := map[int]int64{}
	for _, m := range src.msgs[:total/l.batchSize*l.batchSize] {
		want[m.Partition] = max(want[m.Partition], m.Offset)
	}
	waitFor(t, "the released batches to be committed", 10*time.Second, func() bool {
		select {
		case slow.gate <- struct{}{}:
		default:
		}
		c := src.committed()
		for p, o := range want {
			if c[p] != o {
				return false
			}
		}
		return true
	})
	if n, batches := l.counts.commits.Load(), int64(total/l.batchSize); n < 1 || n > batches {
		t.Errorf("%d commits for %d released batches, want 1 to %d", n, batches, batches)
	}
	cancel()
	close(slow.gate) // the last, partial batch is drained on shutdown
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	last := map[int]int64{}
	for _, m := range src.msgs {
		last[m.Partition] = max(last[m.Partition], m.Offset)
	}
	if c := src.committed(); !maps.Equal(c, last) {
		t.Errorf("committed %v after the drain, want every event's offset %v", c, last)
	}
}

// The batches scored while a delivery is held are delivered together, in
// one call per output, in fetch order; an event an output refuses in such a
// joined delivery is dead-lettered and counted as its own batch's event.
func TestLoopJoinsBatchesScoredDuringDelivery(t *testing.T) {
	msgs := mixedStream((inFlightBatches + 1) * 4) // newTestLoop's batches are of 4
	refusedKey, syntax := "", 0
	for i, m := range msgs {
		var e fakeEvent
		if json.Unmarshal(m.Value, &e) != nil {
			syntax++
		} else if e.Risky && i >= 8 && refusedKey == "" { // in a joined delivery
			refusedKey = e.ShipmentID
		}
	}
	src := &memSource{msgs: msgs}
	fast := &fakeOutput{label: "fast"}
	slow := &fakeOutput{label: "slow", gate: make(chan struct{}), refuse: map[string]bool{refusedKey: true}}
	checkCommitsAfterAcks(t, src, fast, slow)
	ev := &fakeEvaluator{version: "1"}
	l := loopWithOutputs(t, src, ev, fast, slow)
	l.batchTimeout = time.Minute // full batches only

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- l.run(ctx, context.Background()) }()
	// The first batch's delivery is held; every other buffer fills.
	waitFor(t, "every batch buffer scored while the first delivery is held", 10*time.Second, func() bool {
		return ev.calls.Load() == int64(inFlightBatches*l.batchSize)
	})
	last := map[int]int64{}
	for _, m := range msgs {
		last[m.Partition] = max(last[m.Partition], m.Offset)
	}
	waitFor(t, "every batch to be committed", 10*time.Second, func() bool {
		select {
		case slow.gate <- struct{}{}:
		default:
		}
		return maps.Equal(src.committed(), last)
	})
	fast.mu.Lock()
	sizes, taken := slices.Clone(fast.sizes), slices.Clone(fast.taken)
	fast.mu.Unlock()
	if len(sizes) < 2 || sizes[0] != l.batchSize || sizes[1] < (inFlightBatches-1)*l.batchSize {
		t.Errorf("deliveries of %v events; want the first batch alone, then the %d batches scored meanwhile in one", sizes, inFlightBatches-1)
	}
	// fast took the refused alert in the first round and its dead letter in
	// the second; its records are in fetch order within each round.
	dead := 0
	for _, s := range taken {
		if s == "dead:"+reasonAlertTooLarge {
			dead++
		}
	}
	if dead != 1 {
		t.Errorf("fast output took %d dead letters for the refused alert, want 1: %q", dead, taken)
	}
	cancel()
	close(slow.gate)
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if got, want := l.counts.deadLetters.Load(), int64(syntax+1); got != want {
		t.Errorf("%d dead letters counted, want %d (%d syntax errors and the refused alert, marked on its own batch)", got, want, syntax)
	}
}

// An alert one output refuses for good is dead-lettered after every output
// has acknowledged the batch: the other outputs keep the alert they took,
// and every output sees the dead letter in a second round.
func TestLoopRefusedAlertIsDeadLettered(t *testing.T) {
	src := &memSource{msgs: []kafka.Message{
		{Topic: "in", Offset: 0, Value: fakeValue("S0", true)},
		{Topic: "in", Offset: 1, Value: fakeValue("HUGE", true)},
		{Topic: "in", Offset: 2, Value: []byte("{not json")},
	}}
	strict := &fakeOutput{label: "strict", refuse: map[string]bool{"HUGE": true}}
	lenient := &fakeOutput{label: "lenient"}
	l := loopWithOutputs(t, src, &fakeEvaluator{version: "1"}, strict, lenient)
	l.batchSize, l.batchTimeout = 3, time.Minute // one batch
	runUntil(t, l, func() bool { return src.committed()[0] == 2 })

	for _, tc := range []struct {
		out  *fakeOutput
		want string
	}{
		{strict, "alert:S0:1 dead:syntax dead:alert_too_large"},
		{lenient, "alert:S0:1 alert:HUGE:1 dead:syntax dead:alert_too_large"},
	} {
		if _, delivered, taken := tc.out.stats(); strings.Join(taken, " ") != tc.want || delivered != 2 {
			t.Errorf("%s took %q in %d rounds, want %q in 2", tc.out.label, taken, delivered, tc.want)
		}
	}
	if got := metricValue(l.metrics.DeadLetters.WithLabelValues(reasonAlertTooLarge)); got != 1 {
		t.Errorf("dead_letters_total{reason=alert_too_large} = %v, want 1", got)
	}
	if a, d := l.counts.alerts.Load(), l.counts.deadLetters.Load(); a != 1 || d != 2 {
		t.Errorf("counted %d alerts, %d dead letters; want 1 and 2", a, d)
	}
}

// Adding an output is a type with name and deliver, and nothing else: the
// loop delivers every batch to a third output unchanged.
func TestLoopDeliversToEveryOutput(t *testing.T) {
	src := &memSource{msgs: mixedStream(10)}
	outs := make([]*fakeOutput, 3)
	for i := range outs {
		outs[i] = &fakeOutput{label: fmt.Sprint("out", i)}
	}
	checkCommitsAfterAcks(t, src, outs...)
	l := loopWithOutputs(t, src, &fakeEvaluator{version: "1"}, outs...)
	runUntil(t, l, func() bool { c := src.committed(); return c[0] == 3 && c[1] == 2 && c[2] == 2 })
	_, _, want := outs[0].stats()
	for _, o := range outs[1:] {
		if _, _, got := o.stats(); !slices.Equal(got, want) {
			t.Errorf("%s took %q, %s took %q", outs[0].label, want, o.label, got)
		}
	}
}
