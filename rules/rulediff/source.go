package rulediff

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/precursorwatch/precursor/manifest"
)

// Event is one manifest event to compare: its bytes and where it comes
// from, for examples ("manifests.jsonl:12", "manifests/3@1207").
type Event struct {
	Value, Where []byte
}

// Source yields events in order. Next returns io.EOF after the last one;
// the Event's bytes need stay valid only until the next call.
type Source interface {
	Next(ctx context.Context) (Event, error)
}

// LinesSource reads JSON Lines: one event per line, named name:LINE. A
// line longer than manifest.MaxEventBytes is an event of that many bytes
// and more (the decoder reports it too large) without being held in
// memory.
type LinesSource struct {
	name  string
	r     *bufio.Reader
	line  int
	buf   []byte
	where []byte
}

// NewLinesSource reads r, naming its events name:LINE.
func NewLinesSource(name string, r io.Reader) *LinesSource {
	return &LinesSource{name: name, r: bufio.NewReaderSize(r, 64<<10)}
}

// tooLarge stands for a line over the size limit: the decoder rejects it
// as too large without reading it.
var tooLarge = make([]byte, manifest.MaxEventBytes+1)

// Next returns the next line (blank lines included; the comparison skips
// them).
func (s *LinesSource) Next(ctx context.Context) (Event, error) {
	if s.line%4096 == 0 && ctx.Err() != nil {
		return Event{}, ctx.Err()
	}
	s.buf = s.buf[:0]
	over := false
	for {
		chunk, err := s.r.ReadSlice('\n')
		if !over && len(s.buf)+len(chunk) <= manifest.MaxEventBytes+2 {
			s.buf = append(s.buf, chunk...)
		} else {
			over, s.buf = true, s.buf[:0]
		}
		switch {
		case err == nil:
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && (len(s.buf) > 0 || over):
		case errors.Is(err, io.EOF):
			return Event{}, io.EOF
		default:
			return Event{}, fmt.Errorf("read %s line %d: %w", s.name, s.line+1, err)
		}
		break
	}
	s.line++
	s.where = strconv.AppendInt(append(append(s.where[:0], s.name...), ':'), int64(s.line), 10)
	v := bytes.TrimSuffix(bytes.TrimSuffix(s.buf, []byte("\n")), []byte("\r"))
	if over {
		v = tooLarge
	}
	return Event{Value: v, Where: s.where}, nil
}

// Concat yields the events of each source in turn.
func Concat(srcs ...Source) Source { return &concat{srcs: srcs} }

type concat struct{ srcs []Source }

func (c *concat) Next(ctx context.Context) (Event, error) {
	for len(c.srcs) > 0 {
		ev, err := c.srcs[0].Next(ctx)
		if !errors.Is(err, io.EOF) {
			return ev, err
		}
		c.srcs = c.srcs[1:]
	}
	return Event{}, io.EOF
}
