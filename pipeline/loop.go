package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"
)

// loop is the consume loop: fetch a batch, evaluate it on all workers,
// hand it to every output (the alert and dead-letter topics), commit once
// all have acknowledged it. It owns no clients; Run builds them and hands
// them in, so unit tests can drive it with fakes.
//
// It runs as a pipeline of stages so that CPU work overlaps Kafka round
// trips: the reader fetches ahead into its queue; the scoring stage collects
// and evaluates batch N+2 while the delivery stage writes batch N+1 to the
// outputs and the commit stage commits batch N. Each stage handles batches
// strictly in fetch order, one at a time, so outputs see batches in order
// and commits follow partition order: a batch is committed only after its
// own results and every earlier batch's are acknowledged by every output.
// The commit stage commits, in one request, every batch acknowledged while
// its previous commit was in flight. inFlightBatches batch buffers
// circulate between the stages; when an output or the commit is stuck,
// the stages ahead of it stop once the buffers are used up and fetching
// stops when the reader's queue is full: back-pressure, never a drop.
type loop struct {
	src     source
	outputs []output         // where results go; see output
	current func() evaluator // the engine in use (atomic load)

	batchSize    int
	batchTimeout time.Duration
	workers      int

	metrics *Metrics
	log     *slog.Logger
	counts  *counters
	now     func() time.Time
	stops   evalStops // end scoring at shutdown (evaluate.go)

	// owned by the scoring stage
	lastEv  evaluator
	scratch []*scratch
	// owned by the delivery stage
	refused refusals   // refusals of the current round
	refuse  refuseFunc // refused.add, bound once
	late    records    // the refused events of a batch, for the second round
	joined  records    // the batches of one delivery, when there are several
	// owned by the commit stage
	points []kafka.Message
	labels *labelCache
}

// batch is one batch on its way through the stages. Its slices are reused
// once the batch is committed.
type batch struct {
	records
	ev evaluator // the engine that scored it
	// written is when every output had acknowledged the batch, and
	// writeTime how long that took from the start of its delivery.
	written   time.Time
	writeTime time.Duration
}

// inFlightBatches is how many batches circulate between the stages: one
// being scored, one being delivered, one being committed, and the rest
// scored and waiting for delivery or delivered and waiting for a commit.
// The spares absorb the outputs' and the commits' round trips when a
// broker answers them late (behind a large fetch, say): with four, a core
// sat idle while scoring waited for a free batch for about 5% of the
// bench's pipeline phase (docs/performance.md); sixteen gained nothing
// over eight. Each holds a batch of messages and outcomes; a crash
// re-delivers at most this many batches.
const inFlightBatches = 8

// counters are the totals behind Pipeline.Stats.
type counters struct {
	consumed, alerts, deadLetters, commits atomic.Int64
	lag                                    atomic.Int64
	fetchOK                                atomic.Bool // the last fetch succeeded (or none failed yet)
	joined                                 atomic.Bool // a group generation has been joined
	brokersDown                            atomic.Bool // lag polls keep failing: brokers unreachable
}

// run consumes until ctx ends. Batches already scored when ctx ends are
// still written and committed using work, a context that outlives ctx by
// the shutdown budget; messages fetched but not yet in a batch are left
// uncommitted and will be re-delivered.
func (l *loop) run(ctx, work context.Context) error {
	free := make(chan *batch, inFlightBatches)
	scored := make(chan *batch, inFlightBatches)
	acked := make(chan *batch, inFlightBatches)
	for range inFlightBatches {
		free <- &batch{}
	}
	delivered, committed := make(chan error, 1), make(chan error, 1)
	go func() { delivered <- l.deliverAll(work, scored, acked, free) }()
	go func() { committed <- l.commitAll(work, acked, free) }()
	l.scoreAll(ctx, scored, free)
	return errors.Join(<-delivered, <-committed)
}

