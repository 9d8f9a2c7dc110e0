package pipeline

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// The stall detector. The run-time budget of the rules bounds every
// event, but anything else that stops the loop for good (a bug, a
// deadlock, a write that never returns) would leave the service running,
// ready and doing nothing while its partitions wait. The detector watches
// for exactly that: no batch committed for stall_timeout while the group
// lag, freshly measured, is positive. /healthz then fails (a liveness
// probe restarts the process; the uncommitted events go to the next
// member) and precursor_stalled is 1.
//
// An idle loop (lag 0) is progressing by definition, and so is a member
// whose lag polls fail (brokers unreachable: /readyz reports that, and a
// restart would not help): the clock restarts when they answer again. A
// sink that keeps refusing writes does stall the loop and is reported.

// stallCheckEvery is how often the detector looks at the counters.
const stallCheckEvery = time.Second

// stallDetector decides whether the loop is stalled.
type stallDetector struct {
	after time.Duration

	mu           sync.Mutex
	commits      int64     // commits at the last progress
	lastProgress time.Time // zero before the first observation
	stalled      bool
	lag          int64
}

// observe records the loop's counters at now and reports whether it is
// stalled. brokersDown means the lag could not be measured lately.
func (s *stallDetector) observe(now time.Time, commits, lag int64, brokersDown bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastProgress.IsZero() || commits != s.commits || lag <= 0 || brokersDown {
		s.commits, s.lastProgress = commits, now
	}
	s.lag = lag
	s.stalled = now.Sub(s.lastProgress) > s.after
	return s.stalled
}

// status returns whether the loop is stalled and, if so, why.
func (s *stallDetector) status(now time.Time) (bool, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.stalled {
		return false, ""
	}
	return true, fmt.Sprintf("stalled: no batch committed for %v while %d events wait (stall_timeout %v)",
		now.Sub(s.lastProgress).Round(time.Second), s.lag, s.after)
}

// progressAt returns when the loop last made progress.
func (s *stallDetector) progressAt() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastProgress
}

// watchStall feeds the detector from the pipeline's counters and mirrors
// it into the metrics until ctx ends.
func (p *Pipeline) watchStall(ctx context.Context) {
	t := time.NewTicker(stallCheckEvery)
	defer t.Stop()
	for {
		now := time.Now()
		c := &p.counts
		stalled := p.stall.observe(now, c.commits.Load(), c.lag.Load(), c.brokersDown.Load())
		p.metrics.LastProgress.Set(float64(p.stall.progressAt().UnixNano()) / 1e9)
		if stalled {
			p.metrics.Stalled.Set(1)
		} else {
			p.metrics.Stalled.Set(0)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// healthy reports liveness and a short reason for /healthz.
func (p *Pipeline) healthy() (bool, string) {
	if p.stall == nil {
		return true, "ok"
	}
	if stalled, why := p.stall.status(time.Now()); stalled {
		return false, why
	}
	return true, "ok"
}
