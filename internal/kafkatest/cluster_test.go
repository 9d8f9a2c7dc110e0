package kafkatest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// The tests below run against the cluster of make kafka-up (make
// test-kafka runs them); they check that each helper does to the real
// brokers what its documentation says, since the failover tests of other
// packages rely on it.

// testCluster is the described cluster, whole, or a skip without one.
func testCluster(t *testing.T) (*Cluster, context.Context) {
	t.Helper()
	c, err := FromEnv(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	if c == nil {
		t.Skip("needs the cluster of make kafka-up: run make test-kafka")
	}
	if err := c.Need("sasl", "ssl", "control"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	if err := c.WaitInSync(ctx); err != nil {
		t.Fatalf("cluster not whole before the test: %v", err)
	}
	return c, ctx
}

// testTopic creates a topic unique to the test with the cluster defaults.
func testTopic(t *testing.T, c *Cluster, ctx context.Context, partitions int32) string {
	t.Helper()
	name := fmt.Sprintf("kt-%s-%d", strings.ReplaceAll(t.Name(), "/", "-"), time.Now().UnixNano()%1e9)
	if err := c.CreateTopics(ctx, partitions, -1, nil, name); err != nil {
		t.Fatal(err)
	}
	return name
}

// produce writes one record with acks from all in-sync replicas, giving
// up after timeout, and returns the broker's answer. The producer is not
// idempotent, so that with kgo.RecordRetries(0) it fails with the broker's
// error instead of waiting for the timeout.
func produce(t *testing.T, c *Cluster, topic string, timeout time.Duration, opts ...kgo.Opt) error {
	t.Helper()
	cl, err := c.Client(Plaintext, "", append([]kgo.Opt{kgo.RequiredAcks(kgo.AllISRAcks()), kgo.DisableIdempotentWrite(),
		kgo.RecordDeliveryTimeout(timeout), kgo.DefaultProduceTopic(topic)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout+5*time.Second)
	defer cancel()
	return cl.ProduceSync(ctx, &kgo.Record{Value: []byte("probe")}).FirstErr()
}

// TestKafkaClusterListeners reaches every broker on every listener and
// mechanism, and checks the topic defaults: replication factor 3,
// min.insync.replicas 2.
func TestKafkaClusterListeners(t *testing.T) {
	c, ctx := testCluster(t)
	if err := c.WaitListeners(ctx); err != nil {
		t.Fatal(err)
	}
	topic := testTopic(t, c, ctx, 3)
	for p := range int32(3) {
		ps, err := c.Partition(ctx, topic, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps.Replicas) != 3 || len(ps.ISR) != 3 {
			t.Errorf("%s/%d: replicas %v, in sync %v; want 3 of each", topic, p, ps.Replicas, ps.ISR)
		}
	}
	if c.ReplicationFactor != 3 || c.MinInsyncReplicas != 2 {
		t.Errorf("described defaults: replication factor %d, min.insync.replicas %d; want 3 and 2", c.ReplicationFactor, c.MinInsyncReplicas)
	}
	if err := produce(t, c, topic, 10*time.Second); err != nil {
		t.Errorf("produce with acks=all: %v", err)
	}
}

// TestKafkaClusterKillLeader kills a partition's leader with SIGKILL: a
// new leader takes over, writes with acks=all go on (two replicas left),
// and the broker comes back into every ISR after StartBroker.
func TestKafkaClusterKillLeader(t *testing.T) {
	c, ctx := testCluster(t)
	topic := testTopic(t, c, ctx, 1)
	start := time.Now()
	old, moved := displaceLeader(t, c, ctx, topic, c.KillBroker)
	if err := produce(t, c, topic, 20*time.Second); err != nil {
		t.Errorf("produce with the old leader dead: %v", err)
	}
	restart(t, c, old)
	t.Logf("leader %d killed: a new leader after %v; back in every ISR %v after the kill", old,
		moved.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}

// displaceLeader applies act (kill, pause, stop) to the leader of the
// topic's partition 0 and waits for another broker to lead it; the broker
// is restarted when the test ends. It returns the old leader and how long
// the failover took.
func displaceLeader(t *testing.T, c *Cluster, ctx context.Context, topic string, act func(context.Context, int32) error) (int32, time.Duration) {
	t.Helper()
	old, err := c.Leader(ctx, topic, 0)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := act(ctx, old); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { restart(t, c, old) }) // StartBroker also resumes a paused broker
	if _, err := c.WaitNewLeader(ctx, topic, 0, old); err != nil {
		t.Fatal(err)
	}
	return old, time.Since(start)
}

// restart starts brokers again (those down) and waits until the cluster
// is whole.
func restart(t *testing.T, c *Cluster, ids ...int32) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := c.StartBrokers(ctx, ids...); err != nil {
		t.Errorf("restart brokers %v: %v", ids, err)
	}
	if err := c.WaitInSync(ctx); err != nil {
		t.Errorf("after restarting %v: %v", ids, err)
	}
}

// TestKafkaClusterRefuseWrites: RefuseWrites makes the brokers refuse the
// topic's writes with NOT_ENOUGH_REPLICAS while another topic accepts
// them; allow makes it writable and the cluster whole again.
func TestKafkaClusterRefuseWrites(t *testing.T) {
	c, ctx := testCluster(t)
	refused, other := testTopic(t, c, ctx, 3), testTopic(t, c, ctx, 3)
	stopped, allow, err := c.RefuseWrites(ctx, refused)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { restart(t, c, stopped) })
	if err := produce(t, c, refused, 10*time.Second, kgo.RecordRetries(0)); !errors.Is(err, kerr.NotEnoughReplicas) {
		t.Errorf("produce to the refusing topic = %v, want NOT_ENOUGH_REPLICAS", err)
	}
	if err := produce(t, c, other, 20*time.Second); err != nil {
		t.Errorf("produce to another topic while broker %d is down: %v", stopped, err)
	}
	if err := allow(ctx); err != nil {
		t.Fatal(err)
	}
	if err := produce(t, c, refused, 20*time.Second); err != nil {
		t.Errorf("produce after allow: %v", err)
	}
}

// TestKafkaClusterStopFollowers: with both followers of a partition
// stopped, its leader refuses writes (ISR 1 < min.insync.replicas 2).
func TestKafkaClusterStopFollowers(t *testing.T) {
	c, ctx := testCluster(t)
	topic := testTopic(t, c, ctx, 1)
	leader, stopped, err := c.StopFollowers(ctx, topic, 0)
	t.Cleanup(func() { restart(t, c, stopped...) })
	if err != nil {
		t.Fatal(err)
	}
	if len(stopped) != 2 || slices.Contains(stopped, leader) {
		t.Fatalf("stopped %v with leader %d; want the two other brokers", stopped, leader)
	}
	if err := produce(t, c, topic, 10*time.Second, kgo.RecordRetries(0)); !errors.Is(err, kerr.NotEnoughReplicas) {
		t.Errorf("produce with both followers down = %v, want NOT_ENOUGH_REPLICAS", err)
	}
}

// TestKafkaClusterPauseBroker freezes a partition's leader: the controller
// fences it and a new leader takes over; once thawed, it rejoins.
func TestKafkaClusterPauseBroker(t *testing.T) {
	c, ctx := testCluster(t)
	topic := testTopic(t, c, ctx, 1)
	old, moved := displaceLeader(t, c, ctx, topic, c.PauseBroker)
	t.Logf("leader %d paused: a new leader after %v", old, moved.Round(time.Millisecond))
	if err := c.ResumeBroker(ctx, old); err != nil {
		t.Fatal(err)
	}
	restart(t, c)
}

// TestKafkaClusterProduceQuota: a producer with a quota'd client id is
// throttled by the brokers; without the quota it is not.
func TestKafkaClusterProduceQuota(t *testing.T) {
	c, ctx := testCluster(t)
	topic := testTopic(t, c, ctx, 1)
	const clientID, rate = "kafkatest-quota", 64 << 10
	if err := c.SetProduceQuota(ctx, clientID, rate); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.SetProduceQuota(context.Background(), clientID, 0); err != nil {
			t.Errorf("remove quota: %v", err)
		}
	})
	throttled, took := produceBurst(t, c, topic, clientID)
	if throttled == 0 {
		t.Errorf("768 KB at a %d B/s quota: no throttle in %v", rate, took)
	}
	t.Logf("768 KB at a %d B/s quota: %d throttled answers, %v", rate, throttled, took.Round(time.Millisecond))
	if err := c.SetProduceQuota(ctx, clientID, 0); err != nil {
		t.Fatal(err)
	}
	if throttled, took := produceBurst(t, c, topic, clientID); throttled != 0 {
		t.Errorf("after removing the quota: %d throttled answers in %v", throttled, took)
	}
}

