package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// lineReader reads newline-terminated lines of at most max bytes. A longer
// line is reported as too long and skipped without being held in memory:
// only its first max bytes are buffered, the rest is discarded as it is
// read. Memory stays bounded by max plus the bufio buffer.
type lineReader struct {
	r    *bufio.Reader
	max  int
	buf  []byte
	line int   // number of the last line returned, 1-based
	read int64 // bytes consumed so far
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// next returns the next line without its line terminator ("\n" or
// "\r\n") and, on the first line, without a UTF-8 byte order mark. The slice is valid until the following call. tooLong is true
// when the line exceeded max bytes; line is then nil. At the end of input
// next returns io.EOF.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	lr.buf = lr.buf[:0]
	sawAny := false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		lr.read += int64(len(chunk))
		if len(chunk) > 0 {
			sawAny = true
		}
		if !tooLong {
			if len(lr.buf)+len(chunk) > lr.max+2 { // +2: room for "\r\n"
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		switch {
		case err == nil:
			return lr.finish(tooLong)
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && sawAny:
			return lr.finish(tooLong)
		default:
			return nil, false, err
		}
	}
}

func (lr *lineReader) finish(tooLong bool) ([]byte, bool, error) {
	lr.line++
	if tooLong {
		return nil, true, nil
	}
	b := bytes.TrimSuffix(lr.buf, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	if len(b) > lr.max {
		return nil, true, nil
	}
	if lr.line == 1 {
		b = bytes.TrimPrefix(b, []byte("\uFEFF")) // a UTF-8 byte order mark from Windows tools
	}
	return b, false, nil
}
