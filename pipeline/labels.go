package pipeline

import "github.com/prometheus/client_golang/prometheus"

// labelCache memoises the children of the labelled counters and
// histograms the delivery stage updates for every event, so the hot path
// does not hash label values (WithLabelValues) once per event and label.
// Label values are bounded sets (severities, stages, rule ids, families,
// methods), so the cache is too. It is owned by the delivery stage.
type labelCache struct {
	m      *Metrics
	stages map[string]prometheus.Observer
	scored map[string]prometheus.Counter // by severity
	alerts map[string]prometheus.Counter // by severity
	dead   map[string]prometheus.Counter // by reason
	hits   map[[2]string]prometheus.Counter
	errs   map[string]prometheus.Counter
	supps  map[string]prometheus.Counter
	fams   map[familyMethod]prometheus.Counter
}

func newLabelCache(m *Metrics) *labelCache {
	return &labelCache{
		m:      m,
		stages: map[string]prometheus.Observer{},
		scored: map[string]prometheus.Counter{}, alerts: map[string]prometheus.Counter{},
		dead: map[string]prometheus.Counter{}, hits: map[[2]string]prometheus.Counter{},
		errs: map[string]prometheus.Counter{}, supps: map[string]prometheus.Counter{},
		fams: map[familyMethod]prometheus.Counter{},
	}
}

// cache returns the loop's label cache for its metrics (the delivery
// stage's).
func (l *loop) cache() *labelCache {
	if l.labels == nil || l.labels.m != l.metrics {
		l.labels = newLabelCache(l.metrics)
	}
	return l.labels
}

// counter1 returns vec's child for one label value, from cache.
func counter1(cache map[string]prometheus.Counter, vec *prometheus.CounterVec, v string) prometheus.Counter {
	c, ok := cache[v]
	if !ok {
		c = vec.WithLabelValues(v)
		cache[v] = c
	}
	return c
}

func (c *labelCache) stage(s string) prometheus.Observer {
	o, ok := c.stages[s]
	if !ok {
		o = c.m.StageDuration.WithLabelValues(s)
		c.stages[s] = o
	}
	return o
}

func (c *labelCache) ruleHit(rule, status string) prometheus.Counter {
	k := [2]string{rule, status}
	h, ok := c.hits[k]
	if !ok {
		h = c.m.RuleHits.WithLabelValues(rule, status)
		c.hits[k] = h
	}
	return h
}

func (c *labelCache) catalogMatch(fm familyMethod) prometheus.Counter {
	h, ok := c.fams[fm]
	if !ok {
		h = c.m.CatalogMatches.WithLabelValues(fm.family, fm.method)
		c.fams[fm] = h
	}
	return h
}
