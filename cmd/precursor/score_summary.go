package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// maxInvalidShown bounds how many invalid lines the summary lists one by
// one (the rest are counted), keeping memory constant on bad inputs.
const maxInvalidShown = 100

// invalidLine is one line that could not be scored.
type invalidLine struct {
	no     int
	kind   string
	reason string
}

// scoreStats counts what one chunk (or, merged, the whole run) produced.
type scoreStats struct {
	lines, blanks, scoredN, invalidN int
	invalids                         []invalidLine // first maxInvalidShown, in line order
	invalidKinds                     map[string]int
	severity                         map[string]int // scored shipments by severity
	alerts                           map[string]int // alerts written by severity
	hits, shadow, ruleErrors         map[string]int // by rule id
	suppressed                       map[string]int // by exception name
}

// reset zeroes the statistics, keeping the maps' storage for reuse.
func (s *scoreStats) reset() {
	s.lines, s.blanks, s.scoredN, s.invalidN = 0, 0, 0, 0
	s.invalids = s.invalids[:0]
	for _, m := range []*map[string]int{&s.invalidKinds, &s.severity, &s.alerts, &s.hits, &s.shadow,
		&s.ruleErrors, &s.suppressed} {
		if *m == nil {
			*m = map[string]int{}
		}
		clear(*m)
	}
}

func (s *scoreStats) invalid(no int, kind, reason string) {
	s.invalidN++
	s.invalidKinds[kind]++
	if len(s.invalids) < maxInvalidShown {
		s.invalids = append(s.invalids, invalidLine{no: no, kind: kind, reason: reason})
	}
}

func (s *scoreStats) scored(r rules.Result) {
	s.scoredN++
	s.severity[r.Severity]++
	for _, h := range r.Hits {
		s.hits[h.RuleID]++
	}
	for _, h := range r.ShadowHits {
		s.shadow[h.RuleID]++
	}
	for _, x := range r.Suppressed {
		s.suppressed[x.Exception]++
	}
	for _, e := range r.RuleErrors {
		s.ruleErrors[e.RuleID]++
	}
}

// scoreSummary accumulates chunk statistics in input order and renders the
// stderr summary.
type scoreSummary struct {
	scoreStats
	rules       []rules.RuleInfo
	interrupted bool // the run was cancelled: counts cover a prefix of the input
}

func newScoreSummary(e *rules.Engine) *scoreSummary {
	s := &scoreSummary{rules: e.Ruleset().Rules()}
	s.reset()
	return s
}

// add merges one chunk's statistics; chunks arrive in input order, so the
// invalid-line samples stay sorted.
func (s *scoreSummary) add(c *scoreStats) {
	s.lines += c.lines
	s.blanks += c.blanks
	s.scoredN += c.scoredN
	s.invalidN += c.invalidN
	for _, l := range c.invalids {
		if len(s.invalids) < maxInvalidShown {
			s.invalids = append(s.invalids, l)
		}
	}
	for _, p := range [][2]map[string]int{{s.invalidKinds, c.invalidKinds}, {s.severity, c.severity},
		{s.alerts, c.alerts}, {s.hits, c.hits}, {s.shadow, c.shadow}, {s.ruleErrors, c.ruleErrors},
		{s.suppressed, c.suppressed}} {
		for k, v := range p[1] {
			p[0][k] += v
		}
	}
}

// write renders the summary. It is deterministic (no timings) so that it
// can be pinned by a golden file.
func (s *scoreSummary) write(w io.Writer, input string) error {
	var b strings.Builder
	alerts := 0
	for _, n := range s.alerts {
		alerts += n
	}
	fmt.Fprintf(&b, "precursor score %s: %d lines read, %d scored, %d invalid, %d blank, %d alerts written\n",
		input, s.lines, s.scoredN, s.invalidN, s.blanks, alerts)
	if s.interrupted {
		b.WriteString("interrupted: the counts below cover the lines written before the interruption\n")
	}
	if s.invalidN > 0 {
		fmt.Fprintf(&b, "invalid lines (%s):\n", countsLine(s.invalidKinds, nil))
		for _, l := range s.invalids {
			fmt.Fprintf(&b, "  line %d: %s: %s\n", l.no, l.kind, l.reason)
		}
		if more := s.invalidN - len(s.invalids); more > 0 {
			fmt.Fprintf(&b, "  ... and %d more\n", more)
		}
	}
	fmt.Fprintf(&b, "shipments by severity: %s\n", countsLine(s.severity, rulefmt.Severities))
	fmt.Fprintf(&b, "alerts by severity:    %s\n", countsLine(s.alerts, rulefmt.Severities))
	s.writeRules(&b)
	if len(s.suppressed) > 0 {
		fmt.Fprintf(&b, "suppressed by exception: %s\n", countsLine(s.suppressed, nil))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeRules lists every rule of the pack with its hit count, shadow and
// disabled rules included, so a rule that never fires is visible.
func (s *scoreSummary) writeRules(b *strings.Builder) {
	b.WriteString("hits per rule:\n")
	for _, r := range s.rules {
		n := s.hits[r.ID]
		if r.Status == "shadow" {
			n = s.shadow[r.ID]
		}
		fmt.Fprintf(b, "  %-10s %-8s %6d  %s", r.ID, r.Status, n, r.Title)
		if e := s.ruleErrors[r.ID]; e > 0 {
			fmt.Fprintf(b, "  (%d evaluation errors)", e)
		}
		b.WriteByte('\n')
	}
}

// countsLine renders "k1 n1, k2 n2" in the given key order (or sorted keys
// when order is nil), leaving out zero counts; "0" when empty.
func countsLine(m map[string]int, order []string) string {
	if order == nil {
		for k := range m {
			order = append(order, k)
		}
		sort.Strings(order)
	}
	var parts []string
	for _, k := range order {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, ", ")
}
