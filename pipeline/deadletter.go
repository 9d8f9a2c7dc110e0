package pipeline

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/segmentio/kafka-go"
)

// Dead-letter header names. The value and key of a dead letter are the
// original event's, byte for byte, null or empty as they were
// (deadletter_bytes.go); the original headers are kept and these are
// appended.
const (
	HeaderError           = "precursor-error"            // the decoder's message, e.g. "items[3].hs_code: ..."
	HeaderStage           = "precursor-stage"            // decode | validate | evaluate | emit
	HeaderReason          = "precursor-reason"           // manifest.KindOf (syntax, invalid, too_large, encoding, unsupported_version), internal_error or alert_too_large
	HeaderSourceTopic     = "precursor-source-topic"     // input topic
	HeaderSourcePartition = "precursor-source-partition" // input partition, decimal
	HeaderSourceOffset    = "precursor-source-offset"    // input offset, decimal
	HeaderTime            = "precursor-time"             // when the dead letter was made, RFC 3339 UTC
)

// Dead-letter stages.
const (
	stageDecodeDL   = "decode"   // not JSON, not UTF-8, too large
	stageValidateDL = "validate" // JSON but not a valid manifest
	stageEvaluateDL = "evaluate" // the engine failed on a valid manifest (a bug; logged)
	stageEmitDL     = "emit"     // scored, but the alert topic refused its alert, even minimal
)

// Dead-letter reasons besides manifest.KindOf's.
const (
	// reasonInternal is the reason of an event the engine panicked on.
	reasonInternal = "internal_error"
	// reasonAlertTooLarge is the reason of an event whose alert the alert
	// topic refused as too large, in full and in its minimal form.
	reasonAlertTooLarge = "alert_too_large"
)

// deadLetterTime formats the precursor-time header value; one value is
// shared by every dead letter of a batch.
func deadLetterTime(now time.Time) []byte { return now.UTC().AppendFormat(nil, time.RFC3339) }

// deadLetter builds the dead-letter message for src; stamp is
// deadLetterTime's value.
func deadLetter(src kafka.Message, d *deadInfo, stamp []byte) kafka.Message {
	h := make([]kafka.Header, 0, len(src.Headers)+7)
	h = append(h, src.Headers...)
	h = append(h,
		kafka.Header{Key: HeaderError, Value: []byte(d.err)},
		kafka.Header{Key: HeaderStage, Value: []byte(d.stage)},
		kafka.Header{Key: HeaderReason, Value: []byte(d.reason)},
		kafka.Header{Key: HeaderSourceTopic, Value: []byte(src.Topic)},
		kafka.Header{Key: HeaderSourcePartition, Value: strconv.AppendInt(nil, int64(src.Partition), 10)},
		kafka.Header{Key: HeaderSourceOffset, Value: strconv.AppendInt(nil, src.Offset, 10)},
		kafka.Header{Key: HeaderTime, Value: stamp},
	)
	return kafka.Message{Key: src.Key, Value: src.Value, Headers: h}
}

// deadLetterOutput writes every dead letter of a batch to the dead-letter
// topic (see deadLetter for its form), in input order, in one synchronous
// WriteMessages call acknowledged by all in-sync replicas. A dead letter
// the topic refuses is retried like any failure (see writeAll): it has
// nowhere else to go.
type deadLetterOutput struct {
	w       sink
	metrics *Metrics
	log     *slog.Logger
	now     func() time.Time
	orig    originals // tells null from empty (nil: keep what arrived)

	msgs []kafka.Message // reused: the loop delivers one batch at a time
}

func newDeadLetterOutput(w sink, m *Metrics, log *slog.Logger, now func() time.Time, orig originals) *deadLetterOutput {
	return &deadLetterOutput{w: w, metrics: m, log: log, now: now, orig: orig}
}

func (d *deadLetterOutput) name() string { return sinkDeadLetters }

func (d *deadLetterOutput) deliver(ctx context.Context, recs *records, _ refuseFunc) error {
	var stamp []byte
	d.msgs = d.msgs[:0]
	for i := range recs.outs {
		if dl := recs.outs[i].deadLetter(); dl != nil {
			if stamp == nil {
				stamp = deadLetterTime(d.now())
			}
			msg := deadLetter(recs.msgs[i], dl, stamp)
			if err := d.restoreEmpty(ctx, recs.msgs[i], &msg); err != nil {
				return err
			}
			d.msgs = append(d.msgs, msg)
		}
	}
	if len(d.msgs) == 0 {
		return nil
	}
	return writeAll(ctx, d.w, sinkDeadLetters, d.msgs, d.metrics, d.log, nil)
}
