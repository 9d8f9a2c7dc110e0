package pipeline

import (
	"context"
	"sync"

	"github.com/segmentio/kafka-go"
	"golang.org/x/sync/errgroup"
)

// output is one destination of the results of a batch: today the alert
// topic (alertOutput) and the dead-letter topic (deadLetterOutput). The
// loop holds a list of them and hands every scored batch to all of them
// at once; it commits the batch's offsets only after every output has
// acknowledged it. Adding an output (a second alert topic, a file, a
// console feed) means writing one type with these two methods and listing
// it in Pipeline.newOutputs; the loop does not change.
type output interface {
	// name identifies the output in logs and is its label value in
	// write_errors_total{sink}; it must be one of a small fixed set.
	name() string
	// deliver writes what the output takes from recs (alerts, dead
	// letters, ...), in input order, and returns nil only once all of it
	// is acknowledged (durable where it goes). It must not modify recs;
	// other outputs read them at the same time. recs and the bytes they
	// reference (alert JSON, keys, input values) are reused for a later
	// batch once this one is committed: an output that keeps any of them
	// after deliver returns must copy it.
	//
	// On an error the loop counts a failed attempt, waits with backoff
	// and calls deliver again with the same records, for ever: a failing
	// output stops commits (back-pressure) and never loses a record, but
	// may write some twice (at-least-once; alerts carry a deterministic
	// id). An output that can retry more precisely (the Kafka outputs
	// resume at the first unacknowledged message) does so itself and
	// returns only when ctx ends.
	//
	// An event the output can never take, whatever the retries (an alert
	// too large for its topic even in minimal form), is handed to refuse;
	// the loop then dead-letters it after every output has acknowledged
	// the batch. Only alerts can be refused: a dead letter has nowhere
	// else to go.
	deliver(ctx context.Context, recs *records, refuse refuseFunc) error
}

// records is a scored batch as outputs see it: the input events and their
// outcomes, index-aligned, in input order.
type records struct {
	msgs []kafka.Message
	outs []outcome
}

// refuseFunc tells the loop that an output can never take event i of the
// records it was given; reason is a bounded dead-letter reason (see
// reasonAlertTooLarge) and err says why, for the precursor-error header.
// It is safe for concurrent use.
type refuseFunc func(i int, reason, err string)

// refusals collects the refusals of one delivery round.
type refusals struct {
	mu   sync.Mutex
	list []refusal
}

type refusal struct {
	i           int
	reason, err string
}

func (r *refusals) add(i int, reason, err string) {
	r.mu.Lock()
	r.list = append(r.list, refusal{i, reason, err})
	r.mu.Unlock()
}

// writeOutputs hands b to every output concurrently and returns when
// all have acknowledged it (or ctx ended). Events an output refused are
// then dead-lettered: marked in b (so metrics count them) and delivered,
// as dead letters, to every output in a second round.
func (l *loop) writeOutputs(ctx context.Context, b *records) error {
	if l.refuse == nil {
		l.refuse = l.refused.add
	}
	l.refused.list = l.refused.list[:0]
	if err := l.deliverRound(ctx, b, l.refuse); err != nil {
		return err
	}
	if len(l.refused.list) == 0 {
		return nil
	}
	late := l.refusedRecords(b)
	return l.deliverRound(ctx, late, func(i int, reason, err string) {
		// Outputs refuse alerts only; a dead letter is retried instead.
		l.log.Error("an output refused a dead letter; it was not written there", "reason", reason, "err", err,
			"topic", late.msgs[i].Topic, "partition", late.msgs[i].Partition, "offset", late.msgs[i].Offset)
	})
}

// deliverRound runs one round: every output delivers recs, concurrently.
func (l *loop) deliverRound(ctx context.Context, recs *records, refuse refuseFunc) error {
	if len(l.outputs) == 1 {
		return l.deliverTo(ctx, l.outputs[0], recs, refuse)
	}
	g, gctx := errgroup.WithContext(ctx)
	for _, out := range l.outputs {
		g.Go(func() error { return l.deliverTo(gctx, out, recs, refuse) })
	}
	return g.Wait()
}

// deliverTo calls out.deliver until it succeeds or ctx ends. Each failure
// is logged and counted in write_errors_total{sink=out.name()}, and
// followed by a capped exponential backoff.
func (l *loop) deliverTo(ctx context.Context, out output, recs *records, refuse refuseFunc) error {
	for attempt := 0; ; {
		err := out.deliver(ctx, recs, refuse)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		l.metrics.WriteErrors.WithLabelValues(out.name()).Inc()
		d := backoff(attempt)
		attempt++
		l.log.Warn("output failed; delivering the batch again", "sink", out.name(), "attempt", attempt, "backoff", d, "err", err)
		if !sleep(ctx, d) {
			return ctx.Err()
		}
	}
}

// refusedRecords marks every refused event of b as a dead letter of stage
// emit (the first refusal of an event wins) and returns those events alone,
// in input order, for the second round.
func (l *loop) refusedRecords(b *records) *records {
	late := &l.late
	late.msgs, late.outs = late.msgs[:0], late.outs[:0]
	for _, r := range l.refused.list {
		if o := &b.outs[r.i]; o.refused == nil {
			o.refused = &deadInfo{stage: stageEmitDL, reason: r.reason, err: r.err}
		}
	}
	for i := range b.outs {
		if b.outs[i].refused != nil {
			late.msgs = append(late.msgs, b.msgs[i])
			late.outs = append(late.outs, b.outs[i])
		}
	}
	return late
}
