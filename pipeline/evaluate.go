package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/segmentio/kafka-go"
)

// yieldEvery is how many events a worker evaluates before it yields its
// thread. Workers otherwise hold every thread (GOMAXPROCS of them) for a
// whole batch, and the Kafka reader, woken by the network, waits for the
// batch to end before it fetches the next one: fetching and scoring then
// alternate instead of overlapping. Yielding every few events lets the
// reader fill the next batch meanwhile (measured: the bench pipeline phase
// about 6% shorter at the same CPU time; a yield costs ~40 ns an event).
const yieldEvery = 4

// evaluate runs ev on every message of batch using l.workers goroutines and
// returns the outcomes in input order, reusing outs. Each worker takes the
// next unclaimed index, so a slow event does not hold up a fixed share of
// the batch.
//
// Once l.stops.claim ends (a while into a shutdown) no further event is
// started: the outcomes returned are those of the first k events, the
// batch's prefix (so committing it commits a prefix of every partition);
// the rest are re-delivered by Kafka. l.stops.cancel ending stops the
// scoring in flight (its outcomes are then incomplete; that context is
// the drain's, so they are never delivered).
func (l *loop) evaluate(ev evaluator, batch []kafka.Message, outs []outcome) []outcome {
	if cap(outs) < len(batch) {
		outs = append(outs[:cap(outs)], make([]outcome, len(batch)-cap(outs))...)
	}
	outs = outs[:len(batch)]
	n := min(l.workers, len(batch))
	l.ensureScratch(ev, n)
	stop, cancel := l.stops.contexts()

	var next atomic.Int64
	work := func(sc *scratch) {
		for n := 1; ; n++ {
			select {
			case <-stop.Done():
				return
			default:
			}
			i := int(next.Add(1) - 1)
			if i >= len(batch) {
				return
			}
			outs[i].reset()
			safeEvaluate(cancel, ev, batch[i].Value, sc, &outs[i])
			if n%yieldEvery == 0 {
				runtime.Gosched()
			}
		}
	}
	if n <= 1 {
		work(l.scratch[0])
	} else {
		var wg sync.WaitGroup
		for w := 0; w < n; w++ {
			sc := l.scratch[w]
			wg.Go(func() { work(sc) })
		}
		wg.Wait()
	}
	return outs[:min(int(next.Load()), len(batch))]
}

// evalStops are the contexts that end scoring at shutdown (see
// evaluate); nil contexts never end.
type evalStops struct {
	claim, cancel context.Context
}

func (s evalStops) contexts() (claim, cancel context.Context) {
	claim, cancel = s.claim, s.cancel
	if claim == nil {
		claim = context.Background()
	}
	if cancel == nil {
		cancel = context.Background()
	}
	return claim, cancel
}

// ensureScratch makes sure there are n scratches made by ev; a reload
// replaces them.
func (l *loop) ensureScratch(ev evaluator, n int) {
	if l.lastEv != ev {
		l.scratch = l.scratch[:0]
		l.lastEv = ev
	}
	for len(l.scratch) < max(n, 1) {
		l.scratch = append(l.scratch, ev.newScratch())
	}
}

// safeEvaluate calls ev.evaluate and turns a panic into a dead-letter
// outcome, so one poisonous event cannot crash-loop the service. The rules
// engine promises not to panic; this is the last line of defence.
func safeEvaluate(ctx context.Context, ev evaluator, value []byte, sc *scratch, out *outcome) {
	defer func() {
		if r := recover(); r != nil {
			out.reset()
			out.dead = &deadInfo{
				stage:  stageEvaluateDL,
				reason: reasonInternal,
				err:    fmt.Sprintf("panic: %v\n%s", r, debug.Stack()),
			}
		}
	}()
	ev.evaluate(ctx, value, sc, out)
}

