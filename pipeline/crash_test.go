package pipeline

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// childConfigEnv carries the JSON config of a pipeline run in a child
// process by TestHelperProcess.
const childConfigEnv = "PRECURSOR_E2E_CHILD_CONFIG"

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
	p.tweakReader = fastGroup
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
