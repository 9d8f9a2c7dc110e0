package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// Chunking bounds: a chunk is the unit handed to a worker. In-flight memory
// is at most chunksInFlight(workers) chunks of at most chunkBytes each
// (plus one line of up to manifest.MaxEventBytes).
const (
	chunkLines = 256
	chunkBytes = 1 << 20
)

func chunksInFlight(workers int) int { return 2 * workers }

// scorer scores a JSONL stream with a pool of workers, keeping output in
// input order.
type scorer struct {
	engine *rules.Engine
	opts   scoreOptions
	chunks sync.Pool // *scoreChunk, recycled with their buffers once written
}

// newChunk returns an empty chunk, reusing the buffers of a written one.
func (sc *scorer) newChunk() *scoreChunk {
	c, _ := sc.chunks.Get().(*scoreChunk)
	if c == nil {
		c = &scoreChunk{}
	}
	c.lines, c.data, c.out, c.read = c.lines[:0], c.data[:0], c.out[:0], 0
	c.stats.reset()
	c.done = make(chan struct{})
	return c
}

// scoreChunk is a run of consecutive input lines and, once done is closed,
// their rendered output and statistics.
type scoreChunk struct {
	lines []chunkLine
	data  []byte // backing store of the lines' bytes
	read  int64  // input bytes consumed up to the end of this chunk
	out   []byte
	stats scoreStats
	done  chan struct{}
}

type chunkLine struct {
	no         int
	start, end int // offsets into scoreChunk.data
	tooLong    bool
}

// run reads in, scores every line and writes the output to out in input
// order. On a write error it stops reading and returns that error. When ctx
// is cancelled (Ctrl-C) it stops waiting, flushes what was already written
// and returns ctx.Err(); the summary then covers the lines written so far.
func (sc *scorer) run(ctx context.Context, in io.Reader, out io.Writer, sum *scoreSummary, bar *progressBar) error {
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	ordered, readErr, wg := sc.start(rctx, in)
	bw := bufio.NewWriterSize(out, 64<<10)
	if sc.opts.format == "table" {
		bw.WriteString(tableHeader)
	}
	var writeErr error
	for {
		c, ok := next(rctx, ordered)
		if !ok {
			break
		}
		if _, writeErr = bw.Write(c.out); writeErr != nil {
			stop() // stop reading; what is in flight is dropped
			break
		}
		sum.add(&c.stats)
		bar.update(c.read, sum.lines)
		sc.chunks.Put(c)
	}
	if err := bw.Flush(); writeErr == nil {
		writeErr = err
	}
	switch {
	case writeErr != nil:
		return fmt.Errorf("write output: %w", writeErr)
	case ctx.Err() != nil:
		sum.interrupted = true
		return ctx.Err() // the reader may be blocked in Read: do not wait
	}
	wg.Wait()
	return *readErr
}

// next returns the next finished chunk in input order; ok is false at the
// end of the input or when ctx is cancelled.
func next(ctx context.Context, ordered <-chan *scoreChunk) (*scoreChunk, bool) {
	select {
	case c, ok := <-ordered:
		if !ok {
			return nil, false
		}
		select {
		case <-c.done:
			return c, true
		case <-ctx.Done():
			return nil, false
		}
	case <-ctx.Done():
		return nil, false
	}
}

// start launches the reader and the workers. The reader's error is valid
// once ordered is closed.
func (sc *scorer) start(ctx context.Context, in io.Reader) (<-chan *scoreChunk, *error, *sync.WaitGroup) {
	work := make(chan *scoreChunk)
	ordered := make(chan *scoreChunk, chunksInFlight(sc.opts.workers))
	readErr := new(error)
	wg := new(sync.WaitGroup)
	go func() {
		*readErr = sc.read(ctx, in, work, ordered)
		close(work)
		close(ordered)
	}()
	for range sc.opts.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newScoreWorker(sc.engine, sc.opts)
			for c := range work {
				w.process(c)
				close(c.done)
			}
		}()
	}
	return ordered, readErr, wg
}

