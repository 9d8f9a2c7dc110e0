package pipeline

import (
	"bytes"
	"context"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

	"github.com/precursorwatch/precursor/rules"
	dto "github.com/prometheus/client_model/go"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kgo"
)

// candidateEngine is the default pack as a candidate beside live (sharing
// its catalog), changed to alert only at a score of 98 or more, under a new
// version: fewer alerts, every one with its own id.
func candidateEngine(t testing.TB, live *rules.Engine) *rules.Engine {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(rules.DefaultFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(rules.DefaultFS(), p)
		fsys[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	set := fsys["ruleset.yaml"]
	for old, repl := range map[string]string{
		"min_severity: medium": "min_severity: critical", "critical: 90": "critical: 98", `version: "1.0.0"`: `version: "1.1.0-candidate"`,
	} {
		if !bytes.Contains(set.Data, []byte(old)) {
			t.Fatalf("ruleset.yaml no longer holds %q", old)
		}
		set.Data = bytes.Replace(set.Data, []byte(old), []byte(repl), 1)
	}
	rs, _, err := rules.LoadRulesetFS(fsys, "candidate", live.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	cand, err := live.WithRuleset(rs)
	if err != nil {
		t.Fatal(err)
	}
	return cand
}

// TestCandidateEndToEnd runs the service on a broker with a candidate
// pack beside the live one: the analysts' alert topic holds exactly the
// live pack's alerts (as without a candidate), the candidate topic exactly
// the candidate's, dead letters are unchanged, every event is consumed
// once and every offset committed, and the pack_* metrics count both.
func TestCandidateEndToEnd(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 3)
	cfg.Topics.CandidateAlerts = "cand-" + cfg.Topics.Alerts
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cl := &kafka.Client{Addr: kafka.TCP(c.addrs...), Transport: c.transport()}
	withCandidate := cfg
	withCandidate.CandidateRulesDir = "candidate" // topicConfigs then adds the candidate topic
	if err := createTopics(ctx, cl, topicConfigs(withCandidate)); err != nil {
		t.Fatal(err)
	}
	eng := defaultEngine(t)
	cand := candidateEngine(t, eng)
	msgs := buildStream(t, "cand", 300, false)
	live, candEx := expect(t, eng, msgs), expect(t, cand, msgs)
	if len(candEx.alerts) == 0 || len(candEx.alerts) >= len(live.alerts) {
		t.Fatalf("the candidate must alert on fewer shipments: live %d, candidate %d", len(live.alerts), len(candEx.alerts))
	}
	c.produce(t, cfg.Topics.Input, msgs)
	r := startPipeline(t, cfg, Options{Engine: eng, Candidate: cand})
	c.waitCommitted(t, cfg, 30*time.Second)
	r.stop()

	got := decodeAlerts(t, c.readTopic(t, cfg.Topics.Alerts, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(live.alerts) }))
	if missing, extra := diffIDs(live.alerts, alertIDs(got)); len(got) != len(live.alerts) || len(missing)+len(extra) > 0 {
		t.Errorf("alert topic: %d alerts, want exactly the live pack's %d; missing %v, extra %v", len(got), len(live.alerts), missing, extra)
	}
	gotCand := decodeAlerts(t, c.readTopic(t, cfg.Topics.CandidateAlerts, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(candEx.alerts) }))
	if missing, extra := diffIDs(candEx.alerts, alertIDs(gotCand)); len(gotCand) != len(candEx.alerts) || len(missing)+len(extra) > 0 {
		t.Errorf("candidate topic: %d alerts, want exactly the candidate's %d; missing %v, extra %v", len(gotCand), len(candEx.alerts), missing, extra)
	}
	for _, a := range gotCand {
		if a.Ruleset.Version != "1.1.0-candidate" {
			t.Errorf("candidate alert %s from ruleset %s", a.ID, a.Ruleset.Version)
		}
	}
	checkDeadLetters(t, c, cfg, msgs, live)
	s := r.p.Stats()
	if s.Consumed != int64(len(msgs)) || s.Alerts != int64(len(live.alerts)) {
		t.Errorf("Stats = %+v, want %d consumed once, %d (live) alerts", s, len(msgs), len(live.alerts))
	}
	checkMetricTotals(t, r.reg, len(msgs), len(live.alerts), len(live.dead))
	sums := packSums(t, r.reg, "precursor_pack_alerts_total")
	if sums[packLive] != float64(len(live.alerts)) || sums[packCandidate] != float64(len(candEx.alerts)) {
		t.Errorf("pack_alerts_total = %v, want live %d, candidate %d", sums, len(live.alerts), len(candEx.alerts))
	}
}

// packSums sums a pack_* counter by pack.
func packSums(t *testing.T, g interface {
	Gather() ([]*dto.MetricFamily, error)
}, name string) map[string]float64 {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.Metric {
			for _, l := range m.Label {
				if l.GetName() == "pack" {
					out[l.GetValue()] += m.GetCounter().GetValue()
				}
			}
		}
	}
	return out
}

// BenchmarkProcessBatchCandidate is BenchmarkProcessBatch with a candidate
// pack beside the live one (a second Score and alert per event, a third
// output, the pack_* metrics): its cost over BenchmarkProcessBatch is the
// candidate's.
func BenchmarkProcessBatchCandidate(b *testing.B) {
	l, bt := benchLoopWith(b, func(eng *rules.Engine) evaluator {
		return newEngineEvaluator(eng, candidateEngine(b, eng), nil)
	})
	l.outputs = append(l.outputs, newCandidateOutput(nopSink{}, l.metrics, l.log))
	benchBatches(b, len(bt.msgs), func(ctx context.Context) error { return l.process(ctx, bt) })
}
