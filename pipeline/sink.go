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

// sink is the Kafka topic a Kafka output writes to; *kafka.Writer
// satisfies it. WriteMessages must return only after every message is
// acknowledged (a synchronous writer).
type sink interface {
	WriteMessages(ctx context.Context, msgs ...kafka.Message) error
}

// Backoff bounds for retries of writes, commits, fetches and broker setup.
// The cap bounds how long the service may sleep after a broker has come
// back: a retry within 2 s of its return (a cap of 10 s left the service
// idle for up to 10 s after an outage). A retry is one request and one
// warning, so retrying every 2 s during an outage costs little.
const (
	backoffMin = 100 * time.Millisecond
	backoffMax = 2 * time.Second
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

// rejectFunc handles message i of the msgs given to writeAll, which the
// sink refused permanently with err (too large): it returns the message to
// write in its place, or false to leave it out of this sink because the
// caller kept the event some other way.
type rejectFunc func(i int, err error) (kafka.Message, bool)

// writeAll writes msgs to s and returns only when every message has been
// acknowledged (or, for a permanent refusal, handed to reject) or ctx
// ends. A failing sink applies back-pressure: failed messages are retried
// with capped exponential backoff, forever, logged and counted in
// write_errors_total{sink=name}; nothing is skipped. When the writer
// reports per-message errors, the retry starts at the first failed
// message: acknowledged messages before it are not duplicated, and every
// message after it is written again after it, so the last alert of a
// shipment in the topic is always its latest.
//
// A message refused as too large can never succeed by retrying; it is
// given to reject and the write goes on at once with its replacement.
// Without reject (nil) such a message is retried like any failure, with
// an error log naming the cause.
func writeAll(ctx context.Context, s sink, name string, msgs []kafka.Message, m *Metrics, log *slog.Logger, reject rejectFunc) error {
	p := pendingWrites{msgs: msgs}
	for attempt := 0; len(p.msgs) > 0; {
		err := s.WriteMessages(ctx, p.msgs...)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		m.WriteErrors.WithLabelValues(name).Inc()
		if reject != nil && refusedMany(err) {
			// The broker refused a batch of several messages: the batch may
			// be too large while each message fits. Write them one by one.
			p.fromFirstFailure(err)
			return p.writeEach(ctx, s, name, m, log, reject)
		}
		if reject != nil && p.rejectPermanent(err, reject) {
			log.Warn("write refused a message as too large; writing its replacement", "sink", name, "err", err)
			continue
		}
		p.fromFirstFailure(err)
		d := backoff(attempt)
		attempt++
		log.Warn("write failed; retrying", "sink", name, "messages", len(p.msgs), "attempt", attempt, "backoff", d, "err", err)
		logTooLarge(log, name, err)
		if !sleep(ctx, d) {
			return ctx.Err()
		}
	}
	return nil
}

// logTooLarge explains a size refusal that has no replacement (a dead
// letter): the writer's own limit cannot be raised by configuration, the
// topic's can.
func logTooLarge(log *slog.Logger, name string, err error) {
	var tooLarge kafka.MessageTooLargeError
	switch {
	case errors.As(err, &tooLarge):
		log.Error("a message exceeds the writer's batch size limit; it is retried but cannot succeed",
			"sink", name, "bytes", len(tooLarge.Message.Value))
	case permanent(err):
		log.Error("the topic refused a message as too large; it is retried until the topic's max.message.bytes allows it",
			"sink", name, "hint", "raise max.message.bytes of the topic: the dead-letter topic must accept the input topic's largest event")
	}
}

// permanent reports whether a write error can never succeed on retry: the
// message is larger than the writer's batch bytes (MessageTooLargeError,
// which unwraps to MessageSizeTooLarge) or the topic's max.message.bytes.
func permanent(err error) bool {
	return errors.Is(err, kafka.MessageSizeTooLarge) || errors.Is(err, kafka.RecordListTooLarge)
}

// refusedMany reports whether err refused more than one message as too
// large (a broker's MESSAGE_TOO_LARGE for a whole record batch).
func refusedMany(err error) bool {
	var we kafka.WriteErrors
	if !errors.As(err, &we) {
		return false
	}
	n := 0
	for _, e := range we {
		if e != nil && permanent(e) {
			n++
		}
	}
	return n > 1
}

// writeEach writes the pending messages one per WriteMessages call, in
// order, each with writeAll's retries and rejection.
func (p *pendingWrites) writeEach(ctx context.Context, s sink, name string, m *Metrics, log *slog.Logger, reject rejectFunc) error {
	for j := range p.msgs {
		i := p.orig(j)
		one := func(_ int, err error) (kafka.Message, bool) { return reject(i, err) }
		if err := writeAll(ctx, s, name, p.msgs[j:j+1], m, log, one); err != nil {
			return err
		}
	}
	return nil
}

// pendingWrites is what writeAll still has to write: msgs, with idx[j]
// the index in the original slice of msgs[j] (nil while msgs is a suffix
// of the original, starting at base).
type pendingWrites struct {
	msgs []kafka.Message
	idx  []int
	base int
}

func (p *pendingWrites) orig(j int) int {
	if p.idx == nil {
		return p.base + j
	}
	return p.idx[j]
}

// fromFirstFailure keeps the suffix of the pending messages starting at
// the first message err reports as failed. When err does not say which
// ones failed, all are kept.
func (p *pendingWrites) fromFirstFailure(err error) {
	var we kafka.WriteErrors
	if !errors.As(err, &we) || len(we) != len(p.msgs) {
		return
	}
	for i, e := range we {
		if e != nil {
			p.drop(i)
			return
		}
	}
}

// drop removes the first n pending messages (written).
func (p *pendingWrites) drop(n int) {
	p.msgs = p.msgs[n:]
	if p.idx != nil {
		p.idx = p.idx[n:]
	} else {
		p.base += n
	}
}

// rejectPermanent hands the messages err refused permanently to reject
// and replaces or removes them; it reports false when err refused none.
// With per-message errors, the messages before the first failure were
// written and are dropped too.
func (p *pendingWrites) rejectPermanent(err error, reject rejectFunc) bool {
	var tooLarge kafka.MessageTooLargeError
	var we kafka.WriteErrors
	var refused []int // positions in p.msgs
	switch {
	case errors.As(err, &tooLarge): // nothing was sent
		if j := p.find(tooLarge.Message); j >= 0 {
			refused = []int{j}
		}
	case errors.As(err, &we) && len(we) == len(p.msgs):
		for j, e := range we {
			if e != nil && permanent(e) {
				refused = append(refused, j)
			}
		}
		if len(refused) == 0 {
			return false
		}
		first := 0
		for first < len(we) && we[first] == nil {
			first++
		}
		p.own()
		p.drop(first)
		for k := range refused {
			refused[k] -= first
		}
	}
	if len(refused) == 0 {
		return false
	}
	p.own()
	msgs, idx := p.msgs[:0], p.idx[:0]
	for j, msg := range p.msgs {
		if len(refused) > 0 && refused[0] == j {
			refused = refused[1:]
			var ok bool
			if msg, ok = reject(p.idx[j], err); !ok {
				continue
			}
		}
		msgs, idx = append(msgs, msg), append(idx, p.idx[j])
	}
	p.msgs, p.idx = msgs, idx
	return true
}

// own copies the pending messages so they can be changed without touching
// the caller's slice, and records their original indices.
func (p *pendingWrites) own() {
	if p.idx != nil {
		return
	}
	p.idx = make([]int, len(p.msgs))
	for j := range p.idx {
		p.idx[j] = p.base + j
	}
	p.msgs = append([]kafka.Message(nil), p.msgs...)
}

// find returns the position of msg among the pending messages: the one
// sharing its value bytes (kafka-go hands back the message it was given),
// else the first with the same key and value, or -1.
func (p *pendingWrites) find(msg kafka.Message) int {
	same := -1
	for j, m := range p.msgs {
		if len(m.Value) != len(msg.Value) || string(m.Key) != string(msg.Key) {
			continue
		}
		if len(m.Value) > 0 && &m.Value[0] == &msg.Value[0] {
			return j
		}
		if same < 0 && string(m.Value) == string(msg.Value) {
			same = j
		}
	}
	return same
}
