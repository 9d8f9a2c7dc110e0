package pipeline

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/segmentio/kafka-go"
)

// commitAll is the commit stage: it commits the batches the delivery
// stage has passed on, in order, and returns their buffers to free. Every
// batch acknowledged while a commit is in flight is committed with the
// next one, in a single request. Once a commit cannot be made (work ended
// during a drain) the remaining batches are dropped uncommitted; they will
// be re-delivered by Kafka.
func (l *loop) commitAll(work context.Context, acked <-chan *batch, free chan<- *batch) error {
	var failed error
	var group []*batch
	for b := range acked {
		group = gatherReady(acked, append(group[:0], b))
		if failed == nil {
			if err := l.commitBatches(work, group); err != nil {
				failed = fmt.Errorf("%w: shutdown budget exhausted with %d written events uncommitted (they will be re-delivered): %w",
					ErrShutdownIncomplete, countEvents(group), err)
			}
		}
		for _, b := range group {
			free <- b
		}
	}
	return failed
}

// commitBatches commits the highest offset per partition of bs, which
// every output has acknowledged and which follow every batch committed
// before, then records their metrics.
func (l *loop) commitBatches(ctx context.Context, bs []*batch) error {
	l.points = l.points[:0]
	for _, b := range bs {
		l.points = commitPoints(b.msgs, l.points)
	}
	start := l.now()
	if err := commit(ctx, l.src, l.points, l.log); err != nil {
		return fmt.Errorf("commit %s: %w", describePoints(l.points), err)
	}
	l.cache().stage(stageCommit).Observe(l.now().Sub(start).Seconds())
	l.metrics.Commits.Inc()
	l.counts.commits.Add(1)
	for _, b := range bs {
		l.cache().stage(stageWrite).Observe(b.writeTime.Seconds())
		l.record(b)
	}
	return nil
}

func countEvents(bs []*batch) int {
	n := 0
	for _, b := range bs {
		n += len(b.msgs)
	}
	return n
}

// commitPoints adds to dst, for each topic-partition in batch, the message
// with the highest offset (in dst or batch), in order of first appearance,
// and returns dst.
//
// A batch is committed only after every event in it has been evaluated and
// every resulting alert and dead letter acknowledged, and batches are
// committed one after another in fetch order. The highest offset of a
// partition in the batches committed together is therefore the highest
// contiguous processed offset of that partition: everything fetched before
// it has been handled. Committing it commits everything before it (Kafka
// keeps one offset per partition and group).
func commitPoints(batch []kafka.Message, dst []kafka.Message) []kafka.Message {
	for _, m := range batch {
		found := false
		for i := range dst {
			if dst[i].Topic == m.Topic && dst[i].Partition == m.Partition {
				if m.Offset > dst[i].Offset {
					// Only position fields matter to a commit; no payload,
					// so the commit request does not pin large values.
					dst[i].Offset = m.Offset
				}
				found = true
				break
			}
		}
		if !found {
			dst = append(dst, kafka.Message{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset})
		}
	}
	return dst
}

// commit commits points, retrying with backoff until it succeeds or ctx
// ends. Retrying a commit is always safe: the results are already written.
func commit(ctx context.Context, src source, points []kafka.Message, log *slog.Logger) error {
	for attempt := 0; ; attempt++ {
		err := src.CommitMessages(ctx, points...)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		d := backoff(attempt)
		log.Warn("commit failed; retrying", "attempt", attempt+1, "backoff", d, "err", err)
		if !sleep(ctx, d) {
			return ctx.Err()
		}
	}
}
