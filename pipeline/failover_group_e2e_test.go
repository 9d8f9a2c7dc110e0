package pipeline

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/internal/kafkatest"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kgo"
)

// These tests measure failover with the production group timers
// (clients.go), not fastGroup's: how long the partitions of an instance
// that stops or dies stay without a consumer, and how long the service
// takes to resume after every broker was killed and came back. The
// figures they log are those of docs/reliability.md.

// Bounds the tests hold the service to. The targets are about 2 s after a
// clean stop and about 10 s after SIGKILL (a 6 s session timeout, a
// heartbeat, the rejoin) and after the brokers return; the margins absorb
// a loaded two-core machine.
const (
	handoverAfterStop    = 6 * time.Second
	handoverAfterKill    = 15 * time.Second
	resumeAfterBrokersUp = 15 * time.Second
)

// feeder produces a stream to a topic in small chunks at a steady pace
// until the stream is exhausted, retrying a chunk the brokers refuse.
type feeder struct {
	wg   sync.WaitGroup
	stop chan struct{}
}

// feed starts producing msgs to topic, chunk events every every.
func (c *testCluster) feed(t *testing.T, topic string, msgs []kafka.Message, chunk int, every time.Duration) *feeder {
	f := &feeder{stop: make(chan struct{})}
	f.wg.Go(func() {
		tick := time.NewTicker(every)
		defer tick.Stop()
		for i := 0; i < len(msgs); {
			select {
			case <-f.stop:
				return
			case <-tick.C:
			}
			j := min(i+chunk, len(msgs))
			if err := c.write(topic, msgs[i:j]); err != nil {
				continue // brokers down: the same chunk again at the next tick
			}
			i = j
		}
	})
	t.Cleanup(f.halt)
	return f
}

// wait waits until every event is produced.
func (f *feeder) wait() { f.wg.Wait() }

func (f *feeder) halt() {
	select {
	case <-f.stop:
	default:
		close(f.stop)
	}
	f.wg.Wait()
}

// startChild runs a pipeline with cfg in a child process with the
// production group timers, so the test can signal it.
func startChild(t *testing.T, cfg Config) *exec.Cmd {
	t.Helper()
	cfg.HTTPListen = ""
	raw, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.v")
	cmd.Env = append(os.Environ(), childConfigEnv+"="+string(raw), childTimersEnv+"=production")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd
}

// untilEveryPartitionMoves returns how long after start every partition's
// committed offset first exceeded its value in from: the time until each
// partition has a consumer committing again.
func (c *testCluster) untilEveryPartitionMoves(t *testing.T, cfg Config, from map[int]int64, start time.Time, limit time.Duration) time.Duration {
	t.Helper()
	var last time.Duration
	moved := map[int]bool{}
	for len(moved) < cfg.Partitions {
		if time.Since(start) > limit+10*time.Second {
			t.Fatalf("partitions %v moved; the others have committed nothing %v after the event", moved, time.Since(start).Round(time.Millisecond))
		}
		got := c.committed(t, cfg.GroupID, cfg.Topics.Input, cfg.Partitions)
		for p := range cfg.Partitions {
			if !moved[p] && got[p] > from[p] {
				moved[p], last = true, time.Since(start)
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	return last
}

// TestEndToEndGroupFailover runs two instances in one group, the second in
// a child process, over a steady feed; the child is stopped with SIGTERM
// (it drains and leaves the group) or killed with SIGKILL (it vanishes
// and its session has to expire). The survivor must take over the child's
// partitions within the bound, and every alert must be written.
func TestEndToEndGroupFailover(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sig   syscall.Signal
		bound time.Duration
	}{
		{"stopped", syscall.SIGTERM, handoverAfterStop},
		{"killed", syscall.SIGKILL, handoverAfterKill},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := startCluster(t)
			cfg := c.testConfig(t, 6)
			cfg.BatchSize = 20
			eng := defaultEngine(t)
			msgs := buildStream(t, "failover-"+tc.name, 3000, false)
			ex := expect(t, eng, msgs)

			survivor := startPipelineTimers(t, cfg, Options{Engine: eng}, nil)
			child := startChild(t, cfg)
			f := c.feed(t, cfg.Topics.Input, msgs, 25, 50*time.Millisecond) // 500 events/s, 6 s
			waitFor(t, "both instances assigned partitions", 30*time.Second, func() bool {
				return c.assignedMembers(t, cfg.GroupID) == 2
			})
			// Both commit in the settled generation: every partition moves.
			c.untilEveryPartitionMoves(t, cfg, c.committed(t, cfg.GroupID, cfg.Topics.Input, cfg.Partitions), time.Now(), 20*time.Second)
			if n := c.assignedMembers(t, cfg.GroupID); n != 2 {
				t.Fatalf("%d members with partitions before the signal, want 2", n)
			}
			signalled := time.Now()
			if err := child.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			// The offsets once the child is gone and its last commit, sent
			// as it died, has landed: from them on only the survivor commits.
			_ = child.Wait()
			time.Sleep(300 * time.Millisecond)
			at := c.committed(t, cfg.GroupID, cfg.Topics.Input, cfg.Partitions)
			took := c.untilEveryPartitionMoves(t, cfg, at, signalled, tc.bound)
			t.Logf("child got %v; every partition committing again after %v (bound %v)", tc.sig, took.Round(time.Millisecond), tc.bound)
			if took > tc.bound {
				t.Errorf("partitions without a consumer for %v after %v, want at most %v", took.Round(time.Millisecond), tc.sig, tc.bound)
			}
			f.wait()
			c.waitCommitted(t, cfg, 60*time.Second)
			survivor.stop()
			checkAlerts(t, c, cfg, ex)
		})
	}
}

