package pipeline

import (
	"time"

	"github.com/precursorwatch/precursor/structure"
	"github.com/prometheus/client_golang/prometheus"
)

// Result label values of structure_spans_total: what became of a
// chemical-looking span the catalog did not resolve.
const (
	spanResolved    = "resolved"    // the resolver read a structure
	spanUnparsed    = "unparsed"    // not a name the resolver reads
	spanUnavailable = "unavailable" // no answer in time: scored without it
	spanRefused     = "refused"     // not sendable (too long)
	spanSkipped     = "skipped"     // beyond the per-manifest span limit
)

var spanResults = []string{spanResolved, spanUnparsed, spanUnavailable, spanRefused, spanSkipped}

// StructureMetrics are the structure resolver's metrics. They are
// registered whether or not the resolver is on (enabled says which), so
// dashboards and alerts always find them. The client reports to them as its
// structure.Observer.
type StructureMetrics struct {
	Enabled         prometheus.Gauge
	Lookups         *prometheus.CounterVec // cached
	Requests        *prometheus.CounterVec // outcome
	RequestDuration prometheus.Histogram
	BreakerState    prometheus.Gauge
	Spans           *prometheus.CounterVec // result

	// children resolved once: the observer runs on every lookup
	hit, miss prometheus.Counter
	outcomes  map[structure.Outcome]prometheus.Counter
	spans     [5]prometheus.Counter // indexed like spanResults
}

func newStructureMetrics(r registrar) *StructureMetrics {
	m := &StructureMetrics{
		Enabled: r.gauge("structure_resolver_enabled", "1 when the structure resolver is configured, else 0."),
		Lookups: r.counterVec("structure_lookups_total",
			"Structure lookups of item names the catalog did not resolve, by whether the cache answered (or a request in flight for the same name).", "cached"),
		Requests: r.counterVec("structure_requests_total",
			"Lookups not answered by the cache, by outcome: resolved, unparsed (not a name), timeout, error, rejected (breaker open or too many in flight; no request made).", "outcome"),
		RequestDuration: r.histogram("structure_request_duration_seconds",
			"Time of resolver requests (rejected lookups excluded).", []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2}),
		BreakerState: r.gauge("structure_breaker_state", "State of the resolver circuit breaker: 0 closed, 1 half-open, 2 open."),
		Spans: r.counterVec("structure_spans_total",
			"Chemical-looking item spans the catalog did not resolve, by result: resolved, unparsed, unavailable (scored without a structure), refused, skipped (over the per-manifest limit).", "result"),
	}
	m.hit, m.miss = m.Lookups.WithLabelValues("true"), m.Lookups.WithLabelValues("false")
	m.outcomes = map[structure.Outcome]prometheus.Counter{}
	for _, o := range structure.Outcomes {
		m.outcomes[o] = m.Requests.WithLabelValues(string(o))
	}
	for i, res := range spanResults {
		m.spans[i] = m.Spans.WithLabelValues(res)
	}
	return m
}

// Lookup implements structure.Observer.
func (m *StructureMetrics) Lookup(cached bool) {
	if cached {
		m.hit.Inc()
	} else {
		m.miss.Inc()
	}
}

// Request implements structure.Observer.
func (m *StructureMetrics) Request(o structure.Outcome, elapsed time.Duration) {
	if c := m.outcomes[o]; c != nil {
		c.Inc()
	}
	if o != structure.OutcomeRejected {
		m.RequestDuration.Observe(elapsed.Seconds())
	}
}

// Breaker implements structure.Observer.
func (m *StructureMetrics) Breaker(s structure.BreakerState) { m.BreakerState.Set(float64(s)) }

// count adds what one manifest's lookups did.
func (m *StructureMetrics) count(t structure.Tally) {
	for i, n := range [...]int{t.Resolved, t.Unparsed, t.Unavailable, t.Refused, t.Skipped} {
		if n > 0 {
			m.spans[i].Add(float64(n))
		}
	}
}