// scoreAll is the scoring stage: it collects batches from the source,
// evaluates them and hands them to delivery in order, until ctx ends or
// the source is closed. It closes scored when done.
func (l *loop) scoreAll(ctx context.Context, scored chan<- *batch, free chan *batch) {
	defer close(scored)
	for {
		var b *batch
		select {
		case b = <-free:
		case <-ctx.Done():
			return
		}
		more := l.collect(ctx, b)
		if len(b.msgs) > 0 {
			l.score(b)
		}
		if len(b.msgs) == 0 { // nothing fetched, or scoring stopped at shutdown
			free <- b
		} else {
			scored <- b
		}
		if !more {
			return
		}
	}
}

// deliverAll is the delivery stage: it hands the scored batches to every
// output, in order, and passes them on to the commit stage once all have
// acknowledged them. Every batch scored while a delivery was in flight is
// delivered with the next one, in a single call per output, as the commit
// stage does with commits: when a broker answers late, the outputs' round
// trips do not hold back scoring one batch at a time. Once a batch cannot
// be delivered (work ended during a drain) the remaining batches are
// dropped uncommitted; they will be re-delivered by Kafka. It closes acked
// when done.
func (l *loop) deliverAll(work context.Context, scored <-chan *batch, acked, free chan<- *batch) error {
	defer close(acked)
	var failed error
	var group []*batch
	for b := range scored {
		group = gatherReady(scored, append(group[:0], b))
		if failed == nil {
			if failed = l.writeGroup(work, group); failed == nil {
				for _, b := range group {
					acked <- b
				}
				continue
			}
			failed = fmt.Errorf("%w: shutdown budget exhausted with %d events unwritten (they will be re-delivered): %w",
				ErrShutdownIncomplete, countEvents(group), failed)
		}
		for _, b := range group {
			free <- b
		}
	}
	return failed
}

// collect fills b.msgs with up to batchSize messages from the source: it
// waits for the first one, then for at most batchTimeout for the rest. It
// reports false when ctx has ended or the source is closed; b.msgs may
// then still hold messages to process.
//
// The scoring stage reads the source itself: the reader's own queue
// (QueueCapacity, twice the batch size) is what is fetched ahead while a
// batch is scored, and a message crosses no channel of ours.
func (l *loop) collect(ctx context.Context, b *batch) bool {
	b.msgs = b.msgs[:0]
	m, err := l.fetch(ctx)
	if err != nil {
		return false
	}
	b.msgs = append(b.msgs, m)
	rest, cancel := context.WithTimeout(ctx, l.batchTimeout)
	defer cancel()
	for len(b.msgs) < l.batchSize {
		m, err := l.fetch(rest)
		if err != nil {
			// The batch's time is up (rest ended, ctx did not): a full stop
			// only when ctx ended or the source closed.
			return ctx.Err() == nil && rest.Err() != nil && !errors.Is(err, errSourceClosed)
		}
		b.msgs = append(b.msgs, m)
	}
	return true
}

// errSourceClosed is fetch's error once the source is closed.
var errSourceClosed = errors.New("source closed")

// fetch returns the next message of the source, retrying fetch errors
// (brokers unreachable, group join failures) with backoff, logged and
// counted, until ctx ends (its error) or the source is closed
// (errSourceClosed).
func (l *loop) fetch(ctx context.Context) (kafka.Message, error) {
	for attempt := 0; ; {
		m, err := l.src.FetchMessage(ctx)
		if err == nil {
			// Stored only on a change: a store is a locked instruction,
			// a load is not, and this runs for every message.
			if !l.counts.fetchOK.Load() {
				l.counts.fetchOK.Store(true)
			}
			if !l.counts.joined.Load() {
				l.counts.joined.Store(true)
			}
			return m, nil
		}
		if ctx.Err() != nil {
			return m, ctx.Err()
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrClosedPipe) {
			return m, errSourceClosed
		}
		l.counts.fetchOK.Store(false) // counted in fetch_errors_total by the poller (reader stats)
		d := backoff(attempt)
		l.log.Warn("fetch failed; retrying", "attempt", attempt+1, "backoff", d, "err", err)
		attempt++
		if !sleep(ctx, d) {
			return m, ctx.Err()
		}
	}
}

