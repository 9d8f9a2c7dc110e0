//go:build structure

package structure

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// distinctNames returns n different systematic names (no two share a cache
// entry), all of which the resolver reads.
func distinctNames(n int) []string {
	rings := []string{"phenyl", "2-fluorophenyl", "3-fluorophenyl", "4-fluorophenyl", "4-chlorophenyl",
		"3-chlorophenyl", "4-bromophenyl", "4-methylphenyl", "3-methylphenyl", "4-methoxyphenyl"}
	acyls := []string{"acetamide", "propanamide", "butanamide", "pentanamide", "hexanamide", "heptanamide",
		"octanamide", "nonanamide", "decanamide", "2-methylpropanamide", "3-methylbutanamide", "cyclopropanecarboxamide"}
	var out []string
	for _, a := range acyls {
		for _, r := range rings {
			out = append(out, fmt.Sprintf("N-(%s)-N-(piperidin-4-yl)%s", r, a))
		}
	}
	for len(out) < n {
		out = append(out, fmt.Sprintf("N-phenyl-N-(piperidin-4-yl)%d-methyloctanamide", len(out)%7+2))
	}
	return out[:n]
}

// TestResolverKilledMidStream kills the resolver while four workers resolve
// distinct names: every call returns within the timeout, every failure is
// ErrUnavailable, the breaker opens, and from then on calls fail at once.
func TestResolverKilledMidStream(t *testing.T) {
	p, err := Start(context.Background(), StartConfig{Jar: resolverJar(), Stderr: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Kill()
	const timeout = 2 * time.Second
	c, st := realClient(t, p.URL, Config{Timeout: timeout, BreakerFailures: 3, BreakerCooldown: time.Hour})
	names := distinctNames(120)
	var ok, failed, killed atomic.Int64
	var slowest atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, len(names))
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(names); i += 4 {
				start := time.Now()
				_, err := c.Resolve(context.Background(), names[i])
				d := time.Since(start)
				if int64(d) > slowest.Load() {
					slowest.Store(int64(d))
				}
				switch {
				case err == nil:
					if ok.Add(1) == 20 {
						p.Kill() // the crash, mid-stream
						killed.Store(1)
					}
				case errors.Is(err, ErrUnavailable):
					failed.Add(1)
				default:
					errs <- fmt.Errorf("%s: %v", names[i], err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("ok %d, unavailable %d, slowest call %v, stats %+v", ok.Load(), failed.Load(), time.Duration(slowest.Load()), st.Snapshot())
	if killed.Load() != 1 || failed.Load() == 0 {
		t.Fatalf("the resolver was not killed mid-stream (ok %d, failed %d)", ok.Load(), failed.Load())
	}
	if ok.Load()+failed.Load() != int64(len(names)) {
		t.Errorf("%d calls returned, want %d", ok.Load()+failed.Load(), len(names))
	}
	if s := time.Duration(slowest.Load()); s > timeout+time.Second {
		t.Errorf("slowest call took %v, timeout %v", s, timeout)
	}
	if c.Breaker() != BreakerOpen {
		t.Fatalf("breaker %v after the crash, want open", c.Breaker())
	}
	start := time.Now()
	for i := range 1000 {
		if _, err := c.Resolve(context.Background(), fmt.Sprintf("%d-methylpiperidin-4-one", i)); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("with the breaker open: %v", err)
		}
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("1000 calls with the breaker open took %v", d)
	}
}

// TestResolverRestarted: after a crash and a new resolver at the same
// address, the half-open probe closes the breaker and names resolve again.
func TestResolverRestarted(t *testing.T) {
	p, err := Start(context.Background(), StartConfig{Jar: resolverJar(), Stderr: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	addr := p.URL[len("http://"):]
	c, _ := realClient(t, p.URL, Config{Timeout: 2 * time.Second, BreakerFailures: 1, BreakerCooldown: 100 * time.Millisecond})
	p.Kill()
	if _, err := c.Resolve(context.Background(), "piperidin-4-one"); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("dead resolver: %v", err)
	}
	q, err := Start(context.Background(), StartConfig{Jar: resolverJar(), Stderr: os.Stderr, Args: []string{"-listen", addr}})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Stop(5 * time.Second)
	time.Sleep(150 * time.Millisecond)
	s, err := c.Resolve(context.Background(), "piperidin-4-one")
	if err != nil || !s.Resolved || c.Breaker() != BreakerClosed {
		t.Fatalf("after restart: %+v %v, breaker %v", s, err, c.Breaker())
	}
}
