package pipeline

import (
	"context"
	"log/slog"

	"github.com/segmentio/kafka-go"
)

// commitPoints returns, for each topic-partition in batch, the message with
// the highest offset, in order of first appearance.
//
// A batch is committed only after every event in it has been evaluated and
// every resulting alert and dead letter acknowledged, and batches are
// processed one after another in fetch order. The highest offset of a
// partition in the batch is therefore the highest contiguous processed
// offset of that partition: everything fetched before it has been handled.
// Committing it commits everything before it (Kafka keeps one offset per
// partition and group).
func commitPoints(batch []kafka.Message, dst []kafka.Message) []kafka.Message {
	dst = dst[:0]
	for _, m := range batch {
		found := false
		for i := range dst {
			if dst[i].Topic == m.Topic && dst[i].Partition == m.Partition {
				if m.Offset > dst[i].Offset {
					dst[i] = m
				}
				found = true
				break
			}
		}
		if !found {
			dst = append(dst, m)
		}
	}
	// Only position fields matter to a commit; drop the payload so the
	// commit request does not pin large values.
	for i := range dst {
		dst[i] = kafka.Message{Topic: dst[i].Topic, Partition: dst[i].Partition, Offset: dst[i].Offset}
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
