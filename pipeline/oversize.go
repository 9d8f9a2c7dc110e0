package pipeline

import (
	"fmt"
	"log/slog"

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
//     refused (reason alert_too_large): the loop dead-letters it after the
//     batch's other writes, so it is kept and the batch can be committed.
//
// The records are not changed; the minimal forms written are kept here.
type oversize struct {
	recs    *records
	idx     []int // idx[i] is the index in recs of alert i
	refuse  refuseFunc
	log     *slog.Logger
	minimal map[int][]byte // record index → minimal alert written instead
}

// reject is the alert sink's rejectFunc; i indexes the alerts written.
func (x *oversize) reject(i int, err error) (kafka.Message, bool) {
	k := x.idx[i]
	o, src := &x.recs.outs[k], &x.recs.msgs[k]
	value, tried := x.minimal[k]
	if !tried && !o.truncated && o.full != nil {
		if x.minimal == nil {
			x.minimal = map[int][]byte{}
		}
		value = o.full.Minimal().AppendJSON(nil)
		x.minimal[k] = value
		x.log.Warn("alert topic refused an alert as too large; writing its minimal form", "topic", src.Topic,
			"partition", src.Partition, "offset", src.Offset, "err", err)
		return kafka.Message{Key: o.key, Value: value}, true
	}
	if !tried {
		value = o.alert
	}
	x.refuse(k, reasonAlertTooLarge, fmt.Sprintf("alert of %d bytes refused by the alert topic: %v", len(value), err))
	x.log.Error("alert topic refused an alert even in minimal form; event dead-lettered", "topic", src.Topic,
		"partition", src.Partition, "offset", src.Offset, "reason", reasonAlertTooLarge, "err", err,
		"hint", "raise max.message.bytes of the alert topic")
	return kafka.Message{}, false
}
