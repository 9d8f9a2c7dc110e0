package pipeline

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kgo"
)

// running is a pipeline started by a test.
type running struct {
	p    *Pipeline
	reg  *prometheus.Registry
	stop func() // cancels Run and waits; fails the test if Run failed
	// incompleteOK lets stop accept ErrShutdownIncomplete.
	incompleteOK bool
}

// stopAllowingIncomplete is stop for a test whose drain cannot finish
// (brokers gone with a batch in flight).
func (r *running) stopAllowingIncomplete() {
	r.incompleteOK = true
	r.stop()
}

// startPipeline runs New(cfg, opts)+Run in the background with short poll
// and group timers.
func startPipeline(t *testing.T, cfg Config, opts Options) *running {
	t.Helper()
	return startPipelineTimers(t, cfg, opts, fastGroup)
}

// startPipelineTimers is startPipeline with the group timers set by tweak;
// nil keeps the production timers.
func startPipelineTimers(t *testing.T, cfg Config, opts Options, tweak func(*kafka.ReaderConfig)) *running {
	t.Helper()
	reg := prometheus.NewRegistry()
	opts.Registerer, opts.Gatherer = reg, reg
	p, err := New(cfg, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	p.pollEvery = 100 * time.Millisecond
	p.tweakReader = tweak
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	stopped := false
	r := &running{p: p, reg: reg}
	r.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil && !(r.incompleteOK && errors.Is(err, ErrShutdownIncomplete)) {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(cfg.ShutdownTimeout + 5*time.Second):
			t.Errorf("Run did not return within the shutdown timeout")
		}
	}
	t.Cleanup(r.stop)
	return r
}

// fastGroup shortens kafka-go's group timers so rebalances in tests take
// milliseconds, not the production defaults of seconds.
func fastGroup(rc *kafka.ReaderConfig) {
	rc.HeartbeatInterval = 100 * time.Millisecond
	rc.SessionTimeout = time.Second
	rc.RebalanceTimeout = 2 * time.Second
	rc.JoinGroupBackoff = 100 * time.Millisecond
	if os.Getenv("KAFKA_BROKERS") != "" {
		rc.SessionTimeout = 6 * time.Second // a real broker's minimum
	}
}

func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestEndToEnd runs a mixed stream (risky, benign, malformed, invalid UTF-8,
// one 10 MB event) through a broker and checks the exact alert ids, the
// dead letters with their headers, the committed offsets, the HTTP
// endpoints and the metrics.
func TestEndToEnd(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 3)
	cfg.CreateTopics = true // already created: must be idempotent
	eng := defaultEngine(t)
	msgs := buildStream(t, "e2e", 400, true)
	ex := expect(t, eng, msgs)
	if len(ex.alerts) == 0 || len(ex.dead) == 0 {
		t.Fatalf("stream must hold alerts and dead letters; engine expects %d alerts, %d dead letters", len(ex.alerts), len(ex.dead))
	}
	c.produce(t, cfg.Topics.Input, msgs)

	start := time.Now()
	r := startPipeline(t, cfg, Options{Engine: eng})
	c.waitCommitted(t, cfg, 30*time.Second)
	t.Logf("%d events (%d alerts, %d dead letters) committed in %v", len(msgs), len(ex.alerts), len(ex.dead), time.Since(start))

	checkHTTP(t, r.p)
	if n := c.groupMembers(t, cfg.GroupID); n != 1 {
		t.Errorf("group has %d members while running, want 1", n)
	}
	r.stop()
	if n := c.groupMembers(t, cfg.GroupID); n != 0 {
		t.Errorf("group has %d members after a clean shutdown, want 0 (Reader.Close leaves the group)", n)
	}

	recs := c.readTopic(t, cfg.Topics.Alerts, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(ex.alerts) })
	alerts := decodeAlerts(t, recs)
	if len(alerts) != len(ex.alerts) {
		t.Errorf("%d alerts written, want exactly %d", len(alerts), len(ex.alerts))
	}
	if missing, extra := diffIDs(ex.alerts, alertIDs(alerts)); len(missing)+len(extra) > 0 {
		t.Errorf("alert ids differ:\nmissing %v\nextra %v", missing, extra)
	}
	checkDeadLetters(t, c, cfg, msgs, ex)

	s := r.p.Stats()
	if s.Consumed != int64(len(msgs)) || s.Alerts != int64(len(ex.alerts)) || s.DeadLetters != int64(len(ex.dead)) || s.Commits == 0 {
		t.Errorf("Stats = %+v, want %d consumed, %d alerts, %d dead letters", s, len(msgs), len(ex.alerts), len(ex.dead))
	}
	checkMetricTotals(t, r.reg, len(msgs), len(ex.alerts), len(ex.dead))
}

