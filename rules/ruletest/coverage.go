package ruletest

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/precursorwatch/precursor/rules"
)

// Coverage says, for every rule (disabled ones left out) and exception of
// the pack, which cases show it firing and which show it not firing, and
// which lists and macros nothing uses. A rule fires in a case that names
// it in fires and does not fire in one that names it in not_fires. An
// exception fires (applies) in a case that names it in suppressed; it does
// not fire in a case that names it in not_suppressed, or that expects a
// rule it silences to fire: had it applied, that hit would be gone.
type Coverage struct {
	Rules, Exceptions         []Covered
	UnusedLists, UnusedMacros []string
}

// Covered is the coverage of one rule or exception: the cases, as
// file:line, that show it firing and not firing.
type Covered struct {
	ID                string
	Firing, NonFiring []string
}

// Complete reports whether every rule and exception has a firing and a
// non-firing case and every list and macro is used.
func (c *Coverage) Complete() bool { return len(c.Gaps()) == 0 }

// Gaps lists what is missing, one line each.
func (c *Coverage) Gaps() []string {
	var gaps []string
	for _, kind := range []struct {
		what  string
		items []Covered
	}{{"rule", c.Rules}, {"exception", c.Exceptions}} {
		for _, it := range kind.items {
			if len(it.Firing) == 0 {
				gaps = append(gaps, fmt.Sprintf("%s %s has no case where it fires", kind.what, it.ID))
			}
			if len(it.NonFiring) == 0 {
				gaps = append(gaps, fmt.Sprintf("%s %s has no case where it does not fire", kind.what, it.ID))
			}
		}
	}
	for _, l := range c.UnusedLists {
		gaps = append(gaps, fmt.Sprintf("list %s is used by no rule or exception", l))
	}
	for _, m := range c.UnusedMacros {
		gaps = append(gaps, fmt.Sprintf("macro %s is used by no rule or exception", m))
	}
	return gaps
}

// coverageOf computes the coverage of the engine's pack by cases.
func coverageOf(e *rules.Engine, cases []Case) Coverage {
	rs := e.Ruleset()
	var cov Coverage
	for _, r := range rs.Rules() {
		if r.Status == "disabled" {
			continue
		}
		it := Covered{ID: r.ID}
		for _, tc := range cases {
			if slices.Contains(tc.Fires, r.ID) {
				it.Firing = append(it.Firing, tc.where())
			}
			if slices.Contains(tc.NotFires, r.ID) {
				it.NonFiring = append(it.NonFiring, tc.where())
			}
		}
		cov.Rules = append(cov.Rules, it)
	}
	for _, x := range rs.Exceptions() {
		silenced := rs.ExceptionRules(x)
		it := Covered{ID: x}
		for _, tc := range cases {
			if slices.Contains(tc.Suppressed, x) {
				it.Firing = append(it.Firing, tc.where())
			}
			if slices.Contains(tc.NotSuppressed, x) || slices.ContainsFunc(tc.Fires, func(id string) bool {
				return slices.Contains(silenced, id)
			}) {
				it.NonFiring = append(it.NonFiring, tc.where())
			}
		}
		cov.Exceptions = append(cov.Exceptions, it)
	}
	cov.UnusedLists, cov.UnusedMacros = rs.Unused()
	return cov
}

// where names a case as file:line.
func (tc *Case) where() string { return fmt.Sprintf("%s:%d", tc.File, tc.Line) }

// WriteCoverage writes the coverage table of `precursor rules test
// --coverage`: per rule and exception the number of cases where it fires
// and does not, with what is missing, then the unused lists and macros and
// a summary line.
func (r *Report) WriteCoverage(w io.Writer) error {
	ew := &errWriter{w: w}
	c := &r.Coverage
	ew.printf("%-10s %-40s %6s %10s\n", "KIND", "ID", "FIRING", "NOT FIRING")
	for _, kind := range []struct {
		what  string
		items []Covered
	}{{"rule", c.Rules}, {"exception", c.Exceptions}} {
		for _, it := range kind.items {
			mark := ""
			if len(it.Firing) == 0 || len(it.NonFiring) == 0 {
				mark = "  MISSING"
			}
			ew.printf("%-10s %-40s %6d %10d%s\n", kind.what, it.ID, len(it.Firing), len(it.NonFiring), mark)
		}
	}
	ew.printf("unused lists: %s\nunused macros: %s\n", noneIfEmpty(c.UnusedLists), noneIfEmpty(c.UnusedMacros))
	ew.printf("coverage: %d/%d rules, %d/%d exceptions with a firing and a non-firing case; %d unused lists, %d unused macros\n",
		complete(c.Rules), len(c.Rules), complete(c.Exceptions), len(c.Exceptions), len(c.UnusedLists), len(c.UnusedMacros))
	return ew.err
}

func complete(items []Covered) int {
	n := 0
	for _, it := range items {
		if len(it.Firing) > 0 && len(it.NonFiring) > 0 {
			n++
		}
	}
	return n
}

func noneIfEmpty(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
