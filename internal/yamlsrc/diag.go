package yamlsrc

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Pos is a position in a source file. Line and Col are 1-based; 0 means
// unknown (a problem of the whole file, or of a whole line).
type Pos struct {
	File      string
	Line, Col int
}

// String formats p as file:line:col, leaving out the unknown parts (and
// the file when it is not known: line:col).
func (p Pos) String() string {
	if p.Line <= 0 {
		return p.File
	}
	s := strconv.Itoa(p.Line)
	if p.Col > 0 {
		s += ":" + strconv.Itoa(p.Col)
	}
	if p.File == "" {
		return s
	}
	return p.File + ":" + s
}

// Diagnostic is one problem of a source file.
type Diagnostic struct {
	Pos
	// Subject names what the problem is about, e.g. `rule "FEN-001"`; ""
	// when the message says it itself or the problem is the file's.
	Subject string
	Message string
	// Warning diagnostics are reported but do not fail a load or lint.
	Warning bool
}

// Error formats d as `file:line:col: [warning: ][subject: ]message`,
// leaving out the unknown parts of the position.
func (d Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if d.Warning {
		b.WriteString("warning: ")
	}
	if d.Subject != "" {
		b.WriteString(d.Subject)
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// List collects every problem of a source so that an author can fix them
// all in one pass. Like go/scanner.ErrorList, Err returns nil when the
// list holds no error, so a loader can always return list.Err().
type List []Diagnostic

// Errorf appends an error at p.
func (l *List) Errorf(p Pos, subject, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: p, Subject: subject, Message: fmt.Sprintf(format, args...)})
}

// Warnf appends a warning at p.
func (l *List) Warnf(p Pos, subject, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: p, Subject: subject, Message: fmt.Sprintf(format, args...), Warning: true})
}

// Sort orders the list by file, line and column, keeping the order in
// which problems were found at the same position.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// Errors returns the diagnostics that are not warnings.
func (l List) Errors() List { return l.filter(false) }

// Warnings returns the warnings.
func (l List) Warnings() List { return l.filter(true) }

func (l List) filter(warning bool) List {
	var out List
	for _, d := range l {
		if d.Warning == warning {
			out = append(out, d)
		}
	}
	return out
}

// Err returns the errors of the list (warnings left out) as an error, or
// nil when there are none.
func (l List) Err() error {
	if errs := l.Errors(); len(errs) > 0 {
		return errs
	}
	return nil
}

// Error lists every diagnostic, one per line.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}
