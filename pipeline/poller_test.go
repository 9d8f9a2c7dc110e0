package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"
)

type fixedStats struct{ s kafka.ReaderStats }

func (f *fixedStats) Stats() kafka.ReaderStats { s := f.s; f.s = kafka.ReaderStats{}; return s }

// The poller adds reader-stat deltas to counters and measures group lag
// per partition against a real broker: end offset minus committed offset,
// or minus the first offset when the group has committed nothing.
func TestPollerLagAndDeltas(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 2)
	var msgs []kafka.Message
	for i := 0; i < 20; i++ {
		msgs = append(msgs, kafka.Message{Key: []byte(fmt.Sprint(i)), Value: []byte("x")})
	}
	c.produce(t, cfg.Topics.Input, msgs)
	end := c.endOffsets(t, cfg.Topics.Input, 2)

	m := NewMetrics(prometheus.NewRegistry())
	counts := &counters{}
	rs := &fixedStats{s: kafka.ReaderStats{Messages: 7, Bytes: 70, Fetches: 2, Rebalances: 1}}
	p := &poller{reader: rs, client: &kafka.Client{Addr: kafka.TCP(c.addrs...)}, topic: cfg.Topics.Input,
		group: cfg.GroupID, metrics: m, counts: counts, log: slog.New(slog.DiscardHandler)}
	ctx := context.Background()
	p.pollReader()
	p.pollReader() // counters reset between calls: no double counting
	if got := metricValue(m.MessagesFetched); got != 7 {
		t.Errorf("kafka_messages_fetched_total = %v, want 7", got)
	}
	if got := metricValue(m.Rebalances); got != 1 || !counts.joined.Load() {
		t.Errorf("rebalances_total = %v joined=%v, want 1 and joined", got, counts.joined.Load())
	}

	if _, err := p.groupLag(ctx); err != nil {
		t.Fatalf("groupLag: %v", err)
	}
	p.pollLag(ctx)
	if got := counts.lag.Load(); got != 20 {
		t.Errorf("lag with nothing committed = %d, want 20", got)
	}

	// Commit partition 0 fully through a group reader.
	rc := kafka.ReaderConfig{Brokers: c.addrs, GroupID: cfg.GroupID, Topic: cfg.Topics.Input,
		MaxBytes: 1 << 20, MaxWait: 100 * time.Millisecond, StartOffset: kafka.FirstOffset}
	fastGroup(&rc)
	r := kafka.NewReader(rc)
	defer r.Close()
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for got := 0; got < 20; got++ {
		msg, err := r.FetchMessage(cctx)
		if err != nil {
			t.Fatal(err)
		}
		if msg.Partition == 0 && msg.Offset == end[0]-1 {
			if err := r.CommitMessages(cctx, msg); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	p.pollLag(ctx)
	if got, want := counts.lag.Load(), end[1]; got != want {
		t.Errorf("lag after committing partition 0 = %d, want %d (partition 1 only)", got, want)
	}
	if got := metricValue(m.PartitionLag.WithLabelValues(cfg.Topics.Input, "0")); got != 0 {
		t.Errorf("partition_lag_messages{partition=0} = %v, want 0", got)
	}
}

// failingLag is a lag client whose requests fail while down is set.
type failingLag struct{ down bool }

func (f *failingLag) Metadata(context.Context, *kafka.MetadataRequest) (*kafka.MetadataResponse, error) {
	if f.down {
		return nil, errors.New("dial tcp 127.0.0.1:9092: connection refused")
	}
	return &kafka.MetadataResponse{Topics: []kafka.Topic{{Name: "in", Partitions: []kafka.Partition{{ID: 0}}}}}, nil
}

func (f *failingLag) ListOffsets(context.Context, *kafka.ListOffsetsRequest) (*kafka.ListOffsetsResponse, error) {
	return &kafka.ListOffsetsResponse{Topics: map[string][]kafka.PartitionOffsets{"in": {{Partition: 0, FirstOffset: 0, LastOffset: 9}}}}, nil
}

func (f *failingLag) OffsetFetch(context.Context, *kafka.OffsetFetchRequest) (*kafka.OffsetFetchResponse, error) {
	return &kafka.OffsetFetchResponse{Topics: map[string][]kafka.OffsetFetchPartition{"in": {{Partition: 0, CommittedOffset: 4}}}}, nil
}

// Two failed lag polls in a row mark the brokers unreachable (so /readyz
// turns 503); one success clears it.
func TestPollerMarksBrokersDown(t *testing.T) {
	fl := &failingLag{down: true}
	counts := &counters{}
	p := &poller{reader: &fixedStats{}, client: fl, topic: "in", group: "g",
		metrics: NewMetrics(prometheus.NewRegistry()), counts: counts, log: slog.New(slog.DiscardHandler)}
	ctx := context.Background()
	p.pollLag(ctx)
	if counts.brokersDown.Load() {
		t.Error("one failed poll already marks brokers down")
	}
	p.pollLag(ctx)
	if !counts.brokersDown.Load() {
		t.Error("two failed polls do not mark brokers down")
	}
	fl.down = false
	p.pollLag(ctx)
	if counts.brokersDown.Load() || counts.lag.Load() != 5 {
		t.Errorf("after recovery brokersDown=%v lag=%d, want false and 5", counts.brokersDown.Load(), counts.lag.Load())
	}
}
