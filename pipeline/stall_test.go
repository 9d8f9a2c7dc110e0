package pipeline

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestStallDetector: stalled only after stall_timeout without a commit
// while the lag is positive and measured; idle, committing and
// unmeasurable members are not.
func TestStallDetector(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	type obs struct {
		sec         int
		commits     int64
		lag         int64
		brokersDown bool
		stalled     bool
	}
	tests := map[string][]obs{
		"committing": {{0, 1, 50, false, false}, {40, 2, 50, false, false}, {80, 3, 50, false, false}},
		"stuck":      {{0, 5, 50, false, false}, {60, 5, 50, false, false}, {61, 5, 50, false, true}, {90, 6, 40, false, false}},
		"idle":       {{0, 5, 0, false, false}, {100, 5, 0, false, false}, {130, 5, 3, false, false}, {191, 5, 3, false, true}},
		"brokers down": {{0, 5, 50, false, false}, {50, 5, 50, true, false}, {100, 5, 50, true, false},
			{150, 5, 50, false, false}, {211, 5, 50, false, true}},
	}
	for name, seq := range tests {
		t.Run(name, func(t *testing.T) {
			d := &stallDetector{after: time.Minute}
			for _, o := range seq {
				if got := d.observe(at(o.sec), o.commits, o.lag, o.brokersDown); got != o.stalled {
					t.Fatalf("at %ds: stalled = %v, want %v", o.sec, got, o.stalled)
				}
				stalled, why := d.status(at(o.sec))
				if stalled != o.stalled || stalled && !strings.Contains(why, "no batch committed for") {
					t.Fatalf("at %ds: status = %v %q", o.sec, stalled, why)
				}
			}
		})
	}
}

// TestStallFailsHealthz: a loop that stops committing while events wait
// fails /healthz with the reason and sets precursor_stalled; once it
// commits again both recover.
func TestStallFailsHealthz(t *testing.T) {
	reg := prometheus.NewRegistry()
	p := &Pipeline{metrics: NewMetrics(reg), stall: &stallDetector{after: 150 * time.Millisecond}}
	p.counts.lag.Store(10)
	p.counts.commits.Store(3)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go p.watchStall(ctx)
	waitFor(t, "the stall", 5*time.Second, func() bool { ok, _ := p.healthy(); return !ok })
	if ok, why := p.healthy(); ok || !strings.Contains(why, "while 10 events wait") {
		t.Errorf("healthy() = %v %q", ok, why)
	}
	waitFor(t, "precursor_stalled 1", 5*time.Second, func() bool { return testutil.ToFloat64(p.metrics.Stalled) == 1 })
	p.counts.commits.Add(1)
	waitFor(t, "recovery", 5*time.Second, func() bool { return testutil.ToFloat64(p.metrics.Stalled) == 0 })
	if ok, _ := p.healthy(); !ok {
		t.Error("still unhealthy after a commit")
	}
	if ts := testutil.ToFloat64(p.metrics.LastProgress); time.Since(time.Unix(int64(ts), 0)) > time.Minute {
		t.Errorf("last progress timestamp %v", ts)
	}
}
