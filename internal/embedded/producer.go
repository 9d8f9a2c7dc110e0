package embedded

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Producer writes records to one topic asynchronously in large batches. It
// is safe for concurrent use. Records with the same key go to the same
// partition (Kafka's murmur2 partitioning, as the Java client does).
type Producer struct {
	cl    *kgo.Client
	topic string

	acked  atomic.Int64
	failed atomic.Int64
	mu     sync.Mutex
	err    error // first delivery error
}

// Producer tuning: big batches with a short linger, so a preload of
// hundreds of thousands of events takes seconds and a steady trickle is
// still delivered within milliseconds.
const (
	producerLinger      = 5 * time.Millisecond
	producerMaxBuffered = 50000
	producerBatchBytes  = 1 << 20
)

// NewProducer returns a producer for topic on the brokers at addrs. It does
// not connect until the first record.
func NewProducer(addrs []string, topic string) (*Producer, error) {
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(addrs...),
		kgo.DefaultProduceTopic(topic),
		kgo.AllowAutoTopicCreation(),
		kgo.ProducerLinger(producerLinger),
		kgo.MaxBufferedRecords(producerMaxBuffered),
		kgo.ProducerBatchMaxBytes(producerBatchBytes),
		kgo.ProducerBatchCompression(kgo.NoCompression()),
	)
	if err != nil {
		return nil, fmt.Errorf("new producer for %s: %w", topic, err)
	}
	return &Producer{cl: cl, topic: topic}, nil
}

// Send queues one record. It blocks while the buffer is full (until the
// broker acknowledges earlier records) and returns ctx's error without
// queueing if ctx has ended. Delivery errors are reported by Flush and Err.
func (p *Producer) Send(ctx context.Context, key, value []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// The record itself is not tied to ctx: once queued it is delivered
	// even if ctx ends while it lingers in a batch.
	p.cl.Produce(context.WithoutCancel(ctx), &kgo.Record{Key: key, Value: value}, p.promise)
	return nil
}

// promise records the outcome of one record.
func (p *Producer) promise(_ *kgo.Record, err error) { p.ack(err) }

func (p *Producer) ack(err error) {
	if err == nil {
		p.acked.Add(1)
		return
	}
	p.failed.Add(1)
	p.mu.Lock()
	if p.err == nil {
		p.err = fmt.Errorf("produce to %s: %w", p.topic, err)
	}
	p.mu.Unlock()
}

// Flush waits until every queued record is acknowledged or failed and
// returns the first delivery error so far.
func (p *Producer) Flush(ctx context.Context) error {
	if err := p.cl.Flush(ctx); err != nil {
		return fmt.Errorf("flush %s: %w", p.topic, err)
	}
	return p.Err()
}

// Err returns the first delivery error, if any.
func (p *Producer) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// Acked returns how many records the broker has acknowledged.
func (p *Producer) Acked() int64 { return p.acked.Load() }

// Failed returns how many records could not be delivered.
func (p *Producer) Failed() int64 { return p.failed.Load() }

// Close flushes nothing: call Flush first to deliver queued records.
func (p *Producer) Close() { p.cl.Close() }

// Preload writes n records from next to topic and waits until all are
// acknowledged. next is called n times, from one goroutine.
func Preload(ctx context.Context, addrs []string, topic string, n int, next func() (key, value []byte)) error {
	p, err := NewProducer(addrs, topic)
	if err != nil {
		return err
	}
	defer p.Close()
	for range n {
		k, v := next()
		if err := p.Send(ctx, k, v); err != nil {
			return fmt.Errorf("preload %s: %w", topic, err)
		}
		if err := p.Err(); err != nil {
			return fmt.Errorf("preload: %w", err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		return fmt.Errorf("preload: %w", err)
	}
	return nil
}