// checkDeadLetters checks every dead letter: the original key and bytes,
// the reason the decoder gives, and the source position pointing at the
// original event.
func checkDeadLetters(t *testing.T, c *testCluster, cfg Config, msgs []kafka.Message, ex expectation) {
	t.Helper()
	recs := c.readTopic(t, cfg.Topics.DeadLetters, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(ex.dead) })
	if len(recs) != len(ex.dead) {
		t.Errorf("%d dead letters, want %d", len(recs), len(ex.dead))
	}
	input := c.readTopic(t, cfg.Topics.Input, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(msgs) })
	at := map[string]*kgo.Record{}
	for _, r := range input {
		at[r.Topic+"/"+strconv.Itoa(int(r.Partition))+"/"+strconv.FormatInt(r.Offset, 10)] = r
	}
	seen := map[string]bool{}
	for _, r := range recs {
		h := map[string]string{}
		for _, x := range r.Headers {
			h[x.Key] = string(x.Value)
		}
		key := string(r.Key)
		seen[key] = true
		want, ok := ex.dead[key]
		if !ok {
			t.Errorf("unexpected dead letter %q (reason %s)", key, h[HeaderReason])
			continue
		}
		if h[HeaderReason] != want {
			t.Errorf("dead letter %s: reason %q, want %q", key, h[HeaderReason], want)
		}
		wantStage := stageValidateDL
		if want == "syntax" || want == "encoding" || want == "too_large" {
			wantStage = stageDecodeDL
		}
		if h[HeaderStage] != wantStage || h[HeaderError] == "" {
			t.Errorf("dead letter %s: stage %q error %q, want stage %q and an error", key, h[HeaderStage], h[HeaderError], wantStage)
		}
		if _, err := time.Parse(time.RFC3339, h[HeaderTime]); err != nil {
			t.Errorf("dead letter %s: %s %q: %v", key, HeaderTime, h[HeaderTime], err)
		}
		src := at[h[HeaderSourceTopic]+"/"+h[HeaderSourcePartition]+"/"+h[HeaderSourceOffset]]
		if src == nil || string(src.Key) != key || string(src.Value) != string(r.Value) {
			t.Errorf("dead letter %s: source %s/%s@%s is not the original event unchanged", key,
				h[HeaderSourceTopic], h[HeaderSourcePartition], h[HeaderSourceOffset])
		}
	}
	for key, reason := range ex.dead {
		if !seen[key] {
			t.Errorf("missing dead letter %s (%s)", key, reason)
		}
	}
}

// checkHTTP checks /healthz, /readyz and that /metrics exposes every
// metric name of the shared contract.
func checkHTTP(t *testing.T, p *Pipeline) {
	t.Helper()
	base := "http://" + p.HTTPAddr()
	get := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz = %d", code)
	}
	waitFor(t, "/readyz 200", 10*time.Second, func() bool { code, _ := get("/readyz"); return code == http.StatusOK })
	var missing []string
	waitFor(t, "every contract metric on /metrics", 10*time.Second, func() bool {
		_, body := get("/metrics")
		missing = missing[:0]
		for _, name := range contractMetrics {
			if !strings.Contains(body, "\n"+name) && !strings.HasPrefix(body, name) {
				missing = append(missing, name)
			}
		}
		return len(missing) == 0
	})
}

