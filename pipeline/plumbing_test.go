package pipeline

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestKafkaPlumbing drives the real Kafka path (reader group, writers,
// commits) with the fake evaluator.
func TestKafkaPlumbing(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 3)
	var msgs []kafka.Message
	want := map[string]bool{}
	for i := 0; i < 300; i++ {
		id := fmt.Sprintf("S%04d", i)
		v := fakeValue(id, i%7 == 0)
		switch {
		case i%50 == 49:
			v = []byte("{broken")
		case i%7 == 0:
			want[fmt.Sprintf("alert:%s:1", id)] = true
		}
		msgs = append(msgs, kafka.Message{Key: []byte(id), Value: v})
	}
	c.produce(t, cfg.Topics.Input, msgs)
	p, err := New(cfg, Options{evaluator: &fakeEvaluator{version: "1"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- p.Run(ctx) }()
	c.waitCommitted(t, cfg, 20*time.Second)
	t.Logf("300 events in %v", time.Since(start))
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	recs := c.readTopic(t, cfg.Topics.Alerts, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(want) })
	for _, r := range recs {
		if !want[string(r.Value)] {
			t.Errorf("unexpected alert %q", r.Value)
		}
	}
	dead := c.readTopic(t, cfg.Topics.DeadLetters, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= 6 })
	if len(dead) != 6 {
		t.Errorf("%d dead letters, want 6", len(dead))
	}
	if s := p.Stats(); s.Consumed != 300 || s.DeadLetters != 6 {
		t.Errorf("stats %+v", s)
	}
}
