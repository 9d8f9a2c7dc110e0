package pipeline

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestEndToEndBackPressure makes the brokers refuse every produce to the
// alert topic (NOT_ENOUGH_REPLICAS; on the real cluster because a broker is
// down while the topic needs every replica in sync): the pipeline must
// retry, count the failures and commit nothing; once the topic recovers,
// every alert is written exactly once and every offset committed.
func TestEndToEndBackPressure(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 3)
	allow := c.refuseWrites(t, cfg.Topics.Alerts)

	eng := defaultEngine(t)
	msgs := buildStream(t, "bp", 120, false)
	ex := expect(t, eng, msgs)
	c.produce(t, cfg.Topics.Input, msgs)
	r := startPipeline(t, cfg, Options{Engine: eng})

	waitFor(t, "write errors on the alert sink", 20*time.Second, func() bool {
		return metricValue(r.p.metrics.WriteErrors.WithLabelValues(sinkAlerts)) >= 2
	})
	if got := sumOffsets(c.committed(t, cfg.GroupID, cfg.Topics.Input, 3)); got != 0 || r.p.Stats().Commits != 0 {
		t.Fatalf("committed %d offsets (%d commits) while the alert topic refused writes", got, r.p.Stats().Commits)
	}
	allow()
	c.waitCommitted(t, cfg, 30*time.Second)
	r.stop()

	recs := c.readTopic(t, cfg.Topics.Alerts, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(ex.alerts) })
	if len(recs) != len(ex.alerts) {
		t.Errorf("%d alerts after recovery, want exactly %d", len(recs), len(ex.alerts))
	}
	if missing, extra := diffIDs(ex.alerts, alertIDs(decodeAlerts(t, recs))); len(missing)+len(extra) > 0 {
		t.Errorf("alert ids differ after back-pressure:\nmissing %v\nextra %v", missing, extra)
	}
	t.Logf("%v write errors counted while the alert topic refused writes",
		metricValue(r.p.metrics.WriteErrors.WithLabelValues(sinkAlerts)))
}

// refuseProduce answers req with code for every partition.
func refuseProduce(req *kmsg.ProduceRequest, code int16) *kmsg.ProduceResponse {
	resp := req.ResponseKind().(*kmsg.ProduceResponse)
	for _, rt := range req.Topics {
		st := kmsg.NewProduceResponseTopic()
		st.Topic = rt.Topic
		for _, rp := range rt.Partitions {
			sp := kmsg.NewProduceResponseTopicPartition()
			sp.Partition = rp.Partition
			sp.ErrorCode = code
			st.Partitions = append(st.Partitions, sp)
		}
		resp.Topics = append(resp.Topics, st)
	}
	return resp
}

// A drain that cannot write its batch before the shutdown budget runs out
// is not a clean stop: Run must say so (ErrShutdownIncomplete), so that
// `precursor run` exits non-zero, and must commit nothing.
func TestEndToEndShutdownIncomplete(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 1)
	cfg.ShutdownTimeout = time.Second
	c.refuseWrites(t, cfg.Topics.Alerts)
	eng := defaultEngine(t)
	c.produce(t, cfg.Topics.Input, buildStream(t, "inc", 40, false))
	reg := prometheus.NewRegistry()
	p, err := New(cfg, Options{Engine: eng, Registerer: reg, Gatherer: reg})
	if err != nil {
		t.Fatal(err)
	}
	p.tweakReader = fastGroup
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	waitFor(t, "write errors on the alert sink", 20*time.Second, func() bool {
		return metricValue(p.metrics.WriteErrors.WithLabelValues(sinkAlerts)) >= 1
	})
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, ErrShutdownIncomplete) {
			t.Errorf("Run = %v, want an error wrapping ErrShutdownIncomplete", err)
		}
	case <-time.After(cfg.ShutdownTimeout + 10*time.Second):
		t.Fatal("Run did not return")
	}
	if got := sumOffsets(c.committed(t, cfg.GroupID, cfg.Topics.Input, 1)); got != 0 {
		t.Errorf("committed %d offsets past unwritten alerts", got)
	}
}
