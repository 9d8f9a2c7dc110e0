package pipeline

import (
	"context"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/internal/kafkatest"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestEndToEndLeaderKilled kills the broker leading an input partition
// with SIGKILL while the pipeline is mid-stream (on kfake: removes it from
// a three-broker cluster). Its partitions move to other brokers and the
// pipeline must finish the stream without losing an alert; alerts written
// again after the failover (at-least-once) are counted, and carry the same
// ids.
func TestEndToEndLeaderKilled(t *testing.T) {
	c := startReplicatedCluster(t)
	cfg := c.testConfig(t, 3)
	cfg.BatchSize = 5 // many small batches, so the kill lands mid-stream
	eng := defaultEngine(t)
	msgs := buildStream(t, "leader", 3000, false)
	ex := expect(t, eng, msgs)
	c.produce(t, cfg.Topics.Input, msgs)

	r := startPipeline(t, cfg, Options{Engine: eng})
	var atKill int64
	waitFor(t, "some offsets committed", 30*time.Second, func() bool {
		atKill = sumOffsets(c.committed(t, cfg.GroupID, cfg.Topics.Input, cfg.Partitions))
		return atKill >= 300
	})
	victim := c.killLeader(t, cfg.Topics.Input, 0)
	killed := time.Now()
	if atKill >= int64(len(msgs)) {
		t.Fatalf("all %d events were committed before the kill; the test needs a longer stream", len(msgs))
	}
	c.waitCommitted(t, cfg, 90*time.Second)
	t.Logf("leader %d killed with %d of %d events committed; the rest committed %v later",
		victim, atKill, len(msgs), time.Since(killed).Round(time.Millisecond))
	r.stop()

	recs := c.readTopic(t, cfg.Topics.Alerts, 20*time.Second, func(r []*kgo.Record) bool {
		return len(alertIDs(decodeAlerts(t, r))) >= len(ex.alerts)
	})
	alerts := decodeAlerts(t, recs)
	if missing, extra := diffIDs(ex.alerts, alertIDs(alerts)); len(missing)+len(extra) > 0 {
		t.Errorf("alert ids differ after the leader died:\nmissing %v\nextra %v", missing, extra)
	}
	t.Logf("%d alert messages for %d distinct alerts: %d duplicates from the failover",
		len(alerts), len(ex.alerts), len(alerts)-len(ex.alerts))
}

// startReplicatedCluster is startCluster with three brokers: the real
// cluster, or kfake with three.
func startReplicatedCluster(t *testing.T) *testCluster {
	t.Helper()
	if rc := realCluster(t); rc != nil {
		return &testCluster{addrs: rc.Brokers, real: rc}
	}
	cl, err := kfake.NewCluster(kfake.NumBrokers(3), kfake.Ports(0, 0, 0), kfake.GroupMinSessionTimeout(500*time.Millisecond))
	if err != nil {
		t.Fatalf("start kfake: %v", err)
	}
	t.Cleanup(cl.Close)
	return &testCluster{addrs: cl.ListenAddrs(), fake: cl}
}

// killLeader kills the broker leading a partition and returns its id: on
// the real cluster with SIGKILL (restarted when the test ends), on kfake
// by removing the node, which moves its partitions.
func (c *testCluster) killLeader(t *testing.T, topic string, partition int32) int32 {
	t.Helper()
	if c.real == nil {
		id := c.fake.LeaderFor(topic, partition)
		if err := c.fake.RemoveNode(id); err != nil {
			t.Fatalf("remove kfake node %d: %v", id, err)
		}
		return id
	}
	c.need(t, "control")
	var id int32
	c.onCluster(t, "kill the leader", func(ctx context.Context, rc *kafkatest.Cluster) error {
		var err error
		if id, err = rc.Leader(ctx, topic, partition); err != nil {
			return err
		}
		return rc.KillBroker(ctx, id)
	})
	t.Cleanup(func() { c.startBrokers(t, id) })
	return id
}
