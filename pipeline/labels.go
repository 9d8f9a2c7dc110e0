package pipeline

import "github.com/prometheus/client_golang/prometheus"

// labelCache memoises the children of the labelled counters and
// histograms the delivery stage updates for every event, so the hot path
// does not hash label values (WithLabelValues) once per event and label.
// Label values are bounded sets (severities, stages, rule ids, families,
// methods), so the cache is too. It is owned by the delivery stage.
//
// A reload deletes series (a rule whose status changed or that is gone, a
// removed exception or family); a cached child of a deleted series is
// detached from its vector and its increments never reach /metrics. So a
// cache is built for one engine, ev, and rebuilt when the engine in use
// changes. The reloader updates the series before it makes a new engine
// current, so a cache built for the current engine holds live children.
type labelCache struct {
	m      *Metrics
	ev     evaluator         // the engine the cache was built for
	rules  map[string]string // ev's rule statuses
	stages map[string]prometheus.Observer
	scored map[string]prometheus.Counter // by severity
	alerts map[string]prometheus.Counter // by severity
	dead   map[string]prometheus.Counter // by reason
	hits   map[[2]string]prometheus.Counter
	errs   map[string]prometheus.Counter
	supps  map[string]prometheus.Counter
	fams   map[familyMethod]prometheus.Counter
	// candRules are the rule statuses of ev's candidate pack, nil without
	// one; pack holds the pack_* children by pack and label value.
	candRules map[string]string
	pack      map[packLabel]prometheus.Counter
}

// packLabel identifies a child of a pack_* counter.
type packLabel struct {
	vec        *prometheus.CounterVec
	pack, name string
}

// packCounter returns the child of vec for pack and one label value.
func (c *labelCache) packCounter(vec *prometheus.CounterVec, pack, v string) prometheus.Counter {
	k := packLabel{vec, pack, v}
	ctr, ok := c.pack[k]
	if !ok {
		ctr = vec.WithLabelValues(pack, v)
		c.pack[k] = ctr
	}
	return ctr
}

func newLabelCache(m *Metrics, ev evaluator) *labelCache {
	var rules, candRules map[string]string
	if ev != nil {
		rules = ev.info().Rules
		if c := ev.info().Candidate; c != nil {
			candRules = c.Rules
		}
	}
	return &labelCache{
		m: m, ev: ev, rules: rules, candRules: candRules, pack: map[packLabel]prometheus.Counter{},
		stages: map[string]prometheus.Observer{},
		scored: map[string]prometheus.Counter{}, alerts: map[string]prometheus.Counter{},
		dead: map[string]prometheus.Counter{}, hits: map[[2]string]prometheus.Counter{},
		errs: map[string]prometheus.Counter{}, supps: map[string]prometheus.Counter{},
		fams: map[familyMethod]prometheus.Counter{},
	}
}

// cache returns the loop's label cache (the delivery stage's) for its
// metrics and the engine in use, rebuilding it after a reload.
func (l *loop) cache() *labelCache {
	cur := l.current()
	if l.labels == nil || l.labels.m != l.metrics || l.labels.ev != cur {
		l.labels = newLabelCache(l.metrics, cur)
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