// produceBurst writes 768 KB in 16 KB records as clientID and counts the
// answers that asked the client to slow down. The brokers average a rate
// over at least 10 s (quota.window.num 11 x 1 s), so a 64 KB/s quota
// throttles a burst only past 640 KB: this one by about 2 s.
func produceBurst(t *testing.T, c *Cluster, topic, clientID string) (throttled int64, took time.Duration) {
	t.Helper()
	var n atomic.Int64
	cl, err := c.Client(Plaintext, "", kgo.ClientID(clientID), kgo.DefaultProduceTopic(topic),
		kgo.ProducerLinger(0), kgo.WithHooks(throttleHook{&n}))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	value := make([]byte, 16<<10)
	rand.Read(value) // incompressible: the quota counts bytes on the wire
	start := time.Now()
	for range 48 {
		if err := cl.ProduceSync(ctx, &kgo.Record{Value: value}).FirstErr(); err != nil {
			t.Fatalf("produce as %s: %v", clientID, err)
		}
	}
	return n.Load(), time.Since(start)
}

// throttleHook counts broker answers carrying a throttle time.
type throttleHook struct{ n *atomic.Int64 }

func (h throttleHook) OnBrokerThrottle(_ kgo.BrokerMetadata, d time.Duration, _ bool) {
	if d > 0 {
		h.n.Add(1)
	}
}
