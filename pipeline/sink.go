package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/segmentio/kafka-go"
)

// source is the consumer side of the loop; *kafka.Reader satisfies it.
type source interface {
	FetchMessage(ctx context.Context) (kafka.Message, error)
	CommitMessages(ctx context.Context, msgs ...kafka.Message) error
}

// sink is one output topic; *kafka.Writer satisfies it. WriteMessages must
// return only after every message is acknowledged (a synchronous writer).
type sink interface {
	WriteMessages(ctx context.Context, msgs ...kafka.Message) error
}

// Backoff bounds for retries of writes, commits, fetches and broker setup.
const (
	backoffMin = 100 * time.Millisecond
	backoffMax = 10 * time.Second
)

// backoff returns the delay before retry number attempt (0-based):
// backoffMin doubled each attempt, capped at backoffMax.
func backoff(attempt int) time.Duration {
	d := backoffMin
	for i := 0; i < attempt && d < backoffMax; i++ {
		d *= 2
	}
	return min(d, backoffMax)
}

// sleep waits d or until ctx ends; it reports whether the full d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// writeAll writes msgs to s and returns only when every message has been
// acknowledged or ctx ends. A failing sink applies back-pressure: failed
// messages are retried with capped exponential backoff, forever, logged and
// counted in write_errors_total{sink=name}; nothing is skipped. When the
// writer reports per-message errors, the retry starts at the first failed
// message: acknowledged messages before it are not duplicated, and every
// message after it is written again after it, so the last alert of a
// shipment in the topic is always its latest.
func writeAll(ctx context.Context, s sink, name string, msgs []kafka.Message, m *Metrics, log *slog.Logger) error {
	pending := msgs
	for attempt := 0; len(pending) > 0; attempt++ {
		err := s.WriteMessages(ctx, pending...)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		m.WriteErrors.WithLabelValues(name).Inc()
		pending = fromFirstFailure(pending, err)
		d := backoff(attempt)
		log.Warn("write failed; retrying", "sink", name, "messages", len(pending), "attempt", attempt+1, "backoff", d, "err", err)
		if errors.Is(err, kafka.MessageSizeTooLarge) {
			log.Error("a message exceeds the topic's max.message.bytes; it will be retried until the topic allows it",
				"sink", name, "hint", "raise max.message.bytes of the topic to at least the input topic's")
		}
		if !sleep(ctx, d) {
			return ctx.Err()
		}
	}
	return nil
}

// fromFirstFailure returns the suffix of msgs starting at the first
// message err reports as failed. When err does not say which ones failed,
// all of msgs is returned.
func fromFirstFailure(msgs []kafka.Message, err error) []kafka.Message {
	var we kafka.WriteErrors
	if !errors.As(err, &we) || len(we) != len(msgs) {
		return msgs
	}
	for i, e := range we {
		if e != nil {
			return msgs[i:]
		}
	}
	return msgs
}
