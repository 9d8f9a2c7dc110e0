package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"
)

// seriesValue is the value of the series of name with labels, and whether
// the registry has it.
func seriesValue(t *testing.T, g prometheus.Gatherer, name string, labels map[string]string) (float64, bool) {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	next:
		for _, m := range mf.GetMetric() {
			if len(m.GetLabel()) != len(labels) {
				continue
			}
			for _, lp := range m.GetLabel() {
				if labels[lp.GetName()] != lp.GetValue() {
					continue next
				}
			}
			return m.GetCounter().GetValue(), true
		}
	}
	return 0, false
}

// A reload deletes the series of a rule whose status changed; the loop's
// label cache must not keep counting into the deleted (detached) series.
// R1 goes active -> shadow -> active: the second active series is a new
// one, and the hits after the last reload must reach it.
func TestLabelCacheFollowsReloads(t *testing.T) {
	statuses := []string{"active", "shadow", "active"}
	step := 0
	reg := prometheus.NewRegistry()
	r := &reloader{
		load:    func() (evaluator, error) { return &fakeEvaluator{version: "1", statusR1: statuses[step]}, nil },
		metrics: NewMetrics(reg), log: slog.New(slog.DiscardHandler), now: time.Now,
	}
	if err := r.reload(); err != nil {
		t.Fatal(err)
	}
	l := newTestLoop(t, &memSource{}, &memSink{}, &memSink{}, nil)
	l.metrics, l.current = r.metrics, r.current
	offset := int64(0)
	deliver := func() {
		t.Helper()
		v := fmt.Appendf(nil, `{"shipment_id":"S%d","risky":true,"fail":true}`, offset)
		b := &batch{records: records{msgs: []kafka.Message{{Topic: "in", Offset: offset, Value: v}}}}
		offset++
		if err := l.process(context.Background(), b); err != nil {
			t.Fatal(err)
		}
	}
	hits := func(status string) (float64, bool) {
		return seriesValue(t, reg, "precursor_rule_hits_total", map[string]string{"rule": "R1", "status": status})
	}
	errs := func() float64 {
		v, _ := seriesValue(t, reg, "precursor_rule_errors_total", map[string]string{"rule": "R1"})
		return v
	}

	deliver()
	if v, _ := hits("active"); v != 1 || errs() != 1 {
		t.Fatalf("before any reload: hits{active} %v, errors %v; want 1, 1", v, errs())
	}
	step = 1
	if err := r.reload(); err != nil {
		t.Fatal(err)
	}
	deliver()
	if v, _ := hits("shadow"); v != 1 {
		t.Errorf("after active->shadow: hits{shadow} = %v, want 1", v)
	}
	if _, ok := hits("active"); ok {
		t.Error("after active->shadow: hits{active} series still exported")
	}
	if errs() != 2 {
		t.Errorf("after active->shadow: rule_errors_total{R1} = %v, want 2 (the rule still exists)", errs())
	}
	step = 2
	if err := r.reload(); err != nil {
		t.Fatal(err)
	}
	deliver()
	deliver()
	if v, _ := hits("active"); v != 2 {
		t.Errorf("after shadow->active: hits{active} = %v, want 2 (the cache kept a deleted series)", v)
	}
	if errs() != 4 {
		t.Errorf("after shadow->active: rule_errors_total{R1} = %v, want 4", errs())
	}
}
