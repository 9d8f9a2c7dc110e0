package rulediff

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// Gates are the conditions under which a comparison fails (`--fail-on`).
// The language is a comma-separated list of gates, each a metric and an
// optional bound:
//
//	gate   = metric [ op number [ "%" ] ]      (no bound means "> 0")
//	op     = ">" | ">="
//	metric = gained | lost | changed | upgraded | downgraded | rule-errors
//	       | gained-SEVERITY | lost-SEVERITY     (low, medium, high, critical)
//
// gained and lost count alerts only one pack emits (gained-high: alerts
// the candidate emits as high that the baseline did not emit; lost-critical:
// critical alerts of the baseline the candidate no longer emits); changed
// counts alerts both emit with another severity, upgraded and downgraded
// those whose severity rose or fell; rule-errors counts the candidate's
// rule evaluation errors. A bound with % is a percentage of the scored
// shipments. Examples: "lost-critical,lost-high", "gained>1%",
// "downgraded>=10,rule-errors".
type Gates []Gate

// Gate is one condition of Gates.
type Gate struct {
	Text    string  // as written
	Metric  string  // e.g. "lost-critical"
	OrEqual bool    // >= rather than >
	Bound   float64 // the number after the operator
	Percent bool    // Bound is a percentage of the scored shipments
}

// GateResult is a gate checked against a report.
type GateResult struct {
	Gate   string  `json:"gate"`
	Value  float64 `json:"value"`
	Limit  float64 `json:"limit"`
	Failed bool    `json:"failed"`
}

// metrics are the gate metrics by name.
var metrics = func() map[string]func(r *Report) int64 {
	m := map[string]func(r *Report) int64{
		"gained":      func(r *Report) int64 { return r.Gained.Total },
		"lost":        func(r *Report) int64 { return r.Lost.Total },
		"changed":     func(r *Report) int64 { return r.Changed.Total },
		"upgraded":    func(r *Report) int64 { return r.transitions(1) },
		"downgraded":  func(r *Report) int64 { return r.transitions(-1) },
		"rule-errors": func(r *Report) int64 { return r.RuleErrors["candidate"] },
	}
	for _, sev := range rulefmt.Severities[1:] {
		m["gained-"+sev] = func(r *Report) int64 { return r.Gained.By[sev] }
		m["lost-"+sev] = func(r *Report) int64 { return r.Lost.By[sev] }
	}
	return m
}()

// metricNames lists the metrics for messages.
func metricNames() string {
	names := make([]string, 0, len(metrics))
	for n := range metrics {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// transitions counts changed alerts whose severity rose (dir 1) or fell
// (dir -1).
func (r *Report) transitions(dir int) int64 {
	var n int64
	for k, v := range r.Changed.By {
		b, c, _ := strings.Cut(k, "->")
		if d := rulefmt.SeverityRank(c) - rulefmt.SeverityRank(b); d*dir > 0 {
			n += v
		}
	}
	return n
}

// ParseGates parses the gate language; "" is no gates.
func ParseGates(s string) (Gates, error) {
	var gs Gates
	for _, text := range strings.Split(s, ",") {
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		g, err := parseGate(text)
		if err != nil {
			return nil, err
		}
		gs = append(gs, g)
	}
	return gs, nil
}

func parseGate(text string) (Gate, error) {
	g := Gate{Text: text}
	metric, bound, op := text, "", ""
	if i := strings.IndexAny(text, "<>=!"); i >= 0 {
		metric, op, bound = strings.TrimSpace(text[:i]), ">", strings.TrimSpace(text[i+1:])
		switch {
		case strings.HasPrefix(text[i:], ">="):
			op, bound = ">=", strings.TrimSpace(text[i+2:])
		case text[i] != '>':
			return g, fmt.Errorf("gate %q: the operator must be > or >= (a gate says when to fail)", text)
		}
	}
	if metrics[metric] == nil {
		return g, fmt.Errorf("gate %q: unknown metric %q (want %s)%s", text, metric, metricNames(), suggestMetric(metric))
	}
	g.Metric, g.OrEqual = metric, op == ">="
	if op == "" {
		return g, nil
	}
	num, pct := strings.CutSuffix(bound, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || v < 0 {
		return g, fmt.Errorf("gate %q: %q is not a number of alerts (or a percentage, 0.5%%)", text, bound)
	}
	g.Bound, g.Percent = v, pct
	return g, nil
}

// suggestMetric suggests a metric for a misspelt one: one with the same
// words in another order or case, else a near one.
func suggestMetric(metric string) string {
	parts := strings.Split(strings.ToLower(metric), "-")
	slices.Sort(parts)
	for n := range metrics {
		p := strings.Split(n, "-")
		slices.Sort(p)
		if slices.Equal(p, parts) {
			return fmt.Sprintf("; did you mean %q?", n)
		}
	}
	names := make([]string, 0, len(metrics))
	for n := range metrics {
		names = append(names, n)
	}
	return rules.DidYouMean(metric, names)
}

// Check evaluates the gates against r, records them in r.Gates and
// returns those that failed.
func (gs Gates) Check(r *Report) []GateResult {
	var failed []GateResult
	r.Gates = r.Gates[:0]
	for _, g := range gs {
		v := float64(metrics[g.Metric](r))
		limit := g.Bound
		if g.Percent {
			limit = g.Bound / 100 * float64(r.Scored)
		}
		res := GateResult{Gate: g.Text, Value: v, Limit: limit, Failed: v > limit || g.OrEqual && v == limit}
		r.Gates = append(r.Gates, res)
		if res.Failed {
			failed = append(failed, res)
		}
	}
	return failed
}
