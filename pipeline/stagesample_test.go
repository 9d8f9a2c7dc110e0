package pipeline

import (
	"context"
	"testing"
)

// TestStageTimingSample checks that a worker times its first event and
// every stageSampleEvery-th after it, those events through every stage
// they reach, and no other.
func TestStageTimingSample(t *testing.T) {
	ev := newEngineEvaluator(defaultEngine(t), nil, nil)
	msgs := buildStream(t, "sample", 3*stageSampleEvery+2, false)
	sc := ev.newScratch()
	timed := 0
	for i, m := range msgs {
		var out outcome
		ev.evaluate(context.Background(), m.Value, sc, &out)
		want := i%stageSampleEvery == 0
		if out.timed != want {
			t.Fatalf("event %d: timed %v, want %v", i, out.timed, want)
		}
		if !out.timed {
			if out.decode != 0 || out.enrich != 0 || out.scoring != 0 {
				t.Errorf("event %d not timed, but stages %v %v %v", i, out.decode, out.enrich, out.scoring)
			}
			continue
		}
		timed++
		if out.decode <= 0 || (out.dead == nil && (out.enrich <= 0 || out.scoring <= 0)) {
			t.Errorf("event %d timed, but stages %v %v %v (dead letter: %v)", i, out.decode, out.enrich, out.scoring, out.dead != nil)
		}
	}
	if want := (len(msgs) + stageSampleEvery - 1) / stageSampleEvery; timed != want {
		t.Errorf("%d events timed, want %d", timed, want)
	}
}
