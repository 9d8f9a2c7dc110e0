package structure

import (
	"testing"
	"time"
)

func TestBreakerHalfOpenAdmitsOneProbe(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	var changes []BreakerState
	b := &breaker{threshold: 2, cooldown: time.Second, now: clock.now, onChange: func(s BreakerState) { changes = append(changes, s) }}
	b.failure()
	if !b.allow() || b.current() != BreakerClosed {
		t.Fatal("one failure below the threshold opened the breaker")
	}
	b.failure()
	if b.allow() {
		t.Fatal("open breaker let a request through")
	}
	clock.advance(time.Second)
	if !b.allow() {
		t.Fatal("no probe after the cooldown")
	}
	if b.allow() {
		t.Fatal("second request admitted while the probe is in flight")
	}
	b.release() // the probe's caller gave up: another probe may go
	if !b.allow() {
		t.Fatal("no probe after release")
	}
	b.success()
	if b.current() != BreakerClosed || !b.allow() {
		t.Fatal("successful probe did not close the breaker")
	}
	want := []BreakerState{BreakerOpen, BreakerHalfOpen, BreakerClosed}
	if len(changes) != len(want) {
		t.Fatalf("changes %v, want %v", changes, want)
	}
	for i := range want {
		if changes[i] != want[i] {
			t.Errorf("changes %v, want %v", changes, want)
		}
	}
	for _, s := range []BreakerState{BreakerClosed, BreakerHalfOpen, BreakerOpen, 7} {
		if s.String() == "" {
			t.Errorf("%d has no name", s)
		}
	}
}

func TestCacheEvictsOldGeneration(t *testing.T) {
	c := newCache(4) // two generations of 2
	put := func(k string) {
		_, f, leader := c.get(k)
		if !leader {
			t.Fatalf("%s: not leader", k)
		}
		c.finish(k, f, &Structure{Query: k}, nil)
	}
	put("a")
	put("b")
	put("c") // young {c}, old {a, b}
	if s, _, _ := c.get("a"); s == nil {
		t.Fatal("a evicted too early") // promoted: young {c, a}
	}
	put("d") // young {d}, old {c, a}; b dropped
	if s, _, _ := c.get("b"); s != nil {
		t.Error("b survived two generations unused")
	}
	if c.len() > 4 {
		t.Errorf("cache holds %d, want at most 4", c.len())
	}
}
