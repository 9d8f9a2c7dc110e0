package console

import (
	"context"
	"sync"
	"time"

	"github.com/precursorwatch/precursor/console/disposition"
	"github.com/prometheus/client_golang/prometheus"
)

// maxRuleSeries bounds the rules the precision metrics report: rule ids
// come from the dispositions topic, which any console can write.
const maxRuleSeries = 500

// tallyMaxAge is how long a scrape reuses the last tally of the store.
const tallyMaxAge = 10 * time.Second

// Metrics are the console's Prometheus metrics.
type Metrics struct {
	records  *prometheus.CounterVec
	recorded *prometheus.CounterVec
	rules    *ruleCollector
}

// NewMetrics registers the console's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		records: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "precursor_console_records_total",
			Help: "Records read from the alert and dispositions topics, by topic and result (stored, duplicate, superseded, invalid).",
		}, []string{"topic", "result"}),
		recorded: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "precursor_console_dispositions_recorded_total",
			Help: "Dispositions recorded by analysts on this console, by disposition.",
		}, []string{"disposition"}),
		rules: &ruleCollector{
			precision: prometheus.NewDesc("precursor_console_rule_precision",
				"Share of a rule's decided alerts that analysts confirmed (confirmed / (confirmed + false positive + legitimate trade)), by rule and status (active or shadow), from the latest disposition of every alert.",
				[]string{"rule", "status"}, nil),
			decided: prometheus.NewDesc("precursor_console_rule_dispositions",
				"Alerts of a rule by their latest disposition, by rule, status (active or shadow) and disposition.",
				[]string{"rule", "status", "disposition"}, nil),
		},
	}
	for _, t := range []string{"alerts", "dispositions"} {
		for _, r := range []string{"stored", "duplicate", "superseded", "invalid"} {
			m.records.WithLabelValues(t, r)
		}
	}
	for _, o := range disposition.Outcomes {
		m.recorded.WithLabelValues(string(o))
	}
	reg.MustRegister(m.records, m.recorded, m.rules)
	return m
}

// ruleCollector reports per-rule dispositions and precision from the
// store at scrape time (cached for tallyMaxAge).
type ruleCollector struct {
	precision, decided *prometheus.Desc

	mu     sync.Mutex
	source func(context.Context) (*disposition.Tally, error)
	cached []disposition.RuleStats
	at     time.Time
}

func (c *ruleCollector) setSource(f func(context.Context) (*disposition.Tally, error)) {
	c.mu.Lock()
	c.source = f
	c.mu.Unlock()
}

func (c *ruleCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.precision
	ch <- c.decided
}

func (c *ruleCollector) Collect(ch chan<- prometheus.Metric) {
	for _, s := range c.stats() {
		status := "active"
		if s.Shadow {
			status = "shadow"
		}
		for _, o := range disposition.Outcomes {
			ch <- prometheus.MustNewConstMetric(c.decided, prometheus.GaugeValue, float64(s.Counts[o]), s.Rule, status, string(o))
		}
		if p, ok := s.Precision(); ok {
			ch <- prometheus.MustNewConstMetric(c.precision, prometheus.GaugeValue, p, s.Rule, status)
		}
	}
}

func (c *ruleCollector) stats() []disposition.RuleStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.source == nil || time.Since(c.at) < tallyMaxAge {
		return c.cached
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	t, err := c.source(ctx)
	if err != nil {
		return c.cached
	}
	rs := t.Rules()
	if len(rs) > maxRuleSeries {
		rs = rs[:maxRuleSeries]
	}
	c.cached, c.at = rs, time.Now()
	return rs
}

// invalidate makes the next scrape read the store again.
func (c *ruleCollector) invalidate() {
	c.mu.Lock()
	c.at = time.Time{}
	c.mu.Unlock()
}
