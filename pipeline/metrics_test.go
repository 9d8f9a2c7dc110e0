package pipeline

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// contractMetrics is the shared metric contract, names exact.
var contractMetrics = []string{
	"precursor_manifests_consumed_total",
	"precursor_dead_letters_total",
	"precursor_alerts_emitted_total",
	"precursor_shipments_scored_total",
	"precursor_rule_hits_total",
	"precursor_exception_suppressions_total",
	"precursor_rule_errors_total",
	"precursor_catalog_matches_total",
	"precursor_shipment_score",
	"precursor_stage_duration_seconds",
	"precursor_event_age_seconds",
	"precursor_consumer_lag_messages",
	"precursor_partition_lag_messages",
	"precursor_kafka_messages_fetched_total",
	"precursor_kafka_bytes_fetched_total",
	"precursor_kafka_fetches_total",
	"precursor_commits_total",
	"precursor_fetch_errors_total",
	"precursor_write_errors_total",
	"precursor_rebalances_total",
	"precursor_reloads_total",
	"precursor_last_reload_successful",
	"precursor_last_reload_success_timestamp_seconds",
	"precursor_ruleset_info",
	"precursor_catalog_info",
	"precursor_build_info",
	"precursor_ready",
	"go_goroutines",
	"process_cpu_seconds_total",
}

// contractLabels are the label names of the labelled metrics.
var contractLabels = map[string][]string{
	"precursor_dead_letters_total":           {"reason"},
	"precursor_alerts_emitted_total":         {"severity"},
	"precursor_shipments_scored_total":       {"severity"},
	"precursor_rule_hits_total":              {"rule", "status"},
	"precursor_exception_suppressions_total": {"exception"},
	"precursor_rule_errors_total":            {"rule"},
	"precursor_catalog_matches_total":        {"family", "method"},
	"precursor_stage_duration_seconds":       {"stage"},
	"precursor_partition_lag_messages":       {"topic", "partition"},
	"precursor_write_errors_total":           {"sink"},
	"precursor_reloads_total":                {"result"},
	"precursor_ruleset_info":                 {"name", "version", "hash"},
	"precursor_catalog_info":                 {"version", "hash"},
	"precursor_build_info":                   {"version", "revision", "goversion"},
}

func TestNewMetricsRegistersContract(t *testing.T) {
	ch := make(chan *prometheus.Desc, 500)
	collectDescs(ch)
	descs := map[string]string{}
	for d := range ch {
		s := d.String()
		name := between(s, `fqName: "`, `"`)
		descs[name] = s
	}
	for _, name := range contractMetrics {
		s, ok := descs[name]
		if !ok {
			t.Errorf("metric %s not registered", name)
			continue
		}
		labels := between(s, "variableLabels: {", "}")
		if want := strings.Join(contractLabels[name], ","); labels != want {
			t.Errorf("%s labels = {%s}, want {%s}", name, labels, want)
		}
	}
}

// A second NewMetrics on the same registry (two pipelines in one process)
// shares the collectors instead of panicking.
func TestNewMetricsTwiceSharesCollectors(t *testing.T) {
	reg := prometheus.NewRegistry()
	a, b := NewMetrics(reg), NewMetrics(reg)
	a.Consumed.Inc()
	b.Consumed.Inc()
	if got := metricValue(a.Consumed); got != 2 {
		t.Errorf("shared counter = %v, want 2", got)
	}
}

// recordingRegisterer remembers what was registered, so the test can
// describe exactly the collectors NewMetrics registered.
type recordingRegisterer struct {
	*prometheus.Registry
	cs []prometheus.Collector
}

func (r *recordingRegisterer) Register(c prometheus.Collector) error {
	r.cs = append(r.cs, c)
	return r.Registry.Register(c)
}

func collectDescs(ch chan *prometheus.Desc) {
	rr := &recordingRegisterer{Registry: prometheus.NewRegistry()}
	NewMetrics(rr)
	for _, c := range rr.cs {
		c.Describe(ch)
	}
	close(ch)
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// checkMetricTotals checks the counters after an end-to-end run.
func checkMetricTotals(t *testing.T, g prometheus.Gatherer, consumed, alerts, dead int) {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	sum := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.Metric {
			switch {
			case m.Counter != nil:
				sum[mf.GetName()] += m.Counter.GetValue()
			case m.Gauge != nil:
				sum[mf.GetName()] += m.Gauge.GetValue()
			}
		}
	}
	for name, want := range map[string]float64{
		"precursor_manifests_consumed_total": float64(consumed),
		"precursor_alerts_emitted_total":     float64(alerts),
		"precursor_dead_letters_total":       float64(dead),
		"precursor_shipments_scored_total":   float64(consumed - dead),
		"precursor_last_reload_successful":   1,
	} {
		if sum[name] != want {
			t.Errorf("%s = %v, want %v", name, sum[name], want)
		}
	}
	if sum["precursor_kafka_messages_fetched_total"] < float64(consumed) {
		t.Errorf("kafka_messages_fetched_total = %v, want >= %d", sum["precursor_kafka_messages_fetched_total"], consumed)
	}
}