// score evaluates b with the engine in use and logs what the engine
// failed on. When scoring stops at shutdown, b keeps the events scored.
func (l *loop) score(b *batch) {
	b.ev = l.current()
	b.outs = l.evaluate(b.ev, b.msgs, b.outs)
	b.msgs = b.msgs[:len(b.outs)]
	l.logFailures(&b.records)
}

// write hands a scored batch to every output and returns once all have
// acknowledged it, noting when.
func (l *loop) write(ctx context.Context, b *batch) error {
	return l.writeGroup(ctx, []*batch{b})
}

// gatherReady appends to group every batch ch holds ready, without
// waiting, and returns it.
func gatherReady(ch <-chan *batch, group []*batch) []*batch {
	for {
		select {
		case b, ok := <-ch:
			if !ok {
				return group
			}
			group = append(group, b)
		default:
			return group
		}
	}
}

// writeGroup hands the scored batches bs, consecutive in fetch order, to
// every output as one delivery and returns once all have acknowledged
// them, noting when on each batch. Several batches are joined into
// l.joined (their events in order, outcomes copied); what the delivery
// marks on an outcome (a refusal) is copied back to its batch.
func (l *loop) writeGroup(ctx context.Context, bs []*batch) error {
	start := l.now()
	recs := &bs[0].records
	if len(bs) > 1 {
		recs = l.join(bs)
		defer l.unjoin()
	}
	if err := l.writeOutputs(ctx, recs); err != nil {
		if len(bs) == 1 {
			return fmt.Errorf("write batch: %w", err)
		}
		return fmt.Errorf("write %d batches: %w", len(bs), err)
	}
	written := l.now()
	if len(bs) > 1 {
		l.copyRefusals(bs)
	}
	for _, b := range bs {
		b.written, b.writeTime = written, written.Sub(start)
	}
	return nil
}

// join copies the events and outcomes of bs, in order, into l.joined.
// The copies share the batches' storage.
func (l *loop) join(bs []*batch) *records {
	j := &l.joined
	for _, b := range bs {
		j.msgs = append(j.msgs, b.msgs...)
		j.outs = append(j.outs, b.outs...)
	}
	return j
}

// unjoin clears l.joined, so that it pins nothing until the next join.
func (l *loop) unjoin() {
	j := &l.joined
	clear(j.msgs)
	clear(j.outs)
	j.msgs, j.outs = j.msgs[:0], j.outs[:0]
}

// copyRefusals copies what a joined delivery marked on l.joined's
// outcomes (a refusal) back to the batches it was joined from.
func (l *loop) copyRefusals(bs []*batch) {
	i := 0
	for _, b := range bs {
		for k := range b.outs {
			if r := l.joined.outs[i].refused; r != nil {
				b.outs[k].refused = r
			}
			i++
		}
	}
}

// deliver writes and commits one scored batch synchronously, as the
// delivery and commit stages do in turn (benchmarks and tests).
func (l *loop) deliver(ctx context.Context, b *batch) error {
	if err := l.write(ctx, b); err != nil {
		return err
	}
	return l.commitBatches(ctx, []*batch{b})
}

// process scores and delivers one batch synchronously (benchmarks).
func (l *loop) process(ctx context.Context, b *batch) error {
	l.score(b)
	return l.deliver(ctx, b)
}

// logFailures logs the events of a scored batch that the engine failed on
// (dead-lettered) and those whose alert was cut to its minimal form.
func (l *loop) logFailures(b *records) {
	for i := range b.outs {
		o, src := &b.outs[i], &b.msgs[i]
		switch {
		case o.dead != nil && o.dead.stage == stageEvaluateDL:
			l.log.Error("engine failed on an event; dead-lettered", "topic", src.Topic,
				"partition", src.Partition, "offset", src.Offset, "err", o.dead.err)
		case o.dead == nil && o.truncated:
			l.log.Warn("alert too large for the alert topic; writing its minimal form", "topic", src.Topic,
				"partition", src.Partition, "offset", src.Offset, "limit", maxAlertBytes)
		}
		logStopped(l.log, src, o)
	}
}

func describePoints(points []kafka.Message) string {
	s := ""
	for i, p := range points {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf("%s/%d@%d", p.Topic, p.Partition, p.Offset)
	}
	return s
}
