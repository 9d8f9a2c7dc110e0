package ruletest

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/precursorwatch/precursor/rules"
)

// compare checks a case's expectations against its result and returns
// one readable line per unmet expectation, expected vs got.
func compare(tc Case, got *CaseResult) []string {
	var f []string
	if missing := missing(tc.Fires, got.Fired); len(missing) > 0 {
		f = append(f, fmt.Sprintf("fires: expected %s to fire, did not: %s; fired: %s",
			idList(tc.Fires), idList(missing), idList(got.Fired)))
	}
	if extra := present(tc.NotFires, got.Fired); len(extra) > 0 {
		f = append(f, fmt.Sprintf("not_fires: expected %s not to fire, fired: %s",
			idList(tc.NotFires), idList(extra)))
	}
	if missing := missing(tc.Suppressed, got.Suppressed); len(missing) > 0 {
		f = append(f, fmt.Sprintf("suppressed: expected %s to suppress a hit, did not: %s; suppressed: %s",
			idList(tc.Suppressed), idList(missing), idList(got.Suppressed)))
	}
	if extra := present(tc.NotSuppressed, got.Suppressed); len(extra) > 0 {
		f = append(f, fmt.Sprintf("not_suppressed: expected %s to suppress no hit, suppressed: %s",
			idList(tc.NotSuppressed), idList(extra)))
	}
	if tc.Severity != "" && tc.Severity != got.Severity {
		f = append(f, fmt.Sprintf("severity: expected %s, got %s (score %.1f)", tc.Severity, got.Severity, got.Score))
	}
	if tc.MinScore != nil && got.Score < *tc.MinScore {
		f = append(f, fmt.Sprintf("min_score: expected score >= %g, got %.1f", *tc.MinScore, got.Score))
	}
	if tc.MaxScore != nil && got.Score > *tc.MaxScore {
		f = append(f, fmt.Sprintf("max_score: expected score <= %g, got %.1f", *tc.MaxScore, got.Score))
	}
	if tc.Alert != nil && *tc.Alert != got.Emit {
		f = append(f, fmt.Sprintf("alert: expected %t, got %t (severity %s, score %.1f)", *tc.Alert, got.Emit, got.Severity, got.Score))
	}
	return f
}

// missing returns the ids of want that are not in got.
func missing(want, got []string) []string {
	var out []string
	for _, id := range want {
		if !slices.Contains(got, id) {
			out = append(out, id)
		}
	}
	return out
}

// present returns the ids of want that are in got.
func present(want, got []string) []string {
	var out []string
	for _, id := range want {
		if slices.Contains(got, id) {
			out = append(out, id)
		}
	}
	return out
}

func idList(ids []string) string {
	if len(ids) == 0 {
		return "[]"
	}
	return "[" + strings.Join(ids, " ") + "]"
}

// describe renders a score result for failure output: the score, each hit
// with its evidence, suppressions and rule errors.
func describe(r rules.Result) []string {
	out := []string{fmt.Sprintf("score %.1f, severity %s, alert %t", r.Score, r.Severity, r.Emit)}
	for _, h := range r.Hits {
		out = append(out, hitLines("hit", h)...)
	}
	for _, h := range r.ShadowHits {
		out = append(out, hitLines("shadow hit", h)...)
	}
	for _, s := range r.Suppressed {
		out = append(out, fmt.Sprintf("suppressed by %s: %s", s.Exception, idList(s.Rules)))
	}
	for _, re := range r.RuleErrors {
		out = append(out, fmt.Sprintf("rule error %s: %s", re.RuleID, re.Error))
	}
	return out
}

func hitLines(kind string, h rules.Hit) []string {
	out := []string{fmt.Sprintf("%s %s (%g): %s", kind, h.RuleID, h.Score, h.Title)}
	for _, ev := range h.Evidence {
		out = append(out, "    evidence: "+evidenceLine(ev))
	}
	return out
}

// WriteText writes the report the way `precursor rules test` prints it:
// file problems, then each failing case with expected vs got, then (when
// verbose) passing cases, coverage gaps and a summary line.
func (r *Report) WriteText(w io.Writer, verbose bool) error {
	ew := &errWriter{w: w}
	for _, e := range r.Errors {
		ew.printf("%s\n", e)
	}
	for i := range r.Cases {
		c := &r.Cases[i]
		if c.Passed() {
			if verbose {
				ew.printf("--- PASS: %s:%d: %s (score %.1f, %s)\n", c.File, c.Line, c.Name, c.Score, c.Severity)
			}
			continue
		}
		ew.printf("--- FAIL: %s:%d: %s\n", c.File, c.Line, c.Name)
		for _, f := range c.Failures {
			ew.printf("    %s\n", f)
		}
		for _, g := range c.Got {
			ew.printf("    got: %s\n", g)
		}
	}
	for _, g := range r.Coverage.Gaps() {
		ew.printf("coverage: %s\n", g)
	}
	status := "ok"
	if !r.OK() {
		status = "FAIL"
	}
	ew.printf("%s: %d files, %d cases, %d failed, %d file errors\n", status, len(r.Files),
		len(r.Cases), r.Failed(), len(r.Errors))
	return ew.err
}

// errWriter keeps the first write error so WriteText can report it once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// evidenceLine renders one piece of evidence on one line.
func evidenceLine(ev rules.Evidence) string {
	if ev.Method != "" {
		line := fmt.Sprintf("line %d: %s (family %s) by %s %.2f in %s: %q",
			ev.Line, cmp.Or(ev.Chemical, "uncatalogued"), ev.Family, ev.Method, ev.Confidence, ev.ItemField, ev.Text)
		if s := ev.Structure; s != nil {
			line += fmt.Sprintf(", structure %s %s", s.SMILES, cmp.Or(s.Pattern, s.InChIKey))
		}
		return line
	}
	if ev.Line > 0 {
		return fmt.Sprintf("line %d: %s = %q", ev.Line, ev.Field, ev.Value)
	}
	return fmt.Sprintf("%s = %q", ev.Field, ev.Value)
}