// TestEndToEndBrokersReturn kills every broker mid-stream and starts them
// again: the pipeline, which keeps retrying meanwhile, must resume within
// the bound after the brokers are back (registered and answering), and
// lose nothing. It needs brokers
// that restart with their data: the real cluster (make test-kafka).
func TestEndToEndBrokersReturn(t *testing.T) {
	rc := realCluster(t)
	if rc == nil {
		t.Skip("needs brokers that restart with their data: the real cluster (make test-kafka)")
	}
	c := &testCluster{addrs: rc.Brokers, real: rc}
	c.need(t, "control")
	cfg := c.testConfig(t, 3)
	cfg.BatchSize = 20
	eng := defaultEngine(t)
	msgs := buildStream(t, "return", 3000, false)
	ex := expect(t, eng, msgs)
	// The pipeline's warnings (each retry logs one) explain a slow resume.
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	r := startPipelineTimers(t, cfg, Options{Engine: eng, Logger: log}, nil)
	f := c.feed(t, cfg.Topics.Input, msgs, 25, 50*time.Millisecond)
	waitFor(t, "the pipeline consuming", 30*time.Second, func() bool { return r.p.Stats().Consumed > 200 })

	c.killAllBrokers(t)
	killed := time.Now()
	time.Sleep(3 * time.Second) // the service meets refused connections for a while
	var back time.Time          // every broker registered and answering
	c.onCluster(t, "restart brokers", func(ctx context.Context, rc *kafkatest.Cluster) error {
		if err := rc.StartBrokers(ctx, rc.BrokerIDs...); err != nil {
			return err
		}
		back = time.Now()
		return rc.WaitInSync(ctx)
	})
	at := c.committed(t, cfg.GroupID, cfg.Topics.Input, cfg.Partitions)
	took := c.untilEveryPartitionMoves(t, cfg, at, back, resumeAfterBrokersUp)
	t.Logf("brokers down for %v; every partition committing again %v after they were back (bound %v)",
		back.Sub(killed).Round(time.Millisecond), took.Round(time.Millisecond), resumeAfterBrokersUp)
	if took > resumeAfterBrokersUp {
		t.Errorf("resumed %v after the brokers were back (at %s), want at most %v; the pipeline's warnings:\n%s",
			took.Round(time.Millisecond), back.Format("15:04:05.000"), resumeAfterBrokersUp, logs.String())
	}
	f.wait()
	c.waitCommitted(t, cfg, 90*time.Second)
	r.stop()
	checkAlerts(t, c, cfg, ex)
}

// assignedMembers returns the number of members of a stable group that
// have partitions assigned (0 while the group rebalances).
func (c *testCluster) assignedMembers(t *testing.T, group string) int {
	t.Helper()
	var resp *kafka.DescribeGroupsResponse
	retryRequest(t, "describe group", func(ctx context.Context) (err error) {
		cl := &kafka.Client{Addr: kafka.TCP(c.addrs...), Transport: c.transport()}
		resp, err = cl.DescribeGroups(ctx, &kafka.DescribeGroupsRequest{GroupIDs: []string{group}})
		return err
	})
	n := 0
	for _, g := range resp.Groups {
		if g.GroupState != "Stable" {
			return 0
		}
		for _, m := range g.Members {
			for _, tp := range m.MemberAssignments.Topics {
				if len(tp.Partitions) > 0 {
					n++
					break
				}
			}
		}
	}
	return n
}

// checkAlerts reads the alert topic until every expected alert id is there
// and fails on a missing or unexpected one; duplicates (re-delivery) are
// counted, not failed.
func checkAlerts(t *testing.T, c *testCluster, cfg Config, ex expectation) {
	t.Helper()
	recs := c.readTopic(t, cfg.Topics.Alerts, 20*time.Second, func(r []*kgo.Record) bool {
		return len(alertIDs(decodeAlerts(t, r))) >= len(ex.alerts)
	})
	alerts := decodeAlerts(t, recs)
	if missing, extra := diffIDs(ex.alerts, alertIDs(alerts)); len(missing)+len(extra) > 0 {
		t.Errorf("alert ids differ:\nmissing %v\nextra %v", missing, extra)
	}
	t.Logf("%d alert messages for %d distinct alerts (%d written again after re-delivery)", len(alerts), len(ex.alerts), len(alerts)-len(ex.alerts))
}