// logStopped logs the rule evaluations of an event the run-time budget
// stopped, with the event's coordinates, so that the event can be found
// and the rule fixed.
func logStopped(log *slog.Logger, src *kafka.Message, o *outcome) {
	for _, re := range o.stopped {
		log.Warn("rule evaluation stopped by the run-time budget; the event moves on", "topic", src.Topic,
			"partition", src.Partition, "offset", src.Offset, "rule", re.RuleID, "err", re.Error)
	}
}

// record updates metrics and Stats for a committed batch.
func (l *loop) record(b *batch) {
	m, outs, written := l.metrics, b.outs, b.written
	lc := l.cache()
	rules := ruleStatuses{cur: lc.rules}
	if b.ev != lc.ev {
		rules.scored = b.ev.info().Rules // scored before a reload
	}
	var alerts, dead, stopped int64
	decode, enrich, score := lc.stage(stageDecode), lc.stage(stageEnrich), lc.stage(stageScore)
	for i := range outs {
		o := &outs[i]
		if t := b.msgs[i].Time; !t.IsZero() {
			m.EndToEndLatency.Observe(written.Sub(t).Seconds())
		}
		if o.timed {
			decode.Observe(o.decode.Seconds())
		}
		if o.dead != nil {
			dead++
			counter1(lc.dead, m.DeadLetters, o.dead.reason).Inc()
			continue
		}
		stopped += int64(len(o.stopped))
		if o.timed {
			enrich.Observe(o.enrich.Seconds())
			score.Observe(o.scoring.Seconds())
		}
		counter1(lc.scored, m.Scored, o.severity).Inc()
		m.ShipmentScore.Observe(o.score)
		l.recordDetails(o, rules)
		if lc.candRules != nil {
			l.recordPacks(o, lc)
		}
		switch {
		case o.refused != nil:
			dead++
			counter1(lc.dead, m.DeadLetters, o.refused.reason).Inc()
		case o.alert != nil:
			alerts++
			counter1(lc.alerts, m.AlertsEmitted, o.severity).Inc()
			if !o.eventTime.IsZero() {
				m.EventAge.Observe(written.Sub(o.eventTime).Seconds())
			}
		}
	}
	m.EvalStopped.Add(float64(stopped))
	m.Consumed.Add(float64(len(outs)))
	l.counts.consumed.Add(int64(len(outs)))
	l.counts.alerts.Add(alerts)
	l.counts.deadLetters.Add(dead)
}

// recordDetails counts rule hits, suppressions, rule errors and catalog
// matches of one outcome. Rule statuses come from the engine in use.
func (l *loop) recordDetails(o *outcome, rules ruleStatuses) {
	m, lc := l.metrics, l.labels
	for _, id := range o.hits {
		if s, ok := rules.status(id, "active"); ok {
			lc.ruleHit(id, s).Inc()
		}
	}
	for _, id := range o.shadowHits {
		if s, ok := rules.status(id, "shadow"); ok {
			lc.ruleHit(id, s).Inc()
		}
	}
	for _, ex := range o.suppressions {
		counter1(lc.supps, m.Suppressions, ex).Inc()
	}
	for _, id := range o.ruleErrors {
		if _, ok := rules.status(id, ""); ok {
			counter1(lc.errs, m.RuleErrors, id).Inc()
		}
	}
	for _, fm := range o.matches {
		lc.catalogMatch(fm).Inc()
	}
	m.PartyLists.recordPartyHits(o.partyHits)
}

// ruleStatuses gives the status label of a rule: its status in the engine
// in use (cur). A batch scored by an engine that a reload has since
// replaced (scored set) may name a rule the reload removed: its series
// were deleted on purpose and are not brought back (ok false).
type ruleStatuses struct {
	cur, scored map[string]string
}

func (r ruleStatuses) status(id, def string) (string, bool) {
	if s, ok := r.cur[id]; ok && s != "" {
		return s, true
	}
	if _, known := r.scored[id]; known && r.cur != nil {
		if _, still := r.cur[id]; !still {
			return "", false
		}
	}
	return def, true
}
