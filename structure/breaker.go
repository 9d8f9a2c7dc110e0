package structure

import (
	"sync"
	"time"
)

// BreakerState is the state of the client's circuit breaker.
type BreakerState int

// Breaker states. The numeric values are what the pipeline exports as a
// gauge: 0 closed, 1 half-open, 2 open.
const (
	BreakerClosed   BreakerState = iota // requests flow; failures are counted
	BreakerHalfOpen                     // one probe request is allowed through
	BreakerOpen                         // requests fail at once until the cooldown ends
)

func (s BreakerState) String() string {
	switch s {
	case BreakerClosed:
		return "closed"
	case BreakerHalfOpen:
		return "half-open"
	case BreakerOpen:
		return "open"
	}
	return "unknown"
}

// breaker opens after threshold consecutive failures, stays open for
// cooldown, then lets one probe through: its success closes the breaker,
// its failure opens it again.
type breaker struct {
	threshold int
	cooldown  time.Duration
	now       func() time.Time
	onChange  func(BreakerState)

	mu       sync.Mutex
	state    BreakerState
	failures int
	openedAt time.Time
	probing  bool // a half-open probe is in flight
}

// allow reports whether a request may go to the resolver now. A true answer
// in half-open state makes the caller the probe: it must report success,
// failure or release.
func (b *breaker) allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case BreakerOpen:
		if b.now().Sub(b.openedAt) < b.cooldown {
			return false
		}
		b.set(BreakerHalfOpen)
		b.probing = true
		return true
	case BreakerHalfOpen:
		if b.probing {
			return false
		}
		b.probing = true
		return true
	}
	return true
}

// success records an answered request.
func (b *breaker) success() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failures = 0
	b.probing = false
	b.set(BreakerClosed)
}

// failure records a failed request.
func (b *breaker) failure() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failures++
	if b.state == BreakerHalfOpen || b.failures >= b.threshold {
		b.probing = false
		b.openedAt = b.now()
		b.set(BreakerOpen)
	}
}

// release ends a request that proved nothing (the caller gave up first).
func (b *breaker) release() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.probing = false
}

func (b *breaker) current() BreakerState {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state
}

// set changes state, telling onChange; b.mu is held.
func (b *breaker) set(s BreakerState) {
	if b.state == s {
		return
	}
	b.state = s
	if b.onChange != nil {
		b.onChange(s)
	}
}
