package rulediff

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
)

// Options tune a comparison; the zero value uses the defaults.
type Options struct {
	// Workers compare chunks in parallel. Default runtime.GOMAXPROCS(0).
	Workers int
	// Examples is how many example shipments the report keeps per change
	// (gained, lost, changed and each rule). Default 3.
	Examples int
}

// Chunking: a chunk of events is the unit of work; at most
// chunksInFlight(workers) are read ahead, so memory is bounded by that
// many chunks of about chunkBytes (plus one event of up to
// manifest.MaxEventBytes).
const (
	chunkEvents = 256
	chunkBytes  = 1 << 20
)

func chunksInFlight(workers int) int { return 2 * workers }

// Differ compares a baseline and a candidate engine that share a catalog.
type Differ struct {
	base, cand *rules.Engine
	opts       Options
}

// New returns a Differ for two engines; cand must share base's catalog
// (see rules.Engine.WithRuleset), so each event is enriched once.
func New(base, cand *rules.Engine, opts Options) (*Differ, error) {
	if base.Catalog() != cand.Catalog() {
		return nil, errors.New("rulediff: the engines must share one catalog")
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Examples <= 0 {
		opts.Examples = 3
	}
	return &Differ{base: base, cand: cand, opts: opts}, nil
}

// chunk is a run of consecutive events and, once done is closed, the
// examples they gave.
type chunk struct {
	data  []byte   // the events' bytes, back to back
	spans [][4]int // per event: value start, end, where start, end
	ex    *examples
	done  chan struct{}
}

// Run compares every event of src and returns the report. It stops at
// the end of src, at a read error (returned with the report so far) or
// when ctx ends (ctx.Err()).
func (d *Differ) Run(ctx context.Context, src Source) (*Report, error) {
	start := time.Now()
	work := make(chan *chunk)
	ordered := make(chan *chunk, chunksInFlight(d.opts.Workers))
	free := make(chan *chunk, chunksInFlight(d.opts.Workers)+d.opts.Workers+1)
	var readErr error
	go func() {
		readErr = d.read(ctx, src, work, ordered, free)
		close(work)
		close(ordered)
	}()
	tots := make([]*totals, d.opts.Workers)
	var wg sync.WaitGroup
	for i := range tots {
		tots[i] = newTotals()
		wg.Go(func() {
			w := &worker{base: d.base, cand: d.cand, tot: tots[i]}
			for c := range work {
				w.process(c)
				close(c.done)
			}
		})
	}
	ex := newExamples(d.opts.Examples)
	for c := range ordered {
		<-c.done
		ex.merge(c.ex)
		select {
		case free <- c:
		default:
		}
	}
	wg.Wait()
	total := newTotals()
	for _, t := range tots {
		total.merge(t)
	}
	rep := newReport(d.base, d.cand, total, ex, time.Since(start))
	if readErr == nil {
		readErr = ctx.Err()
	}
	return rep, readErr
}

// read splits src into chunks, sending each to a worker and, in order, to
// the collector.
func (d *Differ) read(ctx context.Context, src Source, work, ordered chan<- *chunk, free chan *chunk) error {
	newChunk := func() *chunk {
		var c *chunk
		select {
		case c = <-free:
			c.data, c.spans = c.data[:0], c.spans[:0]
			c.ex.reset()
		default:
			c = &chunk{ex: newExamples(d.opts.Examples)}
		}
		c.done = make(chan struct{})
		return c
	}
	c := newChunk()
	send := func() bool {
		select {
		case ordered <- c:
		case <-ctx.Done():
			return false
		}
		work <- c
		c = newChunk()
		return true
	}
	for {
		ev, err := src.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if len(c.spans) > 0 {
				send()
			}
			return err
		}
		v0 := len(c.data)
		c.data = append(c.data, ev.Value...)
		w0 := len(c.data)
		c.data = append(c.data, ev.Where...)
		c.spans = append(c.spans, [4]int{v0, w0, w0, len(c.data)})
		if (len(c.spans) >= chunkEvents || len(c.data) >= chunkBytes) && !send() {
			return ctx.Err()
		}
	}
	if len(c.spans) > 0 && !send() {
		return ctx.Err()
	}
	return nil
}

// worker compares events with its own reusable state.
type worker struct {
	base, cand *rules.Engine
	tot        *totals
	m          manifest.Manifest
	items      []chemicals.Result
}

func (w *worker) process(c *chunk) {
	for _, sp := range c.spans {
		w.compare(c.data[sp[0]:sp[1]], c.data[sp[2]:sp[3]], c.ex)
	}
}

// compare decodes and enriches one event once and scores it with both
// engines.
func (w *worker) compare(value, where []byte, ex *examples) {
	w.tot.events++
	if len(bytes.TrimSpace(value)) == 0 {
		w.tot.blank++
		return
	}
	if err := manifest.DecodeInto(value, &w.m); err != nil {
		w.tot.invalid[string(manifest.KindOf(err))]++
		return
	}
	en := w.base.EnrichInto(&w.m, w.items)
	w.items = en.Items
	rb := w.base.Score(&w.m, en)
	rc := w.cand.Score(&w.m, en)
	r := [2]*rules.Result{&rb, &rc}
	w.tot.add(r)
	ex.observe(where, &w.m, r)
}

// String names a comparison for logs.
func (d *Differ) String() string {
	return fmt.Sprintf("%s %s vs %s %s", d.base.Ruleset().Name(), d.base.Ruleset().Version(),
		d.cand.Ruleset().Name(), d.cand.Ruleset().Version())
}
