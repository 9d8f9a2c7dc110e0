package structure

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
)

// Resolver answers one query text with its structure. *Client implements it
// against the resolver process; rule tests answer from recorded structures.
// The errors are those of Client.Resolve.
type Resolver interface {
	Resolve(ctx context.Context, text string) (*Structure, error)
}

// Finding is a structure the resolver read from a span of an item's
// description: the uncatalogued name behind a structure match.
type Finding struct {
	// Start and End are the span's byte offsets in the description; Text is
	// the span as written.
	Start, End int
	Text       string
	// Structure is the resolver's answer (Resolved is always true). Shared
	// with the client's cache: do not modify.
	Structure *Structure
}

// Tally counts what one Find did with the candidate spans of a manifest.
type Tally struct {
	Sent        int // spans asked of the resolver
	Resolved    int // answered with a structure
	Unparsed    int // not a name the resolver reads (a definitive answer)
	Unavailable int // no answer: resolver down, slow, crashing, breaker open, or the budget spent
	Refused     int // not sendable (ErrRefused)
	Skipped     int // candidates beyond MaxSpansPerFind, not sent
	// Err is the first Unavailable error, for the log.
	Err error
}

// MaxSpansPerFind bounds the spans one Find sends: a manifest of a thousand
// systematic names costs at most this many lookups. The rest are counted as
// Skipped.
const MaxSpansPerFind = 64

// maxParallel is the most goroutines one Find resolves spans with; the
// client's MaxInFlight caps the requests that actually reach the resolver.
const maxParallel = 8

// Finder picks the candidate spans of a manifest's items (those that look
// chemical and that no exact catalog match covers) and resolves them. It
// keeps its buffers between calls: use one per goroutine.
type Finder struct {
	// Budget bounds the lookups of one Find, all spans together (the
	// per-manifest budget); 0: only the caller's context bounds them.
	Budget time.Duration

	spans []Span
	cands []Candidate
	jobs  []findJob
	found [][]Finding
}

// findJob is one span to resolve and its answer.
type findJob struct {
	item int
	cand Candidate
	s    *Structure
	err  error
}

// Find resolves the candidate spans of n items: text(i) is item i's
// description and results[i] its catalog result (n = len(results)). It
// returns, per item, the structures found (nil when Find sent nothing, so
// the common manifest costs no allocation; the slices are reused by the
// next call) and what it did. Spans are resolved concurrently; ctx and
// Budget bound the whole call: a span not answered in time is Unavailable,
// and its item is scored without it.
func (f *Finder) Find(ctx context.Context, r Resolver, text func(i int) string, results []chemicals.Result) ([][]Finding, Tally) {
	var t Tally
	f.jobs = f.jobs[:0]
	for i := range results {
		f.spans = ResolvedSpans(f.spans[:0], results[i])
		f.cands = Candidates(f.cands[:0], text(i), f.spans)
		for _, c := range f.cands {
			if len(f.jobs) == MaxSpansPerFind {
				t.Skipped++
				continue
			}
			f.jobs = append(f.jobs, findJob{item: i, cand: c})
		}
	}
	if len(f.jobs) == 0 {
		return nil, t
	}
	if f.Budget > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.Budget)
		defer cancel()
	}
	f.resolveAll(ctx, r)
	return f.collect(text, len(results), &t), t
}

// resolveAll resolves every job, concurrently when there are several.
func (f *Finder) resolveAll(ctx context.Context, r Resolver) {
	if len(f.jobs) == 1 {
		j := &f.jobs[0]
		j.s, j.err = r.Resolve(ctx, j.cand.Query)
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(len(f.jobs), maxParallel) {
		wg.Go(func() {
			for {
				k := int(next.Add(1) - 1)
				if k >= len(f.jobs) {
					return
				}
				j := &f.jobs[k]
				j.s, j.err = r.Resolve(ctx, j.cand.Query)
			}
		})
	}
	wg.Wait()
}

// collect tallies the answers and groups the structures by item.
func (f *Finder) collect(text func(i int) string, n int, t *Tally) [][]Finding {
	if cap(f.found) < n {
		f.found = make([][]Finding, n)
	}
	f.found = f.found[:n]
	for i := range f.found {
		f.found[i] = f.found[i][:0]
	}
	for k := range f.jobs {
		j := &f.jobs[k]
		t.Sent++
		switch {
		case j.err == nil && j.s != nil && j.s.Resolved:
			t.Resolved++
			desc := text(j.item)
			f.found[j.item] = append(f.found[j.item], Finding{
				Start: j.cand.Start, End: j.cand.End, Text: desc[j.cand.Start:j.cand.End], Structure: j.s,
			})
		case j.err == nil:
			t.Unparsed++
		case errors.Is(j.err, ErrRefused):
			t.Refused++
		default: // ErrUnavailable, or the budget (ctx) ran out
			t.Unavailable++
			if t.Err == nil {
				t.Err = j.err
			}
		}
	}
	return f.found
}
