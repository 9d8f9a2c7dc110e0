package pipeline

import (
	"context"
	"testing"
	"time"
)

// TestEvaluateStopsAtShutdown: once the claim context ends no event is
// started; the events scored are the batch's prefix, so the batch can be
// delivered and committed up to there and the rest re-delivered.
func TestEvaluateStopsAtShutdown(t *testing.T) {
	msgs := mixedStream(40)
	ev := &fakeEvaluator{version: "1", delay: 30 * time.Millisecond}
	l := newTestLoop(t, &memSource{}, &memSink{}, &memSink{}, ev)
	l.workers = 2
	claim, stop := context.WithCancel(context.Background())
	l.stops = evalStops{claim: claim}
	time.AfterFunc(100*time.Millisecond, stop)
	start := time.Now()
	outs := l.evaluate(ev, msgs, nil)
	took := time.Since(start)
	if len(outs) == 0 || len(outs) >= len(msgs) {
		t.Fatalf("%d of %d events scored, want a part", len(outs), len(msgs))
	}
	if n := ev.calls.Load(); n != int64(len(outs)) {
		t.Errorf("%d events evaluated, %d outcomes returned", n, len(outs))
	}
	for i := range outs {
		if outs[i].alert == nil && outs[i].dead == nil && i%3 == 0 && i%5 != 4 {
			t.Errorf("outcome %d of the prefix is empty", i)
		}
	}
	if took > time.Second {
		t.Errorf("evaluate took %v after the stop at 100ms", took)
	}

	b := &batch{records: records{msgs: msgs}}
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	l.stops = evalStops{claim: stopped}
	l.score(b)
	if len(b.msgs) != 0 || len(b.outs) != 0 {
		t.Errorf("a batch scored after the stop keeps %d events", len(b.msgs))
	}
}
