package pipeline

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/internal/kafkatest"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// This file is the Kafka harness of the end-to-end tests: a broker (kfake
// in-process on 127.0.0.1, or the cluster in KAFKA_BROKERS), unique topic
// and group names per test, a producer, a topic reader and the group's
// committed offsets. Nothing on the Kafka path is mocked.

// testCluster is a broker for one test.
type testCluster struct {
	addrs []string
	sec   security           // credentials of the test's own clients
	real  *kafkatest.Cluster // the cluster of make kafka-up, or nil
	fake  *kfake.Cluster     // the in-process broker, or nil
}

// transport is a fresh transport for the test's clients (a shared one
// would cache topic metadata across tests).
func (c *testCluster) transport() *kafka.Transport {
	tr := c.sec.transport()
	tr.ClientID = "precursor-test"
	return tr
}

// startCluster starts a one-broker kfake cluster on a random loopback port,
// or uses the real cluster in KAFKA_BROKERS (comma-separated) when set
// (cluster_test.go).
func startCluster(t testing.TB) *testCluster {
	t.Helper()
	if rc := realCluster(t); rc != nil {
		return &testCluster{addrs: rc.Brokers, real: rc}
	}
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(0), kfake.GroupMinSessionTimeout(500*time.Millisecond))
	if err != nil {
		t.Fatalf("start kfake: %v", err)
	}
	t.Cleanup(c.Close)
	return &testCluster{addrs: c.ListenAddrs(), fake: c}
}

var topicSeq atomic.Int64

// testConfig returns a pipeline config with topics and group unique to this
// test, created on the cluster with the pipeline's own topic settings.
func (c *testCluster) testConfig(t testing.TB, partitions int) Config {
	t.Helper()
	base := uniqueBase(t)
	cfg := DefaultConfig()
	cfg.Brokers = c.addrs
	cfg.GroupID = "g-" + base
	cfg.Topics = Topics{Input: "in-" + base, Alerts: "alerts-" + base, DeadLetters: "dead-" + base}
	cfg.HTTPListen = "127.0.0.1:0"
	cfg.BatchTimeout = 10 * time.Millisecond
	cfg.WatchFiles = false
	cfg.Partitions = partitions
	cfg.ShutdownTimeout = 10 * time.Second
	if c.real != nil && c.real.ReplicationFactor > 0 {
		cfg.ReplicationFactor = c.real.ReplicationFactor
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cl := &kafka.Client{Addr: kafka.TCP(c.addrs...), Transport: c.transport()}
	if err := createTopics(ctx, cl, topicConfigs(cfg)); err != nil {
		t.Fatalf("create topics: %v", err)
	}
	return cfg
}

// produce writes msgs to topic with acks from all replicas, keyed as given.
func (c *testCluster) produce(t testing.TB, topic string, msgs []kafka.Message) {
	t.Helper()
	if err := c.write(topic, msgs); err != nil {
		t.Fatal(err)
	}
}

// write is produce for goroutines other than the test's.
func (c *testCluster) write(topic string, msgs []kafka.Message) error {
	w := &kafka.Writer{Addr: kafka.TCP(c.addrs...), Topic: topic, Transport: c.transport(), Balancer: &kafka.Hash{},
		RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond, BatchSize: 1000, BatchBytes: maxDeadLetterBatchBytes}
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := w.WriteMessages(ctx, msgs...); err != nil {
		return fmt.Errorf("produce %d messages to %s: %w", len(msgs), topic, err)
	}
	return nil
}

// readTopic reads topic from the start until done(records) holds, failing
// the test after timeout.
func (c *testCluster) readTopic(t testing.TB, topic string, timeout time.Duration, done func([]*kgo.Record) bool) []*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(c.addrs...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchMaxWait(100*time.Millisecond))
	if err != nil {
		t.Fatalf("kgo client: %v", err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var recs []*kgo.Record
	for !done(recs) {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("reading %s: condition not met after %v with %d records", topic, timeout, len(recs))
		}
		fs.EachError(func(topic string, p int32, err error) { t.Logf("fetch %s/%d: %v", topic, p, err) })
		recs = append(recs, fs.Records()...)
	}
	return recs
}

// endOffsets returns the next offset to be written of every partition. A
// partition whose leader is moving answers with an error; it is asked
// again, so the map always has every partition (a missing one would make
// waitCommitted pass without it).
func (c *testCluster) endOffsets(t testing.TB, topic string, partitions int) map[int]int64 {
	t.Helper()
	var reqs []kafka.OffsetRequest
	for p := 0; p < partitions; p++ {
		reqs = append(reqs, kafka.LastOffsetOf(p))
	}
	out := map[int]int64{}
	retryRequest(t, "list offsets", func(ctx context.Context) error {
		cl := &kafka.Client{Addr: kafka.TCP(c.addrs...), Transport: c.transport()}
		resp, err := cl.ListOffsets(ctx, &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{topic: reqs}})
		if err != nil {
			return err
		}
		for _, po := range resp.Topics[topic] {
			if po.Error != nil {
				return fmt.Errorf("partition %d: %w", po.Partition, po.Error)
			}
			out[po.Partition] = po.LastOffset
		}
		if len(out) != partitions {
			return fmt.Errorf("end offsets of %d of %d partitions", len(out), partitions)
		}
		return nil
	})
	return out
}

// committed returns the group's committed offsets (-1 when none).
func (c *testCluster) committed(t testing.TB, group, topic string, partitions int) map[int]int64 {
	t.Helper()
	parts := make([]int, partitions)
	for i := range parts {
		parts[i] = i
	}
	var resp *kafka.OffsetFetchResponse
	retryRequest(t, "offset fetch", func(ctx context.Context) (err error) {
		cl := &kafka.Client{Addr: kafka.TCP(c.addrs...), Transport: c.transport()}
		resp, err = cl.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: group, Topics: map[string][]int{topic: parts}})
		return err
	})
	out := map[int]int64{}
	for _, po := range resp.Topics[topic] {
		out[po.Partition] = po.CommittedOffset
	}
	return out
}

// waitCommitted waits until the group has committed every partition's end
// offset.
func (c *testCluster) waitCommitted(t testing.TB, cfg Config, timeout time.Duration) {
	t.Helper()
	end := c.endOffsets(t, cfg.Topics.Input, cfg.Partitions)
	deadline := time.Now().Add(timeout)
	for {
		got := c.committed(t, cfg.GroupID, cfg.Topics.Input, cfg.Partitions)
		if equalOffsets(got, end) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("committed offsets %v, want end offsets %v after %v", got, end, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func equalOffsets(got, want map[int]int64) bool {
	for p, w := range want {
		if w == 0 {
			continue // empty partition: nothing to commit
		}
		if got[p] != w {
			return false
		}
	}
	return true
}

func sumOffsets(m map[int]int64) int64 {
	var n int64
	for _, v := range m {
		n += max(v, 0)
	}
	return n
}

// groupMembers returns the number of members of group.
func (c *testCluster) groupMembers(t testing.TB, group string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cl := &kafka.Client{Addr: kafka.TCP(c.addrs...), Transport: c.transport()}
	resp, err := cl.DescribeGroups(ctx, &kafka.DescribeGroupsRequest{GroupIDs: []string{group}})
	if err != nil {
		t.Fatalf("describe group %s: %v", group, err)
	}
	n := 0
	for _, g := range resp.Groups {
		n += len(g.Members)
	}
	return n
}
