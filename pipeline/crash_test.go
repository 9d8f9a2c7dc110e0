package pipeline

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// childConfigEnv carries the JSON config of a pipeline run in a child
// process by TestHelperProcess; with childTimersEnv set to "production"
// the child keeps the production group timers instead of fastGroup's.
const (
	childConfigEnv = "PRECURSOR_E2E_CHILD_CONFIG"
	childTimersEnv = "PRECURSOR_E2E_CHILD_TIMERS"
)

// TestHelperProcess is not a test: it runs a pipeline in a child process
// (the standard helper-process pattern) so TestEndToEndKillAndRestart can
// SIGKILL it.
func TestHelperProcess(t *testing.T) {
	raw := os.Getenv(childConfigEnv)
	if raw == "" {
		t.Skip("helper process for TestEndToEndKillAndRestart")
	}
	var cfg Config
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		t.Fatalf("child config: %v", err)
	}
	p, err := New(cfg, Options{Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatalf("child New: %v", err)
	}
	if os.Getenv(childTimersEnv) != "production" {
		p.tweakReader = fastGroup
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	if err := p.Run(ctx); err != nil {
		t.Fatalf("child Run: %v", err)
	}
}

// TestEndToEndKillAndRestart kills a pipeline with SIGKILL mid-stream (no
// drain, no commit, no leaving the group), restarts one in the same group
// and checks that every expected alert is present: at-least-once, with
// duplicates allowed but carrying the same ids.
func TestEndToEndKillAndRestart(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 3)
	eng := defaultEngine(t)
	msgs := buildStream(t, "kill", 3000, false)
	ex := expect(t, eng, msgs)
	c.produce(t, cfg.Topics.Input, msgs)

	child := cfg
	child.BatchSize = 5 // many small batches, so the kill lands mid-stream
	child.HTTPListen = ""
	raw, _ := json.Marshal(child)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.v")
	cmd.Env = append(os.Environ(), childConfigEnv+"="+string(raw))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var atKill int64
	waitFor(t, "the child to commit some offsets", 20*time.Second, func() bool {
		atKill = sumOffsets(c.committed(t, cfg.GroupID, cfg.Topics.Input, cfg.Partitions))
		return atKill >= 300
	})
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	afterKill := sumOffsets(c.committed(t, cfg.GroupID, cfg.Topics.Input, cfg.Partitions))
	if afterKill >= int64(len(msgs)) {
		t.Fatalf("child finished all %d events before the kill; the test needs a longer stream", len(msgs))
	}
	t.Logf("killed child with %d of %d events committed", afterKill, len(msgs))

	r := startPipeline(t, cfg, Options{Engine: eng})
	c.waitCommitted(t, cfg, 40*time.Second)
	r.stop()
	if got := r.p.Stats().Consumed; got > int64(len(msgs))-afterKill {
		t.Errorf("restarted pipeline consumed %d events; it should resume after the %d committed (at most %d)",
			got, afterKill, int64(len(msgs))-afterKill)
	}
	recs := c.readTopic(t, cfg.Topics.Alerts, 10*time.Second, func(r []*kgo.Record) bool {
		return len(alertIDs(decodeAlerts(t, r))) >= len(ex.alerts)
	})
	alerts := decodeAlerts(t, recs)
	if missing, extra := diffIDs(ex.alerts, alertIDs(alerts)); len(missing)+len(extra) > 0 {
		t.Errorf("alert ids differ after kill and restart:\nmissing %v\nextra %v", missing, extra)
	}
	t.Logf("%d alert messages, %d distinct ids (duplicates from re-delivery: %d)", len(alerts), len(ex.alerts), len(alerts)-len(ex.alerts))
}

