package pipeline

import (
	"context"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/internal/kafkatest"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestEndToEndProduceQuota runs a stream through the pipeline while the
// brokers hold its writers (client id "precursor") to a produce quota well
// below the rate it can write: the brokers throttle it, and it must still
// write every alert exactly once and commit everything, only later. Only
// the real cluster enforces quotas.
func TestEndToEndProduceQuota(t *testing.T) {
	c := startCluster(t)
	if c.real == nil {
		t.Skip("produce quotas need the real cluster: run make test-kafka")
	}
	cfg := c.testConfig(t, 1) // one partition: one leader enforces the quota
	eng := defaultEngine(t)
	msgs := buildStream(t, "quota", 1500, false)
	ex := expect(t, eng, msgs)
	c.produce(t, cfg.Topics.Input, msgs)

	// The brokers average over at least 10 s: a quota throttles only what
	// exceeds 10 s of it. 256 KB/s against about 5.7 MB of alerts holds the
	// pipeline back by several seconds, each throttle shorter than the
	// writer's 10 s timeout. (A throttle longer than the timeout makes the
	// writer retry a batch the broker kept: at-least-once, the alerts come
	// twice under the same ids.)
	const rate = 256 << 10
	c.setProduceQuota(t, "precursor", rate)
	start := time.Now()
	r := startPipeline(t, cfg, Options{Engine: eng})
	c.waitCommitted(t, cfg, 2*time.Minute)
	took := time.Since(start)
	r.stop()

	recs := c.readTopic(t, cfg.Topics.Alerts, 20*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(ex.alerts) })
	alerts := decodeAlerts(t, recs)
	if len(alerts) != len(ex.alerts) {
		t.Errorf("%d alerts written under the quota, want exactly %d", len(alerts), len(ex.alerts))
	}
	if missing, extra := diffIDs(ex.alerts, alertIDs(alerts)); len(missing)+len(extra) > 0 {
		t.Errorf("alert ids differ under the quota:\nmissing %v\nextra %v", missing, extra)
	}
	var written int
	for _, rec := range recs {
		written += len(rec.Key) + len(rec.Value)
	}
	// Past the first 10 s of quota the brokers throttle. kafka-go records
	// the throttle time of their answers in its writer stats but does not
	// wait for it itself, and gets more than the quota:
	// the floor allows 4x. Unthrottled, this stream takes under 0.2 s.
	if floor := time.Duration(float64(written-10*rate) / (4 * rate) * float64(time.Second)); took < floor {
		t.Errorf("%d alert bytes in %v at a %d B/s quota: faster than the brokers allow (at least %v); was the quota enforced?",
			written, took, rate, floor)
	}
	t.Logf("%d events, %d alerts (%d bytes) in %v at a %d B/s produce quota", len(msgs), len(alerts), written, took.Round(time.Millisecond), rate)
}

// setProduceQuota limits producers with clientID to bytesPerSecond on
// each broker of the real cluster until the test ends.
func (c *testCluster) setProduceQuota(t *testing.T, clientID string, bytesPerSecond float64) {
	t.Helper()
	c.onCluster(t, "set a produce quota", func(ctx context.Context, rc *kafkatest.Cluster) error {
		return rc.SetProduceQuota(ctx, clientID, bytesPerSecond)
	})
	t.Cleanup(func() {
		c.onCluster(t, "remove the produce quota", func(ctx context.Context, rc *kafkatest.Cluster) error {
			return rc.SetProduceQuota(ctx, clientID, 0)
		})
	})
}
