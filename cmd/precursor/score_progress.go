package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progressBar draws a one-line progress indicator on a terminal: a bar when
// the input size is known, else a running count. A nil *progressBar is a
// no-op, so callers need no conditionals.
type progressBar struct {
	w     io.Writer
	size  int64 // -1 when unknown (stdin)
	start time.Time
	last  time.Time
	drawn bool
}

const progressEvery = 200 * time.Millisecond

func newProgressBar(w io.Writer, size int64) *progressBar {
	now := time.Now()
	return &progressBar{w: w, size: size, start: now}
}

// update redraws at most every progressEvery.
func (p *progressBar) update(read int64, lines int) {
	if p == nil {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	p.drawn = true
	rate := float64(lines) / now.Sub(p.start).Seconds()
	if p.size <= 0 {
		fmt.Fprintf(p.w, "\r%d lines, %.1f MB, %.0f lines/s\033[K", lines, float64(read)/1e6, rate)
		return
	}
	frac := float64(read) / float64(p.size)
	frac = min(max(frac, 0), 1)
	const width = 30
	n := int(frac * width)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%% %d lines, %.0f lines/s\033[K",
		strings.Repeat("#", n), strings.Repeat(" ", width-n), frac*100, lines, rate)
}

// finish erases the bar so that the summary starts on a clean line.
func (p *progressBar) finish() {
	if p == nil || !p.drawn {
		return
	}
	fmt.Fprint(p.w, "\r\033[K")
}
