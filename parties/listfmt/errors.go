package listfmt

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a list file. Line and Col are 1-based; Col is 0
// when the format gives only a line (a JSON line, a CSV record).
type Pos struct {
	File      string
	Line, Col int
}

// String formats the position as file:line:col, leaving out unknown parts.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	return b.String()
}

// Error is one problem of a list file at a position.
type Error struct {
	Pos Pos
	Msg string
}

// Error formats the problem as "file:line:col: msg".
func (e *Error) Error() string {
	if s := e.Pos.String(); s != "" {
		return s + ": " + e.Msg
	}
	return e.Msg
}

// ErrTooManyErrors ends an ErrorList that reached its limit: the file has
// more problems than were reported.
var ErrTooManyErrors = errors.New("too many errors")

// ErrorList collects every problem of a list file so that whoever fixes it
// sees them all at once. Its Err method returns nil when it is empty, so a
// parser can always return list.Err().
type ErrorList struct {
	errs []*Error
	max  int // 0: unlimited
	full bool
}

func newErrorList(max int) *ErrorList { return &ErrorList{max: max} }

// add appends a positioned error; past the limit it records that errors
// were dropped and reports false.
func (l *ErrorList) add(p Pos, format string, args ...any) bool {
	if l.max > 0 && len(l.errs) >= l.max {
		l.full = true
		return false
	}
	l.errs = append(l.errs, &Error{Pos: p, Msg: fmt.Sprintf(format, args...)})
	return true
}

// Full reports whether the limit was reached (later errors were dropped).
func (l *ErrorList) Full() bool { return l.full }

// Errors returns the errors in file, line and column order.
func (l *ErrorList) Errors() []*Error {
	sort.SliceStable(l.errs, func(i, j int) bool {
		a, b := l.errs[i].Pos, l.errs[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return l.errs
}

// Len is the number of errors kept.
func (l *ErrorList) Len() int { return len(l.errs) }

// Error reports the first error and how many more there are; use Errors
// for the full list.
func (l *ErrorList) Error() string {
	errs := l.Errors()
	more := ""
	if l.full {
		more = ", more not shown"
	}
	switch len(errs) {
	case 0:
		return "no errors"
	case 1:
		return errs[0].Error() + more
	}
	return fmt.Sprintf("%s (and %d more errors%s)", errs[0], len(errs)-1, more)
}

// Unwrap lets errors.Is find ErrTooManyErrors when errors were dropped.
func (l *ErrorList) Unwrap() []error {
	out := make([]error, 0, len(l.errs)+1)
	for _, e := range l.errs {
		out = append(out, e)
	}
	if l.full {
		out = append(out, ErrTooManyErrors)
	}
	return out
}

// Err returns nil when the list is empty and the list otherwise.
func (l *ErrorList) Err() error {
	if l == nil || len(l.errs) == 0 {
		return nil
	}
	return l
}

// ErrorsOf returns the positioned errors inside err (an *ErrorList or a
// single *Error), or nil when err carries none.
func ErrorsOf(err error) []*Error {
	var l *ErrorList
	if errors.As(err, &l) {
		return l.Errors()
	}
	var e *Error
	if errors.As(err, &e) {
		return []*Error{e}
	}
	return nil
}