// read splits the input into chunks, sending each to a worker and, in
// order, to the writer.
func (sc *scorer) read(ctx context.Context, in io.Reader, work, ordered chan<- *scoreChunk) error {
	lr := newLineReader(in, manifest.MaxEventBytes)
	c := sc.newChunk()
	send := func() bool {
		c.read = lr.read
		select {
		case ordered <- c: // blocks when chunksInFlight chunks are pending
		case <-ctx.Done():
			return false
		}
		work <- c // a worker is always draining work
		c = sc.newChunk()
		return true
	}
	for {
		line, tooLong, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("read input line %d: %w", lr.line+1, err)
		}
		start := len(c.data)
		c.data = append(c.data, line...)
		c.lines = append(c.lines, chunkLine{no: lr.line, start: start, end: len(c.data), tooLong: tooLong})
		if len(c.lines) >= chunkLines || len(c.data) >= chunkBytes {
			if !send() {
				return ctx.Err()
			}
		}
	}
	if len(c.lines) > 0 && !send() {
		return ctx.Err()
	}
	return ctx.Err()
}

// scoreWorker holds one goroutine's reusable state.
type scoreWorker struct {
	engine  *rules.Engine
	opts    scoreOptions
	minRank int // -1: use Result.Emit
	m       manifest.Manifest
}

func newScoreWorker(e *rules.Engine, o scoreOptions) *scoreWorker {
	w := &scoreWorker{engine: e, opts: o, minRank: -1}
	if o.minSeverity != "" {
		w.minRank = slices.Index(rulefmt.Severities, o.minSeverity)
	}
	return w
}

func (w *scoreWorker) process(c *scoreChunk) {
	for _, ln := range c.lines {
		w.line(c, ln)
	}
}

// line scores one input line, appending its output to c.out.
func (w *scoreWorker) line(c *scoreChunk, ln chunkLine) {
	st := &c.stats
	st.lines++
	raw := c.data[ln.start:ln.end]
	if ln.tooLong {
		st.invalid(ln.no, string(manifest.KindTooLarge),
			"line longer than "+strconv.Itoa(manifest.MaxEventBytes)+" bytes, skipped")
		return
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		st.blanks++
		return
	}
	if err := manifest.DecodeInto(raw, &w.m); err != nil {
		st.invalid(ln.no, string(manifest.KindOf(err)), err.Error())
		return
	}
	m := &w.m
	en := w.engine.Enrich(m)
	r := w.engine.Score(m, en)
	st.scored(r)
	if !w.emits(r) {
		return
	}
	st.alerts[r.Severity]++
	if w.opts.format == "table" {
		c.out = appendTableRow(c.out, ln.no, m, r)
		return
	}
	c.out = w.engine.Alert(raw, m, en, r).AppendJSON(c.out)
	c.out = append(c.out, '\n')
}

// emits applies --min-severity, or the ruleset's own decision without it.
func (w *scoreWorker) emits(r rules.Result) bool {
	if w.minRank < 0 {
		return r.Emit
	}
	return slices.Index(rulefmt.Severities, r.Severity) >= w.minRank
}

const tableHeader = "LINE    SEVERITY  SCORE  SHIPMENT                        ROUTE    RULES\n"

// appendTableRow renders one alert as a fixed-width table row, so the table
// streams without buffering.
func appendTableRow(dst []byte, line int, m *manifest.Manifest, r rules.Result) []byte {
	ids := make([]string, 0, len(r.Hits))
	for _, h := range r.Hits {
		ids = append(ids, h.RuleID)
	}
	id := m.ShipmentID
	if len(id) > 30 {
		id = id[:29] + "~"
	}
	route := m.Origin.Country + ">" + m.Destination.Country
	return fmt.Appendf(dst, "%-7d %-9s %5.1f  %-31s %-8s %s\n", line, strings.ToUpper(r.Severity),
		r.Score, id, route, strings.Join(ids, ","))
}
