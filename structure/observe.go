package structure

import (
	"sync/atomic"
	"time"
)

// Outcome classifies one Resolve call that was not answered from the cache.
// The set is fixed, so it can label a metric.
type Outcome string

// Outcomes.
const (
	OutcomeResolved Outcome = "resolved" // the resolver returned a structure
	OutcomeUnparsed Outcome = "unparsed" // the resolver read no structure from the text (cached, not an error)
	OutcomeTimeout  Outcome = "timeout"  // the client or resolver time limit ran out
	OutcomeError    Outcome = "error"    // transport failure, crash or a resolver error answer
	OutcomeRejected Outcome = "rejected" // no request made: breaker open or too many in flight
)

// Outcomes lists every Outcome, for creating metric series at zero.
var Outcomes = []Outcome{OutcomeResolved, OutcomeUnparsed, OutcomeTimeout, OutcomeError, OutcomeRejected}

// Observer receives what the client does. The pipeline implements it with
// Prometheus metrics (requests by outcome, cache hits, a latency histogram,
// the breaker state gauge); Stats is a ready-made one. Methods are called
// synchronously from Resolve and must be fast and safe for concurrent use.
type Observer interface {
	// Lookup is called once per Resolve call: cached says whether the
	// answer came from the cache (or a request already in flight).
	Lookup(cached bool)
	// Request is called once per call that was not cached, with its outcome
	// and the time spent (zero for rejected calls).
	Request(o Outcome, elapsed time.Duration)
	// Breaker is called on every change of the breaker's state.
	Breaker(s BreakerState)
}

// Stats counts what a client did; it implements Observer with atomic
// counters, for tools and tests that have no metrics registry.
type Stats struct {
	lookups, hits atomic.Int64
	outcomes      [5]atomic.Int64 // indexed like Outcomes
	nanos         atomic.Int64    // time spent in requests that reached the resolver
	breaker       atomic.Int32
}

// StatsSnapshot is a copy of the counters.
type StatsSnapshot struct {
	Lookups, CacheHits int64
	Outcomes           map[Outcome]int64
	RequestTime        time.Duration
	Breaker            BreakerState
}

// Lookup implements Observer.
func (s *Stats) Lookup(cached bool) {
	s.lookups.Add(1)
	if cached {
		s.hits.Add(1)
	}
}

// Request implements Observer.
func (s *Stats) Request(o Outcome, elapsed time.Duration) {
	for i, x := range Outcomes {
		if x == o {
			s.outcomes[i].Add(1)
		}
	}
	s.nanos.Add(int64(elapsed))
}

// Breaker implements Observer.
func (s *Stats) Breaker(b BreakerState) { s.breaker.Store(int32(b)) }

// Snapshot returns the current counts.
func (s *Stats) Snapshot() StatsSnapshot {
	out := StatsSnapshot{
		Lookups:     s.lookups.Load(),
		CacheHits:   s.hits.Load(),
		Outcomes:    make(map[Outcome]int64, len(Outcomes)),
		RequestTime: time.Duration(s.nanos.Load()),
		Breaker:     BreakerState(s.breaker.Load()),
	}
	for i, o := range Outcomes {
		out.Outcomes[o] = s.outcomes[i].Load()
	}
	return out
}

// observers fans out to several observers.
type observers []Observer

func (os observers) Lookup(cached bool) {
	for _, o := range os {
		o.Lookup(cached)
	}
}

func (os observers) Request(oc Outcome, d time.Duration) {
	for _, o := range os {
		o.Request(oc, d)
	}
}

func (os observers) Breaker(s BreakerState) {
	for _, o := range os {
		o.Breaker(s)
	}
}

// Observers combines observers into one (nil entries are skipped).
func Observers(list ...Observer) Observer {
	var out observers
	for _, o := range list {
		if o != nil {
			out = append(out, o)
		}
	}
	return out
}
