package pipeline

import (
	"context"
	"log/slog"

	"github.com/segmentio/kafka-go"
)

// alertOutput writes every alert of a batch to the alert topic, keyed by
// shipment id, in input order, in one synchronous WriteMessages call
// acknowledged by all in-sync replicas (see writeAll for retries). An
// alert the topic refuses as too large is replaced by its minimal form,
// or, when even that is refused, handed back to the loop to be
// dead-lettered (see oversize).
type alertOutput struct {
	w       sink
	metrics *Metrics
	log     *slog.Logger

	// Reused from batch to batch: the loop delivers one batch at a time.
	msgs []kafka.Message
	idx  []int // idx[j] is the index in the records of msgs[j]
}

func newAlertOutput(w sink, m *Metrics, log *slog.Logger) *alertOutput {
	return &alertOutput{w: w, metrics: m, log: log}
}

func (a *alertOutput) name() string { return sinkAlerts }

func (a *alertOutput) deliver(ctx context.Context, recs *records, refuse refuseFunc) error {
	a.msgs, a.idx = a.msgs[:0], a.idx[:0]
	for i := range recs.outs {
		if o := &recs.outs[i]; o.emits() {
			a.msgs = append(a.msgs, kafka.Message{Key: o.key, Value: o.alert})
			a.idx = append(a.idx, i)
		}
	}
	if len(a.msgs) == 0 {
		return nil
	}
	ov := &oversize{recs: recs, idx: a.idx, refuse: refuse, log: a.log}
	return writeAll(ctx, a.w, sinkAlerts, a.msgs, a.metrics, a.log, ov.reject)
}
