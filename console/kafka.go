package console

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"time"

	"github.com/precursorwatch/precursor/console/disposition"
	"github.com/segmentio/kafka-go"
)

// newReader returns the console's consumer group reader of both topics.
// The group is named after the store, so a new store starts at the
// beginning of both topics and a reopened one resumes.
func newReader(c Config, storeID string) (*kafka.Reader, error) {
	rc := kafka.ReaderConfig{
		Brokers:           c.Brokers,
		GroupID:           c.GroupPrefix + "-" + storeID,
		GroupTopics:       []string{c.AlertsTopic, c.DispositionsTopic},
		StartOffset:       kafka.FirstOffset,
		MinBytes:          1,
		MaxBytes:          16 << 20,
		MaxWait:           250 * time.Millisecond,
		HeartbeatInterval: time.Second,
		SessionTimeout:    10 * time.Second,
		RebalanceTimeout:  10 * time.Second,
		CommitInterval:    0, // synchronous: offsets are committed after the store
	}
	if err := rc.Validate(); err != nil {
		return nil, fmt.Errorf("kafka reader: %w", err)
	}
	return kafka.NewReader(rc), nil
}

// newWriter returns the writer of dispositions: keyed by alert id with
// Kafka's murmur2 partitioning, acknowledged by every in-sync replica,
// sent at once.
func newWriter(c Config) *kafka.Writer {
	return &kafka.Writer{
		Addr:         kafka.TCP(c.Brokers...),
		Topic:        c.DispositionsTopic,
		Balancer:     &kafka.Murmur2Balancer{},
		RequiredAcks: kafka.RequireAll,
		BatchTimeout: time.Millisecond,
		MaxAttempts:  5,
		WriteTimeout: 10 * time.Second,
	}
}

// writeDisposition writes one record and waits for its acknowledgement.
func writeDisposition(ctx context.Context, w *kafka.Writer, d disposition.Disposition) error {
	err := w.WriteMessages(ctx, kafka.Message{Key: []byte(d.AlertID), Value: d.Encode(), Time: d.At})
	if err != nil {
		return fmt.Errorf("write disposition of %s: %w", d.AlertID, err)
	}
	return nil
}

// ensureTopic creates the compacted dispositions topic when it is
// missing, retrying until the brokers answer or ctx ends.
func ensureTopic(ctx context.Context, c Config, log *slog.Logger) error {
	cl := &kafka.Client{Addr: kafka.TCP(c.Brokers...), Timeout: 10 * time.Second}
	topic := kafka.TopicConfig{Topic: c.DispositionsTopic, NumPartitions: c.Partitions, ReplicationFactor: c.ReplicationFactor,
		ConfigEntries: []kafka.ConfigEntry{{ConfigName: "cleanup.policy", ConfigValue: "compact"}}}
	for attempt := 0; ; attempt++ {
		resp, err := cl.CreateTopics(ctx, &kafka.CreateTopicsRequest{Topics: []kafka.TopicConfig{topic}})
		if err == nil {
			err = resp.Errors[c.DispositionsTopic]
			if err == nil || errors.Is(err, kafka.TopicAlreadyExists) {
				return nil
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		d := min(time.Duration(1<<min(attempt, 5))*200*time.Millisecond, 5*time.Second)
		log.Warn("creating the dispositions topic failed; retrying", "topic", c.DispositionsTopic, "backoff", d, "err", err)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d):
		}
	}
}

// ReadDispositions reads every record of a dispositions topic, from the
// beginning to the end each partition has when it is reached, without a
// consumer group, and calls fn for each valid one; it returns the number
// of invalid records skipped. `precursor rules stats` uses it.
func ReadDispositions(ctx context.Context, brokers []string, topic string, fn func(disposition.Disposition)) (int, error) {
	conn, err := kafka.DialContext(ctx, "tcp", brokers[0])
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", topic, err)
	}
	parts, err := conn.ReadPartitions(topic)
	conn.Close()
	if err != nil {
		return 0, fmt.Errorf("read %s: partitions: %w", topic, err)
	}
	invalid := 0
	for _, p := range parts {
		n, err := readPartition(ctx, p, topic, fn)
		invalid += n
		if err != nil {
			return invalid, err
		}
	}
	return invalid, nil
}

func readPartition(ctx context.Context, p kafka.Partition, topic string, fn func(disposition.Disposition)) (int, error) {
	addr := net.JoinHostPort(p.Leader.Host, strconv.Itoa(p.Leader.Port))
	conn, err := kafka.DialLeader(ctx, "tcp", addr, topic, p.ID)
	if err != nil {
		return 0, fmt.Errorf("read %s/%d: %w", topic, p.ID, err)
	}
	first, last, err := conn.ReadOffsets()
	conn.Close()
	if err != nil || first >= last {
		return 0, err
	}
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{addr}, Topic: topic, Partition: p.ID,
		MinBytes: 1, MaxBytes: 16 << 20, MaxWait: 250 * time.Millisecond})
	defer r.Close()
	if err := r.SetOffset(first); err != nil {
		return 0, fmt.Errorf("read %s/%d: %w", topic, p.ID, err)
	}
	invalid := 0
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return invalid, fmt.Errorf("read %s/%d: %w", topic, p.ID, err)
		}
		if m.Value != nil {
			if d, err := disposition.Decode(m.Value); err == nil {
				fn(d)
			} else {
				invalid++
			}
		}
		if m.Offset+1 >= last {
			return invalid, nil
		}
	}
}
