package pipeline

import (
	"errors"
	"runtime"
	"runtime/debug"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

const namespace = "precursor"

// Stage label values of stage_duration_seconds.
const (
	stageDecode = "decode"
	stageEnrich = "enrich"
	stageScore  = "score"
	stageWrite  = "write"
	stageCommit = "commit"
)

// Output names (see output), the sink label values of write_errors_total.
const (
	sinkAlerts      = "alerts"
	sinkDeadLetters = "dead_letters"
)

// latencyBuckets are the end_to_end_latency_seconds buckets: 0.5 ms to
// 2 minutes, each about 1.5 times the last, fine enough to read a median
// and a 99th percentile from.
var latencyBuckets = prometheus.ExponentialBucketsRange(0.0005, 120, 32)

// Metrics holds every metric of the service. All label values are bounded:
// severities, stages, sinks and reload results are fixed sets, dead-letter
// reasons come from manifest.KindOf, rule and exception ids from the loaded
// rule set, families from the loaded catalog and list ids from the
// configured party lists.
type Metrics struct {
	Consumed        prometheus.Counter
	DeadLetters     *prometheus.CounterVec // reason
	AlertsEmitted   *prometheus.CounterVec // severity
	Scored          *prometheus.CounterVec // severity
	RuleHits        *prometheus.CounterVec // rule, status
	Suppressions    *prometheus.CounterVec // exception
	RuleErrors      *prometheus.CounterVec // rule
	CatalogMatches  *prometheus.CounterVec // family, method
	ShipmentScore   prometheus.Histogram
	StageDuration   *prometheus.HistogramVec // stage
	EventAge        prometheus.Histogram
	EndToEndLatency prometheus.Histogram
	ConsumerLag     prometheus.Gauge
	PartitionLag    *prometheus.GaugeVec // topic, partition
	MessagesFetched prometheus.Counter
	BytesFetched    prometheus.Counter
	Fetches         prometheus.Counter
	Commits         prometheus.Counter
	FetchErrors     prometheus.Counter
	WriteErrors     *prometheus.CounterVec // sink
	Rebalances      prometheus.Counter
	Reloads         *prometheus.CounterVec // result
	LastReloadOK    prometheus.Gauge
	LastReloadTime  prometheus.Gauge
	RulesetInfo     *prometheus.GaugeVec // name, version, hash
	CatalogInfo     *prometheus.GaugeVec // version, hash
	BuildInfo       *prometheus.GaugeVec // version, revision, goversion
	Ready           prometheus.Gauge
	PartyLists      listMetrics // lists_metrics.go

	// With a candidate rule pack, the pack_* metrics count both packs
	// side by side (pack="live" or "candidate").
	PackInfo         *prometheus.GaugeVec   // pack, name, version, hash
	PackScored       *prometheus.CounterVec // pack, severity
	PackAlerts       *prometheus.CounterVec // pack, severity
	PackRuleHits     *prometheus.CounterVec // pack, rule
	CandidateDropped prometheus.Counter
	// Structure are the structure resolver's metrics (structure_metrics.go).
	Structure *StructureMetrics
	// EvalStopped, Stalled and LastProgress watch for work that does
	// not end: budget.go of rules, stall.go.
	EvalStopped  prometheus.Counter
	Stalled      prometheus.Gauge
	LastProgress prometheus.Gauge
}

// Pack label values of the pack_* metrics.
const (
	packLive      = "live"
	packCandidate = "candidate"
)

// NewMetrics builds and registers every metric of the shared contract, plus
// the Go and process collectors. A nil reg registers nothing. When a metric
// is already registered with reg (two pipelines in one process), the
// existing collector is shared instead.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	r := registrar{reg: reg}
	m := &Metrics{
		Consumed:         r.counter("manifests_consumed_total", "Manifest events fetched from the input topic and processed."),
		DeadLetters:      r.counterVec("dead_letters_total", "Events written to the dead-letter topic, by reason.", "reason"),
		AlertsEmitted:    r.counterVec("alerts_emitted_total", "Alerts written to the alert topic, by severity.", "severity"),
		Scored:           r.counterVec("shipments_scored_total", "Manifests scored, by resulting severity.", "severity"),
		RuleHits:         r.counterVec("rule_hits_total", "Rule hits, by rule id and rule status.", "rule", "status"),
		Suppressions:     r.counterVec("exception_suppressions_total", "Hits suppressed by an exception, by exception id.", "exception"),
		RuleErrors:       r.counterVec("rule_errors_total", "Rule evaluation errors, by rule id.", "rule"),
		CatalogMatches:   r.counterVec("catalog_matches_total", "Catalog matches in line items, by chemical family and match method.", "family", "method"),
		ShipmentScore:    r.histogram("shipment_score", "Risk score of scored manifests.", []float64{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}),
		StageDuration:    r.histogramVec("stage_duration_seconds", "Time spent per stage: decode, enrich, score (per event, one in "+strconv.Itoa(stageSampleEvery)+" sampled), write, commit (per batch).", prometheus.ExponentialBuckets(1e-6, 4, 12), "stage"),
		EventAge:         r.histogram("event_age_seconds", "Time from a manifest's event_time to its alert being written.", prometheus.ExponentialBuckets(0.01, 4, 12)),
		EndToEndLatency:  r.histogram("end_to_end_latency_seconds", "Time from an input event's Kafka record timestamp to every output having acknowledged its results (alert or dead letter; an event without results counts when its batch is acknowledged).", latencyBuckets),
		ConsumerLag:      r.gauge("consumer_lag_messages", "Messages of the input topic not yet committed by the group (sum over partitions)."),
		PartitionLag:     r.gaugeVec("partition_lag_messages", "Messages not yet committed by the group, per input partition.", "topic", "partition"),
		MessagesFetched:  r.counter("kafka_messages_fetched_total", "Messages fetched by the Kafka reader."),
		BytesFetched:     r.counter("kafka_bytes_fetched_total", "Bytes fetched by the Kafka reader."),
		Fetches:          r.counter("kafka_fetches_total", "Fetch requests made by the Kafka reader."),
		Commits:          r.counter("commits_total", "Successful offset commits (one per batch, or per run of batches acknowledged while the previous commit was in flight)."),
		FetchErrors:      r.counter("fetch_errors_total", "Errors fetching from Kafka (including failed group joins)."),
		WriteErrors:      r.counterVec("write_errors_total", "Failed write attempts, by sink; each is retried with backoff.", "sink"),
		Rebalances:       r.counter("rebalances_total", "Consumer group generations joined."),
		Reloads:          r.counterVec("reloads_total", "Rules and catalog reloads, by result.", "result"),
		LastReloadOK:     r.gauge("last_reload_successful", "1 when the last reload attempt succeeded, else 0."),
		LastReloadTime:   r.gauge("last_reload_success_timestamp_seconds", "Unix time of the last successful (re)load."),
		RulesetInfo:      r.gaugeVec("ruleset_info", "The rule set in use (value 1).", "name", "version", "hash"),
		CatalogInfo:      r.gaugeVec("catalog_info", "The catalog in use (value 1).", "version", "hash"),
		BuildInfo:        r.gaugeVec("build_info", "Build information (value 1).", "version", "revision", "goversion"),
		Ready:            r.gauge("ready", "1 when the pipeline has joined its group with rules loaded (what /readyz reports)."),
		PackInfo:         r.gaugeVec("pack_info", "The live and the candidate rule pack in use (value 1), with a candidate pack.", "pack", "name", "version", "hash"),
		PackScored:       r.counterVec("pack_shipments_scored_total", "Manifests scored by each rule pack (live, candidate), by severity; with a candidate pack.", "pack", "severity"),
		PackAlerts:       r.counterVec("pack_alerts_total", "Alerts written by each rule pack (live to the alert topic, candidate to the candidate alert topic), by severity; with a candidate pack.", "pack", "severity"),
		PackRuleHits:     r.counterVec("pack_rule_hits_total", "Rule hits (active and shadow) by rule pack and rule id; with a candidate pack.", "pack", "rule"),
		CandidateDropped: r.counter("candidate_alerts_dropped_total", "Candidate alerts left out because the candidate alert topic refused them as too large even in minimal form."),
		Structure:        newStructureMetrics(r),
		EvalStopped: r.counter("rule_evaluations_stopped_total",
			"Rule and exception evaluations stopped by the run-time budget (steps or the per-event eval_timeout); each is also a rule error."),
		Stalled: r.gauge("stalled",
			"1 while the loop has committed nothing for stall_timeout although the group lag is positive (/healthz then fails)."),
		LastProgress: r.gauge("last_progress_timestamp_seconds",
			"Unix time the loop last made progress: committed a batch, or had nothing to do."),
	}
	m.PartyLists = newListMetrics(r)
	for _, s := range []string{sinkAlerts, sinkDeadLetters} {
		m.WriteErrors.WithLabelValues(s)
	}
	for _, res := range []string{reloadSuccess, reloadFailure} {
		m.Reloads.WithLabelValues(res)
	}
	for _, st := range []string{stageDecode, stageEnrich, stageScore, stageWrite, stageCommit} {
		m.StageDuration.WithLabelValues(st)
	}
	m.BuildInfo.WithLabelValues(buildInfo()).Set(1)
	r.register(collectors.NewGoCollector())
	r.register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// buildInfo returns version, revision and Go version from the binary.
func buildInfo() (version, revision, goversion string) {
	version, revision, goversion = "(devel)", "unknown", runtime.Version()
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	if bi.Main.Version != "" {
		version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			revision = s.Value
		}
	}
	return
}

