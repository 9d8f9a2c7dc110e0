package pipeline

import (
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// TestEndToEndBrokerStartsLate starts the pipeline before any broker
// listens: it must wait (not ready, retrying with backoff), then create its
// topics, join and process once the broker appears.
func TestEndToEndBrokerStartsLate(t *testing.T) {
	addr, rf, startBroker := lateBroker(t)
	base := uniqueBase(t)
	cfg := DefaultConfig()
	cfg.Brokers, cfg.ReplicationFactor = []string{addr}, rf
	cfg.GroupID = "late-" + base
	cfg.Topics = Topics{Input: "late-in-" + base, Alerts: "late-alerts-" + base, DeadLetters: "late-dead-" + base}
	cfg.CreateTopics, cfg.Partitions = true, 2
	cfg.HTTPListen, cfg.WatchFiles, cfg.BatchTimeout = "127.0.0.1:0", false, 10*time.Millisecond
	eng := defaultEngine(t)
	r := startPipeline(t, cfg, Options{Engine: eng})

	time.Sleep(700 * time.Millisecond) // several failed attempts
	if r.p.Stats().Ready {
		t.Fatal("ready without a broker")
	}
	c := startBroker()
	waitFor(t, "the topics to be created", 20*time.Second, func() bool {
		return len(c.endOffsets(t, cfg.Topics.Input, 2)) == 2
	})
	msgs := buildStream(t, "late", 60, false)
	ex := expect(t, eng, msgs)
	c.produce(t, cfg.Topics.Input, msgs)
	c.waitCommitted(t, cfg, 30*time.Second)
	waitFor(t, "ready", 5*time.Second, func() bool { return r.p.Stats().Ready })
	r.stop()
	recs := c.readTopic(t, cfg.Topics.Alerts, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(ex.alerts) })
	if missing, extra := diffIDs(ex.alerts, alertIDs(decodeAlerts(t, recs))); len(missing)+len(extra) > 0 {
		t.Errorf("alert ids differ:\nmissing %v\nextra %v", missing, extra)
	}
}

// TestEndToEndShutdownWithBrokerGone stops the pipeline after its broker
// has died: Run must still return within the shutdown budget.
func TestEndToEndShutdownWithBrokerGone(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 2)
	cfg.ShutdownTimeout = 2 * time.Second
	eng := defaultEngine(t)
	c.produce(t, cfg.Topics.Input, buildStream(t, "gone", 50, false))
	r := startPipeline(t, cfg, Options{Engine: eng})
	c.waitCommitted(t, cfg, 20*time.Second)
	c.killAllBrokers(t)
	time.Sleep(300 * time.Millisecond) // the clients notice
	start := time.Now()
	r.stop()
	if d := time.Since(start); d > cfg.ShutdownTimeout+2*time.Second {
		t.Errorf("Run took %v to return after the broker died, budget %v", d, cfg.ShutdownTimeout)
	}
}
