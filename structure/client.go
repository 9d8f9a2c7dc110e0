package structure

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
)

// Sentinel errors of Resolve. Callers score the item without a structure in
// every case; they differ only in what to count and log.
var (
	// ErrUnavailable means the resolver could not answer now: it is down,
	// slow, crashing, overloaded, or the breaker is open. Nothing is cached;
	// a later call may succeed.
	ErrUnavailable = errors.New("structure resolver unavailable")
	// ErrRefused means the text cannot be sent (empty or longer than
	// MaxQueryLen); asking again will not help.
	ErrRefused = errors.New("structure query refused")
)

// MaxQueryLen is the longest query text sent, as the resolver's own limit.
const MaxQueryLen = 300

// Structure is what the resolver made of a query text.
type Structure struct {
	// Query is the normalised text that was resolved (the cache key).
	Query string
	// Resolved is false when the text is not a name the resolver reads;
	// the other fields are then empty.
	Resolved bool
	SMILES   string // canonical isomeric SMILES
	InChI    string // standard InChI ("" if InChI refused the structure)
	InChIKey string // standard InChIKey ("" likewise)
	Formula  string // molecular formula, Hill order
	// Matches are the family patterns the structure contains, in catalog
	// order (families sorted by id). Shared: do not modify.
	Matches []chemicals.FamilyPattern
}

// Config configures a Client. The zero value of each optional field means
// its default.
type Config struct {
	// URL is the resolver's base URL, e.g. "http://127.0.0.1:8795". Required.
	URL string
	// Timeout bounds each Resolve call that reaches the resolver, including
	// waiting for a free slot (default 1s).
	Timeout time.Duration
	// MaxInFlight is the number of concurrent resolver requests (default 4).
	MaxInFlight int
	// CacheSize is the number of answers kept (default 10000).
	CacheSize int
	// BreakerFailures is the number of consecutive failures that open the
	// breaker (default 5).
	BreakerFailures int
	// BreakerCooldown is how long the breaker stays open before one probe
	// request is let through (default 10s).
	BreakerCooldown time.Duration
	// Observer receives lookups, request outcomes and breaker changes
	// (default: none).
	Observer Observer
}

// Validate checks the configuration without side effects.
func (c Config) Validate() error {
	switch {
	case c.URL == "":
		return errors.New("structure client: URL is required")
	case c.Timeout < 0, c.MaxInFlight < 0, c.CacheSize < 0, c.BreakerFailures < 0, c.BreakerCooldown < 0:
		return errors.New("structure client: negative limit")
	}
	return nil
}

func (c Config) withDefaults() Config {
	if c.Timeout == 0 {
		c.Timeout = time.Second
	}
	if c.MaxInFlight == 0 {
		c.MaxInFlight = 4
	}
	if c.CacheSize == 0 {
		c.CacheSize = 10000
	}
	if c.BreakerFailures == 0 {
		c.BreakerFailures = 5
	}
	if c.BreakerCooldown == 0 {
		c.BreakerCooldown = 10 * time.Second
	}
	return c
}

// Client resolves query texts through the resolver. It is safe for
// concurrent use.
type Client struct {
	cfg     Config
	backend backend
	obs     Observer
	breaker *breaker
	slots   chan struct{}
	// state holds the pattern set and the cache that belongs to it; both are
	// replaced together by SetPatterns.
	state atomic.Pointer[clientState]
}

type clientState struct {
	patterns []chemicals.FamilyPattern
	wire     []wirePattern
	byID     map[string]*chemicals.FamilyPattern
	cache    *cache
}

// New returns a client for the resolver at cfg.URL that tests every
// structure against patterns (usually Catalog.Patterns()).
func New(cfg Config, patterns []chemicals.FamilyPattern) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	return newClient(cfg, newHTTPBackend(cfg.URL, cfg.MaxInFlight), patterns), nil
}

func newClient(cfg Config, b backend, patterns []chemicals.FamilyPattern) *Client {
	obs := cfg.Observer
	if obs == nil {
		obs = observers(nil)
	}
	c := &Client{cfg: cfg, backend: b, obs: obs, slots: make(chan struct{}, cfg.MaxInFlight)}
	c.breaker = &breaker{threshold: cfg.BreakerFailures, cooldown: cfg.BreakerCooldown, now: time.Now, onChange: obs.Breaker}
	c.SetPatterns(patterns)
	return c
}

// SetPatterns replaces the pattern set (after a catalog reload). Answers
// cached for the old set are dropped with it.
func (c *Client) SetPatterns(patterns []chemicals.FamilyPattern) {
	st := &clientState{
		patterns: append([]chemicals.FamilyPattern(nil), patterns...),
		byID:     make(map[string]*chemicals.FamilyPattern, len(patterns)),
		cache:    newCache(c.cfg.CacheSize),
	}
	for i := range st.patterns {
		p := &st.patterns[i]
		st.wire = append(st.wire, wirePattern{ID: p.ID, SMARTS: p.SMARTS})
		st.byID[p.ID] = p
	}
	c.state.Store(st)
}

