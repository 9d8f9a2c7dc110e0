package pipeline

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/structure"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestEndToEndStructureResolverKilled kills a stand-in resolver (recorded
// answers over HTTP, 20 ms a request) while the pipeline screens a stream on
// the in-process broker. The same test runs against the real resolver under
// -tags structure (structure_real_test.go).
func TestEndToEndStructureResolverKilled(t *testing.T) {
	fake := startFakeResolver(t, recordedAnswers(t))
	fake.delay.Store(int64(20 * time.Millisecond))
	rec, err := structure.NewRecorded(recordedAnswers(t))
	if err != nil {
		t.Fatal(err)
	}
	resolverKilledMidStream(t, fake.srv.URL, fake.kill, rec)
}

// resolverKilledMidStream screens a stream of the e2e mix with manifests
// naming uncatalogued derivatives (each name twice, the repeats later) and
// kills the resolver at url once it has resolved a few. Nothing is lost:
// every event is committed; every alert the catalog alone gives is written;
// no alert is written that the resolver's answers (rec) would not give;
// derivatives resolved before the kill alert with their structure, those
// after are scored without it and counted unavailable; nothing stalls.
func resolverKilledMidStream(t *testing.T, url string, kill func(), rec structure.Resolver) {
	c := startCluster(t)
	cfg := structureConfig(c.testConfig(t, 3), url)
	eng := defaultEngine(t)
	names := derivativeNames(t)
	var msgs []kafka.Message
	base := buildStream(t, "skill", 240, false)
	for i, m := range base {
		msgs = append(msgs, m)
		if i%4 == 0 {
			k := i / 4
			msgs = append(msgs, derivativeEvent(fmt.Sprintf("deriv-%03d", k), names[k%len(names)]))
		}
	}
	catalogOnly := expectWith(t, eng, msgs, nil)
	withStructures := expectWith(t, eng, msgs, rec)
	if len(withStructures) <= len(catalogOnly) {
		t.Fatalf("the stream's derivatives add no alerts (%d with structures, %d without)", len(withStructures), len(catalogOnly))
	}
	c.produce(t, cfg.Topics.Input, msgs)

	start := time.Now()
	r := startPipeline(t, cfg, Options{Engine: eng})
	sm := r.p.metrics.Structure
	var killed atomic.Bool
	stopWatch := make(chan struct{})
	defer close(stopWatch)
	go func() { // the crash, mid-stream: after a few structures
		for {
			select {
			case <-stopWatch:
				return
			case <-time.After(2 * time.Millisecond):
			}
			if metricValue(sm.Spans.WithLabelValues(spanResolved)) >= 6 {
				kill()
				killed.Store(true)
				return
			}
		}
	}()
	c.waitCommitted(t, cfg, 60*time.Second)
	elapsed := time.Since(start)
	r.stop()
	if !killed.Load() {
		t.Fatal("the resolver was never killed: it resolved too little")
	}

	total := sumOffsets(c.endOffsets(t, cfg.Topics.Alerts, cfg.Partitions))
	recs := c.readTopic(t, cfg.Topics.Alerts, 10*time.Second, func(r []*kgo.Record) bool { return int64(len(r)) >= total })
	got := map[string]bool{}
	structural := 0
	for _, rec := range recs {
		var a alertJSON
		if err := json.Unmarshal(rec.Value, &a); err != nil {
			t.Fatal(err)
		}
		got[a.ID] = true
		if a.fired("STR-001") {
			structural++
			if !a.showsStructure() {
				t.Errorf("alert %s (STR-001) shows no structure: %.400s", a.ID, rec.Value)
			}
		}
	}
	if missing, _ := diffIDs(catalogOnly, got); len(missing) > 0 {
		t.Errorf("alerts of the catalog alone missing: %v", missing)
	}
	if _, extra := diffIDs(withStructures, got); len(extra) > 0 {
		t.Errorf("alerts no resolver answer explains: %v", extra)
	}
	resolved := metricValue(sm.Spans.WithLabelValues(spanResolved))
	unavailable := metricValue(sm.Spans.WithLabelValues(spanUnavailable))
	t.Logf("%d events in %v; alerts %d (catalog alone %d, all structures %d), STR-001 %d; spans resolved %v, unavailable %v; breaker %v",
		len(msgs), elapsed.Round(time.Millisecond), len(got), len(catalogOnly), len(withStructures), structural,
		resolved, unavailable, metricValue(sm.BreakerState))
	if structural == 0 || unavailable == 0 {
		t.Errorf("want derivatives scored both with (STR-001 alerts: %d) and without their structure (unavailable spans: %v)", structural, unavailable)
	}
	if s := r.p.Stats(); s.Consumed != int64(len(msgs)) {
		t.Errorf("consumed %d of %d events", s.Consumed, len(msgs))
	}
}

// alertJSON is the part of an alert the structure tests read.
type alertJSON struct {
	ID   string `json:"alert_id"`
	Hits []struct {
		Rule     string `json:"rule"`
		Evidence []struct {
			Method    string `json:"method"`
			Structure *struct {
				SMILES  string `json:"smiles"`
				Pattern string `json:"pattern"`
				Legal   string `json:"legal"`
			} `json:"structure"`
		} `json:"evidence"`
	} `json:"hits"`
}

func (a *alertJSON) fired(rule string) bool {
	for _, h := range a.Hits {
		if h.Rule == rule {
			return true
		}
	}
	return false
}

// showsStructure: some evidence of a hit is a structure match with its
// SMILES, pattern and legal text.
func (a *alertJSON) showsStructure() bool {
	for _, h := range a.Hits {
		for _, ev := range h.Evidence {
			if s := ev.Structure; ev.Method == "structure" && s != nil && s.SMILES != "" &&
				strings.Contains(s.Pattern, "/") && s.Legal != "" {
				return true
			}
		}
	}
	return false
}