// TestEndToEndKillMidOverlap kills a pipeline with SIGKILL while alerts of
// batches it has written are not committed yet (the delivery stage runs
// ahead of the commit stage; on kfake every commit is held 500 ms to make
// that window wide), restarts one and checks that nothing is lost: the
// written-but-uncommitted events are consumed again and every alert id is
// present.
func TestEndToEndKillMidOverlap(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 3)
	eng := defaultEngine(t)
	msgs := buildStream(t, "overlap", 3000, false)
	ex := expect(t, eng, msgs)
	c.produce(t, cfg.Topics.Input, msgs)
	threshold := int64(300)
	if c.fake != nil {
		// Each commit held 500 ms: the delivery stage writes the next
		// batches meanwhile, until the batch buffers run out, and a kill
		// almost always finds written batches uncommitted.
		c.slowCommits(500 * time.Millisecond)
		threshold = 100
	}
	pos := c.positions(t, cfg.Topics.Input, len(msgs))

	child := cfg
	child.BatchSize = 20
	if c.real != nil {
		child.BatchSize = 5 // no held commits: many small batches, so the kill lands mid-stream
	}
	child.HTTPListen = ""
	raw, _ := json.Marshal(child)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.v")
	cmd.Env = append(os.Environ(), childConfigEnv+"="+string(raw))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	waitFor(t, "the child to commit some offsets", 30*time.Second, func() bool {
		return sumOffsets(c.committed(t, cfg.GroupID, cfg.Topics.Input, cfg.Partitions)) >= threshold
	})
	if c.fake != nil {
		// A commit has just landed and the next one is held: give the
		// freed buffer the time to be scored and written past it.
		time.Sleep(200 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	time.Sleep(time.Second) // a commit sent as the child died lands
	committed := c.committed(t, cfg.GroupID, cfg.Topics.Input, cfg.Partitions)
	afterKill := sumOffsets(committed)
	if afterKill >= int64(len(msgs)) {
		t.Fatalf("child finished all %d events before the kill; the test needs a longer stream", len(msgs))
	}
	// Alerts of events at or past the final committed offsets were written
	// by the child and never committed: the window the overlap opens.
	ahead := 0
	for id := range c.shipmentsAlerted(t, cfg.Topics.Alerts, cfg.Partitions) {
		if p, ok := pos[id]; ok && p.offset >= committed[p.partition] {
			ahead++
		}
	}
	t.Logf("killed child with %d of %d events committed and the alerts of %d uncommitted events written", afterKill, len(msgs), ahead)
	if c.fake != nil && ahead == 0 {
		t.Errorf("no alert written past the committed offsets at the kill: the kill did not land mid-overlap")
	}

	r := startPipeline(t, cfg, Options{Engine: eng})
	c.waitCommitted(t, cfg, 60*time.Second)
	r.stop()
	// A commit the child sent just before it died may still land: the
	// restart consumes at most what was uncommitted when it was killed.
	if got, most := r.p.Stats().Consumed, int64(len(msgs))-afterKill; got > most || got < most-int64(inFlightBatches*child.BatchSize) {
		t.Errorf("restarted pipeline consumed %d events, want the %d uncommitted at the kill, less at most one commit of %d batches",
			got, most, inFlightBatches)
	}
	checkAlerts(t, c, cfg, ex)
}

// position is where an event sits in the input topic.
type position struct {
	partition int
	offset    int64
}

// positions reads the n events of topic and returns each key's position.
func (c *testCluster) positions(t *testing.T, topic string, n int) map[string]position {
	t.Helper()
	recs := c.readTopic(t, topic, 20*time.Second, func(r []*kgo.Record) bool { return len(r) >= n })
	pos := make(map[string]position, len(recs))
	for _, r := range recs {
		pos[string(r.Key)] = position{int(r.Partition), r.Offset}
	}
	return pos
}

// shipmentsAlerted returns the shipment ids (keys) of every alert in topic,
// which nothing writes to any more.
func (c *testCluster) shipmentsAlerted(t *testing.T, topic string, partitions int) map[string]bool {
	t.Helper()
	total := sumOffsets(c.endOffsets(t, topic, partitions))
	ids := map[string]bool{}
	for _, r := range c.readTopic(t, topic, 20*time.Second, func(r []*kgo.Record) bool { return int64(len(r)) >= total }) {
		ids[string(r.Key)] = true
	}
	return ids
}

// slowCommits holds every offset commit kfake receives for d before
// handling it, without holding the broker's other requests.
func (c *testCluster) slowCommits(d time.Duration) {
	var mu sync.Mutex
	held := map[kmsg.Request]bool{}
	c.fake.ControlKey(int16(kmsg.OffsetCommit), func(req kmsg.Request) (kmsg.Response, error, bool) {
		c.fake.KeepControl()
		mu.Lock()
		again := held[req]
		held[req] = true
		mu.Unlock()
		if !again {
			c.fake.SleepControl(func() { time.Sleep(d) })
		}
		mu.Lock()
		delete(held, req)
		mu.Unlock()
		return nil, nil, false
	})
}