// TestEndToEndTwoInstances runs two pipelines in one group: they split the
// partitions and together produce every alert exactly as expected.
func TestEndToEndTwoInstances(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 6)
	eng := defaultEngine(t)
	a := startPipeline(t, cfg, Options{Engine: eng})
	b := startPipeline(t, cfg, Options{Engine: eng})
	waitFor(t, "both members to join", 15*time.Second, func() bool { return a.p.Stats().Ready && b.p.Stats().Ready })

	msgs := buildStream(t, "two", 600, false)
	ex := expect(t, eng, msgs)
	c.produce(t, cfg.Topics.Input, msgs)
	c.waitCommitted(t, cfg, 30*time.Second)
	a.stop()
	b.stop()

	sa, sb := a.p.Stats(), b.p.Stats()
	if sa.Consumed == 0 || sb.Consumed == 0 {
		t.Errorf("partitions not split: instance a consumed %d, b %d", sa.Consumed, sb.Consumed)
	}
	if sa.Consumed+sb.Consumed < int64(len(msgs)) {
		t.Errorf("consumed %d+%d < %d events", sa.Consumed, sb.Consumed, len(msgs))
	}
	recs := c.readTopic(t, cfg.Topics.Alerts, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(ex.alerts) })
	if missing, extra := diffIDs(ex.alerts, alertIDs(decodeAlerts(t, recs))); len(missing)+len(extra) > 0 {
		t.Errorf("alert ids differ:\nmissing %v\nextra %v", missing, extra)
	}
	t.Logf("instance a consumed %d, b %d; %d alerts", sa.Consumed, sb.Consumed, len(recs))
}

// TestEndToEndAlertOrderPerShipment files each shipment four times (the
// original and three amendments, keyed by shipment id): its alerts must
// reach the alert topic in the same order, across batch boundaries and
// partitions.
func TestEndToEndAlertOrderPerShipment(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 3)
	cfg.BatchSize = 7 // versions of one shipment land in different batches
	eng := defaultEngine(t)
	var tpl []byte
	for _, tp := range loadTemplates(t) {
		if tp.name == "risky-4ap-cn-mx" {
			tpl = tp.raw
		}
	}
	var msgs []kafka.Message
	want := map[string][]string{} // shipment -> alert ids in filing order
	for s := 0; s < 40; s++ {
		for v := 0; v < 4; v++ { // versions adjacent: within and across batches
			id := "ord-" + strconv.Itoa(s)
			raw := strings.Replace(strings.ReplaceAll(string(tpl), "TEMPLATE", id), `"quantity":25`, `"quantity":`+strconv.Itoa(25+v), 1)
			msgs = append(msgs, kafka.Message{Key: []byte(id), Value: []byte(raw)})
		}
	}
	for _, m := range msgs {
		aid := alertOf(t, eng, m)
		if aid == "" {
			t.Fatalf("filing %s does not alert; the test needs a template that does", m.Key)
		}
		want[string(m.Key)] = append(want[string(m.Key)], aid)
	}
	c.produce(t, cfg.Topics.Input, msgs)
	r := startPipeline(t, cfg, Options{Engine: eng})
	c.waitCommitted(t, cfg, 30*time.Second)
	r.stop()
	recs := c.readTopic(t, cfg.Topics.Alerts, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(msgs) })
	got := map[string][]string{}
	for _, a := range decodeAlerts(t, recs) {
		got[a.ShipmentID] = append(got[a.ShipmentID], a.ID)
	}
	for ship, ids := range want {
		if strings.Join(got[ship], ",") != strings.Join(ids, ",") {
			t.Errorf("shipment %s: alerts in order %v, want %v", ship, got[ship], ids)
		}
	}
}

// alertOf is the id of the alert the engine emits for m ("" if none).
func alertOf(t *testing.T, eng *rules.Engine, m kafka.Message) string {
	t.Helper()
	mf, err := manifest.Decode(m.Value)
	if err != nil {
		return ""
	}
	en := eng.Enrich(mf)
	r := eng.Score(mf, en)
	if !r.Emit {
		return ""
	}
	return eng.Alert(m.Value, mf, en, r).ID
}
