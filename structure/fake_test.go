package structure

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
)

// fakeBackend answers from a function and counts calls.
type fakeBackend struct {
	calls atomic.Int64
	fn    func(ctx context.Context, req *wireRequest) (*wireResponse, error)
}

func (f *fakeBackend) resolve(ctx context.Context, req *wireRequest) (*wireResponse, error) {
	f.calls.Add(1)
	return f.fn(ctx, req)
}

// okBackend resolves every query to a fixed structure that matches every
// pattern sent.
func okBackend() *fakeBackend {
	return &fakeBackend{fn: func(_ context.Context, req *wireRequest) (*wireResponse, error) {
		resp := &wireResponse{}
		for range req.Queries {
			r := wireResult{Status: wireOK, SMILES: "C1=CC=C(C=C1)NC2CCNCC2", InChIKey: "XXXXXXXXXXXXXX-YYYYYYYYSA-N", Matches: []string{}}
			for _, p := range req.Patterns {
				r.Matches = append(r.Matches, p.ID)
			}
			resp.Results = append(resp.Results, r)
		}
		return resp, nil
	}}
}

// errBackend fails every request with err.
func errBackend(err error) *fakeBackend {
	return &fakeBackend{fn: func(context.Context, *wireRequest) (*wireResponse, error) { return nil, err }}
}

// blockingBackend waits for release or the request's context.
func blockingBackend(release <-chan struct{}) *fakeBackend {
	ok := okBackend()
	return &fakeBackend{fn: func(ctx context.Context, req *wireRequest) (*wireResponse, error) {
		select {
		case <-release:
			return ok.fn(ctx, req)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}}
}

var errBoom = errors.New("connection refused")

var testPatterns = []chemicals.FamilyPattern{
	{ID: "4-ap/core", Family: "4-ap", SMARTS: "c1ccccc1NC1CCNCC1", Meaning: "the 4-AP core"},
}

func testClient(b backend, cfg Config) (*Client, *Stats) {
	st := &Stats{}
	cfg.URL = "http://fake"
	cfg.Observer = st
	cfg = cfg.withDefaults()
	return newClient(cfg, b, testPatterns), st
}

// fakeClock is a settable time source for the breaker.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
