package pipeline

import (
	"fmt"

	"github.com/segmentio/kafka-go"
)

// oversize handles the alerts of one batch that the alert topic refuses
// permanently as too large (kafka-go's MessageTooLargeError before
// sending, or the broker's MESSAGE_TOO_LARGE for a topic with a smaller
// max.message.bytes). Retrying such an alert would stall the partition
// forever, and a restart would not help. Instead:
//
//  1. the alert is replaced by its minimal form (ids, score, severity,
//     summary, rule ids, "truncated": true), written in its place;
//  2. when even that is refused, or there is no minimal form, the event is
//     dead-lettered with reason alert_too_large, after the batch's other
//     writes, so it is kept and the batch can be committed.
type oversize struct {
	l     *loop
	b     *batch
	dead  []kafka.Message // dead letters of events whose alert was refused
	stamp []byte
}

// reject is the alert sink's rejectFunc; i indexes b.alerts.
func (x *oversize) reject(i int, err error) (kafka.Message, bool) {
	k := x.b.alertOut[i]
	o, src := &x.b.outs[k], &x.b.msgs[k]
	if !o.truncated && o.full != nil {
		o.alert, o.truncated = o.full.Minimal().AppendJSON(nil), true
		x.l.log.Warn("alert topic refused an alert as too large; writing its minimal form", "topic", src.Topic,
			"partition", src.Partition, "offset", src.Offset, "err", err)
		return kafka.Message{Key: o.key, Value: o.alert}, true
	}
	o.alertDead = true
	d := &deadInfo{stage: stageEmitDL, reason: reasonAlertTooLarge,
		err: fmt.Sprintf("alert of %d bytes refused by the alert topic: %v", len(o.alert), err)}
	if x.stamp == nil {
		x.stamp = deadLetterTime(x.l.now())
	}
	x.dead = append(x.dead, deadLetter(*src, d, x.stamp))
	x.l.log.Error("alert topic refused an alert even in minimal form; event dead-lettered", "topic", src.Topic,
		"partition", src.Partition, "offset", src.Offset, "reason", reasonAlertTooLarge, "err", err,
		"hint", "raise max.message.bytes of the alert topic")
	return kafka.Message{}, false
}
