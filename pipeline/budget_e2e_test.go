package pipeline

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/rules/rulefmt"
	"github.com/segmentio/kafka-go"
)

// runawayEngine is a pack whose rule R-002 is the cubic rule,
// forced past lint by a raised cost_budget, beside a rule that fires on
// every 4-AP shipment to Mexico.
func runawayEngine(t testing.TB) *rules.Engine {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		rulefmt.SettingsFile: "name: runaway\nversion: \"1\"\ncost_budget: 100_000_000_000\n",
		"r.yaml": `rules:
  - id: R-001
    title: 4-AP to Mexico
    score: 80
    when: hasChemical("4-ap") && destination == "MX"
  - id: R-002
    title: the issue's rule
    score: 10
    when: all(items, {all(items, {all(items, {.line > 0})})})
`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	e, err := rules.LoadEngine(dir, "")
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return e
}

// bigManifests returns n events of manifest.MaxItems items each, keyed
// by shipment id.
func bigManifests(prefix string, n, items int) []kafka.Message {
	var it strings.Builder
	for i := 1; i <= items; i++ {
		if i > 1 {
			it.WriteByte(',')
		}
		fmt.Fprintf(&it, `{"line":%d,"description":"4-anilinopiperidine","quantity":25,"unit":"kg"}`, i)
	}
	msgs := make([]kafka.Message, n)
	for i := range msgs {
		id := fmt.Sprintf("%s-%03d", prefix, i)
		msgs[i] = kafka.Message{Key: []byte(id), Value: []byte(fmt.Sprintf(`{"schema_version":1,"shipment_id":%q,"event_type":"filed",`+
			`"event_time":"2026-03-01T08:00:00Z","mode":"ocean","origin":{"country":"CN"},"destination":{"country":"MX"},`+
			`"shipper":{"name":"Shipper Co","country":"CN"},"consignee":{"name":"Importadora SA","country":"MX"},"items":[%s]}`, id, it.String()))}
	}
	return msgs
}

// TestEndToEndRunawayRuleMovesOn: the rule forced into the
// service does not stall it on 1,000-item manifests: each event's scoring
// is stopped at eval_timeout, recorded as a rule error (metric and a log
// line with the event's coordinates), the other rule still alerts, and
// every event is committed. (Before the budget one such event ran for a
// minute and nothing was committed.)
func TestEndToEndRunawayRuleMovesOn(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 2)
	cfg.EvalTimeout = 100 * time.Millisecond
	msgs := bigManifests("big", 6, 1000)
	c.produce(t, cfg.Topics.Input, msgs)
	var logs syncBuffer
	start := time.Now()
	r := startPipeline(t, cfg, Options{Engine: runawayEngine(t), Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	c.waitCommitted(t, cfg, 60*time.Second)
	t.Logf("%d events of 1,000 items committed in %v", len(msgs), time.Since(start))
	if ok, why := r.p.healthy(); !ok {
		t.Errorf("unhealthy: %s", why)
	}
	if st := r.p.Stats(); st.Alerts != int64(len(msgs)) {
		t.Errorf("%d alerts, want %d (R-001 still decides)", st.Alerts, len(msgs))
	}
	if n := metricValue(r.p.metrics.RuleErrors.WithLabelValues("R-002")); n != float64(len(msgs)) {
		t.Errorf("rule_errors_total{rule=R-002} = %v, want %d", n, len(msgs))
	}
	if n := metricValue(r.p.metrics.EvalStopped); n != float64(len(msgs)) {
		t.Errorf("rule_evaluations_stopped_total = %v, want %d", n, len(msgs))
	}
	r.stop()
	// One log line per event scored: an event scored twice (a rebalance
	// under load re-delivers an uncommitted batch) is logged twice, so
	// count the events the lines name.
	out := logs.String()
	events := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		if !strings.Contains(line, "rule evaluation stopped by the run-time budget") {
			continue
		}
		if !strings.Contains(line, "topic="+cfg.Topics.Input) || !strings.Contains(line, "rule=R-002") {
			t.Errorf("budget log line without topic or rule: %s", line)
		}
		if i := strings.Index(line, " partition="); i >= 0 {
			if j := strings.Index(line[i:], " rule="); j > 0 {
				events[line[i:i+j]] = true // partition=P offset=O
			}
		}
	}
	if len(events) != len(msgs) {
		t.Errorf("budget log lines name %d events, want %d, each with topic, partition, offset and rule:\n%s", len(events), len(msgs), out)
	}
}

