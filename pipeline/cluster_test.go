package pipeline

import (
	"context"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/internal/kafkatest"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// This file gives each end-to-end test what it needs from its broker on
// both kinds the harness knows: kfake in-process, where faults are
// injected, and the real three-broker cluster of make kafka-up
// (internal/kafkatest), where the brokers produce them: a topic refusing
// writes, a size limit, a SASL or TLS listener, a broker starting late,
// every broker dying.

// clusterTimeout bounds one action on the real cluster (a broker restart
// waits for its old session to expire and for its replicas to catch up).
const clusterTimeout = 2 * time.Minute

// realCluster is the cluster described by the environment (make
// test-kafka, or eval "$(.ci/kafka/kafka.sh env)"), or nil without
// KAFKA_BROKERS. Before a test it waits until every broker is up and every
// replica in sync, so a test never inherits a broken cluster.
func realCluster(t testing.TB) *kafkatest.Cluster {
	t.Helper()
	rc, err := kafkatest.FromEnv(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	if rc != nil && len(rc.BrokerIDs) > 0 {
		ctx, cancel := context.WithTimeout(context.Background(), clusterTimeout)
		defer cancel()
		if err := rc.WaitInSync(ctx); err != nil {
			t.Fatalf("the cluster is not whole before the test: %v", err)
		}
	}
	return rc
}

// uniqueBase is a name for the topics and group of one test run: runs on a
// long-lived cluster never see each other's data.
func uniqueBase(t testing.TB) string {
	n := topicSeq.Add(1)
	return fmt.Sprintf("%s-%d-%d", strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()), time.Now().UnixNano()%1e6, n)
}

// retryRequest runs one request of the test's own clients, each attempt
// bounded to 5 s, retrying for up to 30 s: while a broker is down or a
// leader moves, a request may meet the dead broker first. It fails the
// test with the last error.
func retryRequest(t testing.TB, what string, try func(context.Context) error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := try(ctx)
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// need fails the test unless the real cluster's description has parts
// ("sasl", "ssl", "control").
func (c *testCluster) need(t testing.TB, parts ...string) {
	t.Helper()
	if err := c.real.Need(parts...); err != nil {
		t.Fatal(err)
	}
}

// onCluster runs f on the real cluster with clusterTimeout, failing the
// test on error.
func (c *testCluster) onCluster(t testing.TB, what string, f func(context.Context, *kafkatest.Cluster) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), clusterTimeout)
	defer cancel()
	if err := f(ctx, c.real); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// refuseWrites makes the cluster answer every produce request to topic
// with NOT_ENOUGH_REPLICAS until allow is called (at the latest when the
// test ends). kfake injects the error; on the real cluster the brokers
// refuse by themselves: the topic needs all its replicas in sync while one
// broker is stopped (kafkatest.RefuseWrites), and allow restarts it.
func (c *testCluster) refuseWrites(t *testing.T, topic string) (allow func()) {
	t.Helper()
	if c.real == nil {
		var blocked atomic.Bool
		blocked.Store(true)
		c.fake.ControlKey(int16(kmsg.Produce), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
			c.fake.KeepControl()
			req := kreq.(*kmsg.ProduceRequest)
			if !blocked.Load() || len(req.Topics) == 0 || req.Topics[0].Topic != topic {
				return nil, nil, false
			}
			return refuseProduce(req, kerr.NotEnoughReplicas.Code), nil, true
		})
		return func() { blocked.Store(false) }
	}
	c.need(t, "control")
	var restore func(context.Context) error
	c.onCluster(t, "refuse writes", func(ctx context.Context, rc *kafkatest.Cluster) error {
		id, allow, err := rc.RefuseWrites(ctx, topic)
		if err != nil {
			return err
		}
		restore = allow
		t.Logf("broker %d stopped; %s needs every replica in sync and refuses writes", id, topic)
		return nil
	})
	var once sync.Once
	allow = func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), clusterTimeout)
			defer cancel()
			if err := restore(ctx); err != nil {
				t.Errorf("let %s accept writes again: %v", topic, err)
			}
		})
	}
	t.Cleanup(allow)
	return allow
}

