package structure

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestResolveCachesDefinitiveAnswers(t *testing.T) {
	b := okBackend()
	c, st := testClient(b, Config{})
	ctx := context.Background()
	s, err := c.Resolve(ctx, "Benzyl  4-anilinopiperidine-1-carboxylate 	")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Resolved || s.Query != "benzyl 4-anilinopiperidine-1-carboxylate" || len(s.Matches) != 1 ||
		s.Matches[0].Meaning != "the 4-AP core" {
		t.Fatalf("structure = %+v", s)
	}
	// The same normal form is a cache hit.
	if _, err := c.Resolve(ctx, "benzyl 4-anilinopiperidine-1-carboxylate"); err != nil {
		t.Fatal(err)
	}
	if n := b.calls.Load(); n != 1 {
		t.Errorf("backend calls = %d, want 1", n)
	}
	snap := st.Snapshot()
	if snap.Lookups != 2 || snap.CacheHits != 1 || snap.Outcomes[OutcomeResolved] != 1 {
		t.Errorf("stats = %+v", snap)
	}
}

func TestUnparsedIsCachedErrorsAreNot(t *testing.T) {
	unparsed := &fakeBackend{fn: func(_ context.Context, req *wireRequest) (*wireResponse, error) {
		return &wireResponse{Results: []wireResult{{Status: wireUnparsed, Error: "opsin: no"}}}, nil
	}}
	c, st := testClient(unparsed, Config{})
	for range 3 {
		s, err := c.Resolve(context.Background(), "laptop 4-methylcomputer")
		if err != nil || s.Resolved {
			t.Fatalf("Resolve = %+v, %v; want unresolved, no error", s, err)
		}
	}
	if unparsed.calls.Load() != 1 || st.Snapshot().Outcomes[OutcomeUnparsed] != 1 {
		t.Errorf("calls %d, stats %+v", unparsed.calls.Load(), st.Snapshot())
	}

	failing := errBackend(errBoom)
	c, _ = testClient(failing, Config{BreakerFailures: 100})
	for range 3 {
		if _, err := c.Resolve(context.Background(), "piperidin-4-one"); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("err = %v, want ErrUnavailable", err)
		}
	}
	if failing.calls.Load() != 3 {
		t.Errorf("failures were cached: %d calls, want 3", failing.calls.Load())
	}
}

func TestConcurrentLookupsShareOneRequest(t *testing.T) {
	release := make(chan struct{})
	b := blockingBackend(release)
	c, st := testClient(b, Config{})
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for range 10 {
		wg.Go(func() {
			s, err := c.Resolve(context.Background(), "piperidin-4-one")
			if err == nil && !s.Resolved {
				err = errors.New("not resolved")
			}
			errs <- err
		})
	}
	for st.Snapshot().Lookups < 10 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := b.calls.Load(); n != 1 {
		t.Errorf("backend calls = %d, want 1", n)
	}
}

func TestSlowResolverTimesOut(t *testing.T) {
	b := blockingBackend(make(chan struct{}))
	c, st := testClient(b, Config{Timeout: 20 * time.Millisecond})
	start := time.Now()
	_, err := c.Resolve(context.Background(), "piperidin-4-one")
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "timeout") {
		t.Fatalf("err = %v, want ErrUnavailable timeout", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v with a 20ms timeout", d)
	}
	if st.Snapshot().Outcomes[OutcomeTimeout] != 1 {
		t.Errorf("stats = %+v", st.Snapshot())
	}
}

func TestInFlightLimit(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	// A resolver request that ignores its deadline holds its slot.
	stuck := &fakeBackend{fn: func(context.Context, *wireRequest) (*wireResponse, error) {
		<-release
		return nil, errBoom
	}}
	c, st := testClient(stuck, Config{MaxInFlight: 1, Timeout: 30 * time.Millisecond, BreakerFailures: 100})
	go func() { _, _ = c.Resolve(context.Background(), "first-1-ol") }()
	for stuck.calls.Load() < 1 {
		time.Sleep(time.Millisecond)
	}
	_, err := c.Resolve(context.Background(), "second-2-ol")
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "in flight") {
		t.Fatalf("err = %v, want ErrUnavailable: in flight", err)
	}
	if st.Snapshot().Outcomes[OutcomeRejected] != 1 {
		t.Errorf("stats = %+v", st.Snapshot())
	}
}

func TestCallerCancelProvesNothing(t *testing.T) {
	c, _ := testClient(blockingBackend(make(chan struct{})), Config{BreakerFailures: 1})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(10 * time.Millisecond)
		cancel()
	}()
	if _, err := c.Resolve(ctx, "piperidin-4-one"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if s := c.Breaker(); s != BreakerClosed {
		t.Errorf("breaker %v after a cancelled call, want closed", s)
	}
}

func TestRefused(t *testing.T) {
	b := okBackend()
	c, _ := testClient(b, Config{})
	for _, text := range []string{"", " ,; ", strings.Repeat("methyl", 60)} {
		if _, err := c.Resolve(context.Background(), text); !errors.Is(err, ErrRefused) {
			t.Errorf("Resolve(%.20q) err = %v, want ErrRefused", text, err)
		}
	}
	if b.calls.Load() != 0 {
		t.Error("refused text reached the resolver")
	}
}