// registrar registers collectors, reusing one that is already registered.
type registrar struct{ reg prometheus.Registerer }

// register registers c and returns the collector to use: c, or the one
// registered before under the same descriptor.
func (r registrar) register(c prometheus.Collector) prometheus.Collector {
	if r.reg == nil {
		return c
	}
	if err := r.reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			return are.ExistingCollector
		}
		// A conflicting descriptor (same name, other labels) is a bug in the
		// caller's registry; the metric then works but is not exported.
	}
	return c
}

func (r registrar) counter(name, help string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Namespace: namespace, Name: name, Help: help})
	return r.register(c).(prometheus.Counter)
}

func (r registrar) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: name, Help: help}, labels)
	return r.register(c).(*prometheus.CounterVec)
}

func (r registrar) gauge(name, help string) prometheus.Gauge {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: name, Help: help})
	return r.register(g).(prometheus.Gauge)
}

func (r registrar) gaugeVec(name, help string, labels ...string) *prometheus.GaugeVec {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: namespace, Name: name, Help: help}, labels)
	return r.register(g).(*prometheus.GaugeVec)
}

func (r registrar) histogram(name, help string, buckets []float64) prometheus.Histogram {
	h := prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: namespace, Name: name, Help: help, Buckets: buckets})
	return r.register(h).(prometheus.Histogram)
}

func (r registrar) histogramVec(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: name, Help: help, Buckets: buckets}, labels)
	return r.register(h).(*prometheus.HistogramVec)
}