// slowEvents is the backlog of slowBacklog.
const slowEvents = 60

// slowBacklog runs the runaway pack (each event takes its 200ms
// eval_timeout) over a backlog of 1,000-item manifests in batches of
// batch, and returns once the first batch is committed.
func slowBacklog(t *testing.T, shutdown time.Duration, batch int) (*testCluster, Config, *running) {
	t.Helper()
	c := startCluster(t)
	cfg := c.testConfig(t, 2)
	cfg.ShutdownTimeout, cfg.EvalTimeout = shutdown, 200*time.Millisecond
	cfg.BatchSize, cfg.BatchTimeout = batch, 200*time.Millisecond
	c.produce(t, cfg.Topics.Input, bigManifests("slow", slowEvents, 1000))
	r := startPipeline(t, cfg, Options{Engine: runawayEngine(t)})
	waitFor(t, "a first batch", 30*time.Second, func() bool { return r.p.Stats().Commits > 0 })
	return c, cfg, r
}

// TestEndToEndShutdownSlowRuleBrokerGone: with the slow rule scoring a
// backlog of 1,000-item manifests and every broker gone, SIGTERM (ctx)
// still ends Run within shutdown_timeout: scoring starts no new event
// after half the budget, and what cannot be written is left uncommitted.
// (Before, the issue measured 43s against a 15s timeout.)
func TestEndToEndShutdownSlowRuleBrokerGone(t *testing.T) {
	c, cfg, r := slowBacklog(t, 2*time.Second, 8)
	killed := time.Now()
	c.killAllBrokers(t)
	t.Logf("brokers killed in %v", time.Since(killed).Round(time.Millisecond))
	before := r.p.Stats()
	start := time.Now()
	r.stopAllowingIncomplete()
	t.Logf("Run returned %v after the stop (shutdown_timeout %v), %d of %d events committed before it",
		time.Since(start).Round(time.Millisecond), cfg.ShutdownTimeout, before.Consumed, slowEvents)
	if before.Consumed >= slowEvents {
		t.Error("every event was committed before the stop: the test needs a longer backlog")
	}
	if d := time.Since(start); d > cfg.ShutdownTimeout+time.Second {
		t.Errorf("Run took %v to return, shutdown_timeout %v", d, cfg.ShutdownTimeout)
	}
}

// TestEndToEndShutdownSlowRule: with the brokers up, a stop in the middle
// of a slow batch is clean and prompt: scoring stops taking events, the
// events scored are written and committed (a prefix of each partition),
// the rest stay for the next member.
func TestEndToEndShutdownSlowRule(t *testing.T) {
	c, cfg, r := slowBacklog(t, 3*time.Second, 12)
	start := time.Now()
	r.stop() // fails the test unless Run returns nil
	took := time.Since(start)
	st := r.p.Stats()
	t.Logf("stopped in %v with %d of %d events committed", took.Round(time.Millisecond), st.Consumed, slowEvents)
	if took > cfg.ShutdownTimeout {
		t.Errorf("stop took %v, shutdown_timeout %v", took, cfg.ShutdownTimeout)
	}
	if st.Consumed >= slowEvents || st.Alerts != st.Consumed {
		t.Errorf("consumed %d, alerts %d: want part of the backlog, each committed event alerted", st.Consumed, st.Alerts)
	}
	if got := sumOffsets(c.committed(t, cfg.GroupID, cfg.Topics.Input, 2)); got != st.Consumed {
		t.Errorf("committed offsets sum to %d, consumed %d", got, st.Consumed)
	}
}