func TestSetPatternsDropsCache(t *testing.T) {
	b := okBackend()
	c, _ := testClient(b, Config{})
	ctx := context.Background()
	if s, _ := c.Resolve(ctx, "piperidin-4-one"); len(s.Matches) != 1 {
		t.Fatalf("matches %v", s.Matches)
	}
	c.SetPatterns(nil)
	s, err := c.Resolve(ctx, "piperidin-4-one")
	if err != nil || len(s.Matches) != 0 || b.calls.Load() != 2 {
		t.Errorf("after SetPatterns(nil): %+v %v, %d calls", s, err, b.calls.Load())
	}
}

func TestBreakerOpensAnswersAtOnceAndRecovers(t *testing.T) {
	fail := true
	var mu sync.Mutex
	ok := okBackend()
	b := &fakeBackend{fn: func(ctx context.Context, req *wireRequest) (*wireResponse, error) {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			return nil, errBoom
		}
		return ok.fn(ctx, req)
	}}
	c, st := testClient(b, Config{BreakerFailures: 3, BreakerCooldown: time.Minute})
	clock := &fakeClock{t: time.Unix(0, 0)}
	c.breaker.now = clock.now
	ctx := context.Background()
	for i := range 3 {
		if _, err := c.Resolve(ctx, "piperidin-4-one"); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("call %d: err = %v", i, err)
		}
	}
	if c.Breaker() != BreakerOpen || st.Snapshot().Breaker != BreakerOpen {
		t.Fatalf("breaker %v, want open", c.Breaker())
	}
	start := time.Now()
	for range 100 {
		if _, err := c.Resolve(ctx, "piperidin-4-one"); !errors.Is(err, ErrUnavailable) {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("100 calls with the breaker open took %v", d)
	}
	if b.calls.Load() != 3 || st.Snapshot().Outcomes[OutcomeRejected] != 100 {
		t.Errorf("calls %d, stats %+v", b.calls.Load(), st.Snapshot())
	}
	// After the cooldown one probe goes through; its failure opens again.
	clock.advance(time.Minute)
	if _, err := c.Resolve(ctx, "piperidin-4-one"); !errors.Is(err, ErrUnavailable) || b.calls.Load() != 4 {
		t.Fatalf("probe: err %v, calls %d", err, b.calls.Load())
	}
	if c.Breaker() != BreakerOpen {
		t.Fatalf("breaker %v after a failed probe, want open", c.Breaker())
	}
	// Next probe succeeds: closed.
	clock.advance(time.Minute)
	mu.Lock()
	fail = false
	mu.Unlock()
	if s, err := c.Resolve(ctx, "piperidin-4-one"); err != nil || !s.Resolved {
		t.Fatalf("probe: %+v %v", s, err)
	}
	if c.Breaker() != BreakerClosed {
		t.Errorf("breaker %v after a good probe, want closed", c.Breaker())
	}
}

func TestResolverErrorStatuses(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"overloaded", &statusError{code: 503, msg: "busy"}, ErrUnavailable},
		{"bad request", &statusError{code: 400, msg: "too long"}, ErrRefused},
		{"refused", errBoom, ErrUnavailable},
	}
	for _, tt := range tests {
		c, _ := testClient(errBackend(tt.err), Config{})
		if _, err := c.Resolve(context.Background(), "piperidin-4-one"); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	timeout := &fakeBackend{fn: func(_ context.Context, req *wireRequest) (*wireResponse, error) {
		return &wireResponse{Results: []wireResult{{Status: wireTimeout, Error: "query exceeded the time limit"}}}, nil
	}}
	c, st := testClient(timeout, Config{})
	if _, err := c.Resolve(context.Background(), "piperidin-4-one"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("resolver timeout: err = %v", err)
	}
	if st.Snapshot().Outcomes[OutcomeTimeout] != 1 {
		t.Errorf("stats %+v", st.Snapshot())
	}
}

func TestConfigValidate(t *testing.T) {
	if err := (Config{}).Validate(); err == nil {
		t.Error("empty URL accepted")
	}
	if err := (Config{URL: "http://x", Timeout: -1}).Validate(); err == nil {
		t.Error("negative timeout accepted")
	}
	if _, err := New(Config{URL: "http://127.0.0.1:1"}, nil); err != nil {
		t.Error(err)
	}
}

func BenchmarkResolveCached(b *testing.B) {
	c, _ := testClient(okBackend(), Config{})
	ctx := context.Background()
	if _, err := c.Resolve(ctx, "benzyl 4-anilinopiperidine-1-carboxylate"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Resolve(ctx, "benzyl 4-anilinopiperidine-1-carboxylate"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestFollowerRetriesWhenLeaderGivesUp(t *testing.T) {
	release := make(chan struct{})
	b := blockingBackend(release)
	c, _ := testClient(b, Config{})
	leaderCtx, cancelLeader := context.WithCancel(context.Background())
	leaderDone := make(chan error, 1)
	go func() {
		_, err := c.Resolve(leaderCtx, "piperidin-4-one")
		leaderDone <- err
	}()
	for b.calls.Load() < 1 {
		time.Sleep(time.Millisecond)
	}
	followerDone := make(chan error, 1)
	go func() {
		s, err := c.Resolve(context.Background(), "piperidin-4-one")
		if err == nil && !s.Resolved {
			err = errors.New("not resolved")
		}
		followerDone <- err
	}()
	time.Sleep(10 * time.Millisecond) // the follower waits on the leader's flight
	cancelLeader()
	if err := <-leaderDone; !errors.Is(err, context.Canceled) {
		t.Fatalf("leader: %v", err)
	}
	for b.calls.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	if err := <-followerDone; err != nil {
		t.Errorf("follower: %v, want its own answer", err)
	}
}