// Breaker returns the breaker's current state.
func (c *Client) Breaker() BreakerState { return c.breaker.current() }

// Resolve returns the structure of text (an item span, usually from
// Candidates). Text is normalised first (Normalize); equal normal forms share
// one cache entry and one request in flight. A text that is not a chemical
// name is a definitive answer (Resolved false, nil error). Errors wrap
// ErrUnavailable (try again later) or ErrRefused, or are the context's.
func (c *Client) Resolve(ctx context.Context, text string) (*Structure, error) {
	key := Normalize(text)
	if key == "" || len(key) > MaxQueryLen {
		return nil, fmt.Errorf("%w: length %d outside 1..%d", ErrRefused, len(key), MaxQueryLen)
	}
	st := c.state.Load()
	counted := false // Lookup is reported once per call
	lookup := func(cached bool) {
		if !counted {
			c.obs.Lookup(cached)
			counted = true
		}
	}
	for {
		s, f, leader := st.cache.get(key)
		if s != nil {
			lookup(true)
			return s, nil
		}
		if leader {
			lookup(false)
			s, err := c.request(ctx, st, key)
			st.cache.finish(key, f, s, err)
			return s, err
		}
		lookup(true) // shares a request in flight
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if errors.Is(f.err, context.Canceled) && ctx.Err() == nil {
			continue // the leader's caller gave up, not the resolver: ask again
		}
		return f.res, f.err
	}
}

// request makes one resolver round trip for key, under the breaker, the
// concurrency limit and the timeout.
func (c *Client) request(ctx context.Context, st *clientState, key string) (*Structure, error) {
	if !c.breaker.allow() {
		c.obs.Request(OutcomeRejected, 0)
		return nil, fmt.Errorf("%w: breaker open", ErrUnavailable)
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	start := time.Now()
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		c.breaker.release()
		c.obs.Request(OutcomeRejected, 0)
		return nil, fmt.Errorf("%w: %d requests in flight: %v", ErrUnavailable, cap(c.slots), ctx.Err())
	}
	resp, err := c.backend.resolve(ctx, &wireRequest{Queries: []wireQuery{{Name: key}}, Patterns: st.wire})
	<-c.slots
	elapsed := time.Since(start)
	if err != nil {
		return nil, c.failed(ctx, err, elapsed)
	}
	r := resp.Results[0]
	switch r.Status {
	case wireOK:
		c.breaker.success()
		c.obs.Request(OutcomeResolved, elapsed)
		return st.structure(key, r), nil
	case wireUnparsed, wireInvalid, wireFailed:
		c.breaker.success()
		c.obs.Request(OutcomeUnparsed, elapsed)
		return &Structure{Query: key}, nil
	default: // wireTimeout or an unknown status: the resolver could not answer now
		c.breaker.failure()
		c.obs.Request(OutcomeTimeout, elapsed)
		return nil, fmt.Errorf("%w: resolver %s: %s", ErrUnavailable, r.Status, r.Error)
	}
}

// failed classifies a failed round trip. A caller that gave up (its own
// context, not the client timeout) proves nothing about the resolver.
func (c *Client) failed(ctx context.Context, err error, elapsed time.Duration) error {
	var se *statusError
	var ne net.Error
	switch {
	case ctx.Err() != nil && context.Cause(ctx) == context.Canceled:
		c.breaker.release()
		c.obs.Request(OutcomeError, elapsed)
		return err
	case ctx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()):
		c.breaker.failure()
		c.obs.Request(OutcomeTimeout, elapsed)
		return fmt.Errorf("%w: timeout after %v: %v", ErrUnavailable, elapsed.Round(time.Millisecond), err)
	case errors.As(err, &se) && se.code == 400:
		c.breaker.success()
		c.obs.Request(OutcomeError, elapsed)
		return fmt.Errorf("%w: %v", ErrRefused, err)
	default:
		c.breaker.failure()
		c.obs.Request(OutcomeError, elapsed)
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
}

// structure converts a resolver result, mapping pattern ids back to the
// catalog's patterns (ids the client did not send are ignored).
func (st *clientState) structure(key string, r wireResult) *Structure {
	s := &Structure{Query: key, Resolved: true, SMILES: r.SMILES, InChI: r.InChI, InChIKey: r.InChIKey, Formula: r.Formula}
	for _, id := range r.Matches {
		if p := st.byID[id]; p != nil {
			s.Matches = append(s.Matches, *p)
		}
	}
	return s
}
