package listfmt

import (
	"errors"
	"fmt"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
)

// Pos is a position in a list file. Line and Col are 1-based; Col is 0
// when the format gives only a line (a JSON line, a CSV record), Line 0
// for a problem of the whole file. It is the project's one source
// position (package yamlsrc).
type Pos = yamlsrc.Pos

// errorList collects every problem of a list file, up to a limit, so that
// whoever fixes it sees them all at once. Its Err is a yamlsrc.List (nil
// when there is no problem), the diagnostics every loader of the project
// returns.
type errorList struct {
	ds   yamlsrc.List
	max  int // 0: unlimited
	file string
	full bool
}

func newErrorList(file string, max int) *errorList { return &errorList{file: file, max: max} }

// add appends a positioned error; past the limit it records that errors
// were dropped instead.
func (l *errorList) add(p Pos, format string, args ...any) {
	if l.max > 0 && len(l.ds) >= l.max {
		l.full = true
		return
	}
	l.ds.Errorf(p, "", format, args...)
}

// Full reports whether the limit was reached (later errors were dropped).
func (l *errorList) Full() bool { return l.full }

// Len is the number of errors kept.
func (l *errorList) Len() int { return len(l.ds) }

// Err returns nil when no problem was found, else the problems in file,
// line and column order as a yamlsrc.List; when some were dropped, the
// list ends with a diagnostic saying so (see TooManyErrors).
func (l *errorList) Err() error {
	if l == nil || len(l.ds) == 0 {
		return nil
	}
	out := append(yamlsrc.List(nil), l.ds...)
	out.Sort()
	if l.full {
		out.Errorf(Pos{File: l.file}, "", "%s", tooManyErrors(l.max))
	}
	return out
}

// tooManyErrors is the message of the diagnostic that ends a list cut at
// its limit.
func tooManyErrors(max int) string {
	return fmt.Sprintf("%s (limit %d): fix these and read the file again", msgTooManyErrors, max)
}

const msgTooManyErrors = "too many errors, more not shown"

// TooManyErrors reports whether a diagnostic is the one that ends a list
// cut at Limits.MaxErrors.
func TooManyErrors(d yamlsrc.Diagnostic) bool {
	return d.Line == 0 && len(d.Message) >= len(msgTooManyErrors) && d.Message[:len(msgTooManyErrors)] == msgTooManyErrors
}

// fileError is a problem of a whole file (unreadable, too large, of an
// unknown format) as a diagnostic.
func fileError(path, format string, args ...any) error {
	return yamlsrc.Diagnostic{Pos: Pos{File: path}, Message: fmt.Sprintf(format, args...)}
}

// Diagnostics returns the positioned problems inside err (a yamlsrc.List
// or a single yamlsrc.Diagnostic, as every function of this package
// returns), or nil when err carries none (an I/O error).
func Diagnostics(err error) yamlsrc.List {
	var l yamlsrc.List
	if errors.As(err, &l) {
		return l
	}
	var d yamlsrc.Diagnostic
	if errors.As(err, &d) {
		return yamlsrc.List{d}
	}
	return nil
}
