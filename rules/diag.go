package rules

import (
	"fmt"
	"sort"
	"strings"
)

// Diagnostic is one problem found while loading or linting a rule pack.
type Diagnostic struct {
	File      string
	Line, Col int
	// Subject names what the problem is about, e.g. `rule "FEN-001"`,
	// `exception "lab"`, `macro "fentanyl_any"`, `list "origins"`; "" for the
	// file itself.
	Subject string
	Message string
	// Warning diagnostics are printed but do not fail loading or lint.
	Warning bool
}

// String formats d as `file:line:col: [warning: ]subject: message`.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", d.Line, d.Col)
	}
	b.WriteString(": ")
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

// Diagnostics is every problem of a rule pack, in file and position order.
type Diagnostics []Diagnostic

// Errors returns the diagnostics that are not warnings.
func (ds Diagnostics) Errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if !d.Warning {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns the warning diagnostics.
func (ds Diagnostics) Warnings() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Warning {
			out = append(out, d)
		}
	}
	return out
}

func (ds Diagnostics) sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// LoadError is returned by the loaders when a rule pack has errors. It
// lists every error (never the warnings), one per line.
type LoadError struct {
	Diagnostics Diagnostics
}

func (e *LoadError) Error() string {
	var b strings.Builder
	for i, d := range e.Diagnostics {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// diags collects diagnostics while loading.
type diags struct {
	list Diagnostics
}

func (ds *diags) add(p pos, subject string, warning bool, format string, args ...any) {
	ds.list = append(ds.list, Diagnostic{
		File: p.File, Line: p.Line, Col: p.Col, Subject: subject,
		Message: fmt.Sprintf(format, args...), Warning: warning,
	})
}

func (ds *diags) errorf(p pos, subject, format string, args ...any) {
	ds.add(p, subject, false, format, args...)
}

func (ds *diags) warnf(p pos, subject, format string, args ...any) {
	ds.add(p, subject, true, format, args...)
}

// pos is a position in a rule file; Line and Col are 1-based.
type pos struct {
	File      string
	Line, Col int
}

func ruleSubject(id string) string     { return fmt.Sprintf("rule %q", id) }
func exceptionSubject(n string) string { return fmt.Sprintf("exception %q", n) }
func macroSubject(name string) string  { return fmt.Sprintf("macro %q", name) }
func listSubject(name string) string   { return fmt.Sprintf("list %q", name) }
