package pipeline

import (
	"context"
	"log/slog"

	"github.com/precursorwatch/precursor/rules/rulefmt"
	"github.com/segmentio/kafka-go"
)

// sinkCandidateAlerts is the output name (sink label value) of the
// candidate alert topic.
const sinkCandidateAlerts = "candidate_alerts"

// candidateOutput writes the alerts of the candidate rule pack to their
// own topic, keyed by shipment id, in input order, with the delivery of
// the other Kafka outputs (one synchronous WriteMessages acknowledged by
// all in-sync replicas, retried until it succeeds): the batch is committed
// only once the candidate's alerts are written too, so a failing
// candidate topic holds commits back like any output. It never writes to
// the analysts' alert topic, and a candidate alert too large for its topic
// is replaced by its minimal form or, when even that is refused, left out
// (logged and counted): the candidate never dead-letters an event.
type candidateOutput struct {
	w       sink
	metrics *Metrics
	log     *slog.Logger

	msgs []kafka.Message // reused: the loop delivers one batch at a time
	idx  []int           // idx[j] is the index in the records of msgs[j]
}

func newCandidateOutput(w sink, m *Metrics, log *slog.Logger) *candidateOutput {
	return &candidateOutput{w: w, metrics: m, log: log}
}

func (c *candidateOutput) name() string { return sinkCandidateAlerts }

func (c *candidateOutput) deliver(ctx context.Context, recs *records, _ refuseFunc) error {
	c.msgs, c.idx = c.msgs[:0], c.idx[:0]
	for i := range recs.outs {
		if o := &recs.outs[i]; o.dead == nil && o.cand.alert != nil {
			c.msgs = append(c.msgs, kafka.Message{Key: o.key, Value: o.cand.alert})
			c.idx = append(c.idx, i)
		}
	}
	if len(c.msgs) == 0 {
		return nil
	}
	tried := map[int]bool{}
	reject := func(j int, err error) (kafka.Message, bool) {
		k := c.idx[j]
		o, src := &recs.outs[k], &recs.msgs[k]
		if !tried[k] && !o.cand.truncated && o.cand.full != nil {
			tried[k] = true
			return kafka.Message{Key: o.key, Value: o.cand.full.Minimal().AppendJSON(nil)}, true
		}
		c.metrics.CandidateDropped.Inc()
		c.log.Error("candidate alert topic refused an alert even in minimal form; left out", "topic", src.Topic,
			"partition", src.Partition, "offset", src.Offset, "err", err)
		return kafka.Message{}, false
	}
	return writeAll(ctx, c.w, sinkCandidateAlerts, c.msgs, c.metrics, c.log, reject)
}

// recordPacks counts one scored event in the pack_* metrics, for the live
// and the candidate pack. Rule ids a reload has since removed are not
// counted (their series were deleted on purpose).
func (l *loop) recordPacks(o *outcome, lc *labelCache) {
	m := l.metrics
	lc.packCounter(m.PackScored, packLive, o.severity).Inc()
	for _, ids := range [2][]string{o.hits, o.shadowHits} {
		for _, id := range ids {
			if _, ok := lc.rules[id]; ok {
				lc.packCounter(m.PackRuleHits, packLive, id).Inc()
			}
		}
	}
	if o.alert != nil && o.refused == nil {
		lc.packCounter(m.PackAlerts, packLive, o.severity).Inc()
	}
	if !o.cand.scored {
		return
	}
	lc.packCounter(m.PackScored, packCandidate, o.cand.severity).Inc()
	for _, id := range o.cand.hits {
		if _, ok := lc.candRules[id]; ok {
			lc.packCounter(m.PackRuleHits, packCandidate, id).Inc()
		}
	}
	if o.cand.alert != nil {
		lc.packCounter(m.PackAlerts, packCandidate, o.cand.severity).Inc()
	}
}

// packsOf returns the packs of an engine for the pack_* metrics: the live
// pack and the candidate; none without a candidate (the pack_* metrics
// are kept only beside a candidate).
func packsOf(in *engineInfo) map[string]*packInfo {
	if in == nil || in.Candidate == nil {
		return nil
	}
	return map[string]*packInfo{
		packLive:      {Name: in.RulesetName, Version: in.RulesetVersion, Hash: in.RulesetHash, Rules: in.Rules},
		packCandidate: in.Candidate,
	}
}

// updatePacks moves the pack_info and pack_rule_hits_total series from
// the packs of old to those of cur: series of a pack or rule gone are
// deleted, those of cur created at zero (with every severity).
func (r *reloader) updatePacks(old *engineInfo, cur engineInfo) {
	m := r.metrics
	now := packsOf(&cur)
	for pack, p := range packsOf(old) {
		m.PackInfo.DeleteLabelValues(pack, p.Name, p.Version, p.Hash)
		for id := range p.Rules {
			if n := now[pack]; n == nil || n.Rules[id] == "" {
				m.PackRuleHits.DeleteLabelValues(pack, id)
			}
		}
	}
	for pack, p := range now {
		m.PackInfo.WithLabelValues(pack, p.Name, p.Version, p.Hash).Set(1)
		for id := range p.Rules {
			m.PackRuleHits.WithLabelValues(pack, id)
		}
		for _, sev := range rulefmt.Severities {
			m.PackScored.WithLabelValues(pack, sev)
			m.PackAlerts.WithLabelValues(pack, sev)
		}
	}
}
