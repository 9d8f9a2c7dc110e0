package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/structure"
)

// structureLogEvery is the least time between two log lines about an
// unavailable resolver: under traffic every manifest with a candidate span
// would otherwise log.
const structureLogEvery = 10 * time.Second

// structureStage looks up the structures of a manifest's items between
// enrichment and scoring (structure.Finder): only chemical-looking spans
// that no exact catalog match covers are asked, through one client with a
// cache, a timeout, a concurrency cap and a circuit breaker. Every engine
// the reloader installs shares it; a catalog with other family patterns
// sends them to the client (setCatalog).
//
// Failure never costs a manifest: a lookup that fails, or is still
// unanswered when the manifest's budget ends, leaves its item to be scored
// without a structure. Such spans are counted (structure_spans_total
// {result="unavailable"}) and logged at most once per structureLogEvery.
type structureStage struct {
	client  *structure.Client
	budget  time.Duration
	metrics *StructureMetrics
	log     *slog.Logger
	limit   rateLimit

	mu       sync.Mutex // serialises setCatalog
	patterns []chemicals.FamilyPattern
}

// newStructureStage returns the stage for cfg, or nil when the resolver is
// off. It logs which. A resolver is not contacted until the first lookup.
// The client reports to m and to extra (tests and benchmarks; may be nil).
func newStructureStage(cfg StructureConfig, m *StructureMetrics, extra structure.Observer, log *slog.Logger) (*structureStage, error) {
	if !cfg.Enabled() {
		m.Enabled.Set(0)
		log.Info("structure resolver off: items are scored by the catalog alone (set structure.url or structure.jar to turn it on)")
		return nil, nil
	}
	if cfg.URL == "" {
		return nil, errors.New("structure.jar: the resolver must be started before the pipeline (precursor run does) and structure.url set")
	}
	c, err := structure.New(structure.Config{
		URL: cfg.URL, Timeout: cfg.Timeout, MaxInFlight: cfg.MaxInFlight, CacheSize: cfg.CacheSize,
		Observer: structure.Observers(m, extra),
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("structure resolver: %w", err)
	}
	m.Enabled.Set(1)
	m.BreakerState.Set(float64(c.Breaker()))
	log.Info("structure resolver on", "url", cfg.URL, "timeout", cfg.Timeout, "budget", cfg.Budget,
		"cache_size", cfg.CacheSize, "max_in_flight", cfg.MaxInFlight)
	return &structureStage{client: c, budget: cfg.Budget, metrics: m, log: log, limit: rateLimit{every: structureLogEvery, now: time.Now}}, nil
}

// setCatalog sends the catalog's family patterns to the client, unless they
// are the ones it has (a rules-only reload keeps the cache).
func (s *structureStage) setCatalog(cat *chemicals.Catalog) {
	ps := cat.Patterns()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.patterns != nil && slices.EqualFunc(s.patterns, ps, samePattern) {
		return
	}
	s.patterns = ps
	s.client.SetPatterns(ps)
}

// samePattern compares what a resolver answer carries of a pattern.
func samePattern(a, b chemicals.FamilyPattern) bool {
	return a.ID == b.ID && a.Family == b.Family && a.SMARTS == b.SMARTS && a.Meaning == b.Meaning &&
		a.Legal == b.Legal && slices.Equal(a.Sources, b.Sources)
}

// find looks up the structures of m's items (en holds their catalog
// results) with the worker's finder, counts and logs what happened, and
// returns the findings for en.Structures (nil when nothing was asked).
func (s *structureStage) find(m *manifest.Manifest, en rules.Enrichment, f *structure.Finder) [][]structure.Finding {
	found, t := f.Find(context.Background(), s.client, itemTexts(m.Items).description, en.Items)
	if t.Sent+t.Skipped == 0 {
		return nil
	}
	s.metrics.count(t)
	if t.Unavailable > 0 {
		if ok, n := s.limit.allow(t.Unavailable); ok {
			s.log.Warn("structure resolver unavailable: items scored without their structures",
				"spans_since_last_log", n, "breaker", s.client.Breaker().String(), "err", t.Err)
		}
	}
	return found
}

// structureFamilies appends, for catalog_matches_total, the family of
// every pattern a found structure matched, with method "structure".
func structureFamilies(dst []familyMethod, found [][]structure.Finding) []familyMethod {
	for _, fs := range found {
		for _, f := range fs {
			for _, p := range f.Structure.Matches {
				dst = append(dst, familyMethod{p.Family, rules.MethodStructure})
			}
		}
	}
	return dst
}

// itemTexts gives Finder the descriptions of a manifest's items.
type itemTexts []manifest.Item

func (it itemTexts) description(i int) string { return it[i].Description }

// rateLimit lets one event through per interval and counts the rest.
type rateLimit struct {
	every  time.Duration
	now    func() time.Time
	last   atomic.Int64 // unix nanoseconds of the last event let through
	missed atomic.Int64 // counted since then
}

// allow adds n to the count and reports whether an event may be logged
// now, with the count since the last one.
func (r *rateLimit) allow(n int) (bool, int64) {
	r.missed.Add(int64(n))
	now, last := r.now().UnixNano(), r.last.Load()
	if last != 0 && now-last < int64(r.every) || !r.last.CompareAndSwap(last, now) {
		return false, 0
	}
	return true, r.missed.Swap(0)
}