// limitRecordBatches makes topic refuse every record batch larger than
// limit bytes with MESSAGE_TOO_LARGE, as a topic with
// max.message.bytes=limit does: kfake checks each produce request, the
// real cluster gets that topic config.
func (c *testCluster) limitRecordBatches(t *testing.T, topic string, limit int) {
	t.Helper()
	if c.real == nil {
		c.fake.ControlKey(int16(kmsg.Produce), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
			c.fake.KeepControl()
			req := kreq.(*kmsg.ProduceRequest)
			if len(req.Topics) == 0 || req.Topics[0].Topic != topic {
				return nil, nil, false
			}
			for _, p := range req.Topics[0].Partitions {
				if len(p.Records) > limit {
					return refuseProduce(req, kerr.MessageTooLarge.Code), nil, true
				}
			}
			return nil, nil, false
		})
		return
	}
	v := strconv.Itoa(limit)
	c.onCluster(t, "limit record batches", func(ctx context.Context, rc *kafkatest.Cluster) error {
		return rc.SetTopicConfig(ctx, topic, map[string]*string{"max.message.bytes": &v})
	})
}

// killAllBrokers makes every broker vanish at once: kfake closes, and on
// the real cluster every broker gets SIGKILL; they are restarted when the
// test ends.
func (c *testCluster) killAllBrokers(t *testing.T) {
	t.Helper()
	if c.real == nil {
		c.fake.Close()
		return
	}
	c.need(t, "control")
	t.Cleanup(func() { c.startBrokers(t, c.real.BrokerIDs...) })
	c.onCluster(t, "kill every broker", func(ctx context.Context, rc *kafkatest.Cluster) error {
		for _, id := range rc.BrokerIDs {
			if err := rc.KillBroker(ctx, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// startBrokers starts brokers of the real cluster in parallel and waits
// until every replica is in sync again.
func (c *testCluster) startBrokers(t *testing.T, ids ...int32) {
	t.Helper()
	start := time.Now()
	c.onCluster(t, "restart brokers", func(ctx context.Context, rc *kafkatest.Cluster) error {
		if err := rc.StartBrokers(ctx, ids...); err != nil {
			return err
		}
		up := time.Since(start)
		if err := rc.WaitInSync(ctx); err != nil {
			return err
		}
		t.Logf("brokers %v restarted in %v, every replica in sync after %v", ids, up.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
		return nil
	})
}

// lateBroker returns the address of a broker that is not up yet, the
// replication factor for topics on its cluster, and start, which brings it
// up and returns the cluster it belongs to: kfake on a port reserved now,
// or a broker of the real cluster, stopped now and started again by start
// (or when the test ends).
func lateBroker(t *testing.T) (addr string, rf int, start func() *testCluster) {
	t.Helper()
	if rc := realCluster(t); rc != nil {
		c := &testCluster{addrs: rc.Brokers, real: rc}
		c.need(t, "control")
		id := rc.BrokerIDs[len(rc.BrokerIDs)-1]
		c.onCluster(t, "stop a broker", func(ctx context.Context, rc *kafkatest.Cluster) error {
			var err error
			if addr, err = rc.BrokerAddr(ctx, id); err != nil {
				return err
			}
			return rc.StopBroker(ctx, id)
		})
		var once sync.Once
		start = func() *testCluster {
			once.Do(func() { c.startBrokers(t, id) })
			return c
		}
		t.Cleanup(func() { start() })
		return addr, max(rc.ReplicationFactor, 1), start
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return "127.0.0.1:" + strconv.Itoa(port), 1, func() *testCluster {
		cl, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(port), kfake.GroupMinSessionTimeout(500*time.Millisecond))
		if err != nil {
			t.Fatalf("start kfake on port %d: %v", port, err)
		}
		t.Cleanup(cl.Close)
		return &testCluster{addrs: cl.ListenAddrs(), fake: cl}
	}
}
