package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/precursorwatch/precursor/internal/embedded"
)

// alertView is the part of the alert JSON the demo prints.
type alertView struct {
	AlertID    string    `json:"alert_id"`
	ShipmentID string    `json:"shipment_id"`
	Severity   string    `json:"severity"`
	Score      float64   `json:"score"`
	Summary    string    `json:"summary"`
	Hits       []hitView `json:"hits"`
}

// hitView is the part of a hit the demo prints: its rule and the party
// hits of its evidence.
type hitView struct {
	Rule     string `json:"rule"`
	RuleID   string `json:"rule_id"`
	Evidence []struct {
		Party *partyHitView `json:"party"`
	} `json:"evidence"`
}

// partyHitView is a party's list hit as the demo prints it.
type partyHitView struct {
	Role    string  `json:"role"`
	List    string  `json:"list"`
	EntryID string  `json:"entry_id"`
	Kind    string  `json:"kind"`
	Matched string  `json:"matched"`
	Score   float64 `json:"score"`
	Cleared *struct {
		ID string `json:"id"`
	} `json:"cleared"`
}

// severities in the order the demo reports them.
var severities = []string{"critical", "high", "medium", "low"}

// ANSI colours per severity, used only when stdout is a terminal.
var severityColour = map[string]string{
	"critical": "\x1b[1;31m", "high": "\x1b[31m", "medium": "\x1b[33m", "low": "\x1b[36m",
}

// onAlert prints one alert read from the alert topic.
func (d *demo) onAlert(r embedded.Record) {
	var a alertView
	if err := json.Unmarshal(r.Value, &a); err != nil {
		fmt.Fprintf(d.s.err, "precursor demo: alert at %s/%d/%d is not JSON: %v\n", r.Topic, r.Partition, r.Offset, err)
		d.printed.Add(1)
		return
	}
	if a.ShipmentID == "" {
		a.ShipmentID = string(r.Key)
	}
	if r.Topic == d.cfg.Topics.CandidateAlerts && d.flags.candidate != "" {
		d.mu.Lock()
		d.candidate[a.Severity]++
		d.mu.Unlock()
		return // counted in the summary, not printed: the analysts' view is the live pack's
	}
	d.mu.Lock()
	d.bySeverity[a.Severity]++
	d.alerted[d.truth[a.ShipmentID]]++
	if p := d.partyTruth[a.ShipmentID]; p != "" {
		d.alertedParty[p]++
	}
	d.mu.Unlock()
	fmt.Fprintln(d.s.out, formatAlert(&a, d.colour))
	d.printed.Add(1)
}

// formatAlert renders an alert as one line: severity, score, shipment and
// the engine's summary (route, chemicals, rules), or the rule ids when the
// alert has no summary.
func formatAlert(a *alertView, colour bool) string {
	sev := fmt.Sprintf("%-8s", strings.ToUpper(a.Severity))
	if c, ok := severityColour[a.Severity]; ok && colour {
		sev = c + sev + "\x1b[0m"
	}
	summary := a.Summary
	// The summary may repeat severity and score ("HIGH 80: ..."); drop that.
	if rest, ok := strings.CutPrefix(summary, strings.ToUpper(a.Severity)+" "); ok {
		if _, after, ok := strings.Cut(rest, ": "); ok {
			summary = after
		}
	}
	if summary == "" {
		ids := make([]string, 0, len(a.Hits))
		for _, h := range a.Hits {
			ids = append(ids, h.Rule+h.RuleID)
		}
		summary = "rules " + strings.Join(ids, " ")
	}
	return fmt.Sprintf("%s %5.0f  %s  %s%s", sev, a.Score, a.ShipmentID, summary, partyNote(a))
}

// partyNote names the listed parties behind an alert's hits, e.g.
// "; consignee ~ SUMILAB, S.A. DE C.V. (sanction, us-ofac-sdn 990008, 0.95)".
func partyNote(a *alertView) string {
	var b strings.Builder
	seen := map[string]bool{}
	for _, h := range a.Hits {
		for _, ev := range h.Evidence {
			p := ev.Party
			if p == nil || p.Cleared != nil || seen[p.Role+p.List+p.EntryID] {
				continue
			}
			seen[p.Role+p.List+p.EntryID] = true
			fmt.Fprintf(&b, "; %s ~ %s (%s, %s %s, %.2f)", p.Role, p.Matched, p.Kind, p.List, p.EntryID, p.Score)
		}
	}
	return b.String()
}

// severityCounts renders counts as "critical 1 high 4 medium 9 low 2".
func severityCounts(m map[string]int) string {
	parts := make([]string, 0, len(severities))
	for _, s := range severities {
		parts = append(parts, fmt.Sprintf("%s %d", s, m[s]))
	}
	return strings.Join(parts, " ")
}

func sumCounts(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// isTerminal reports whether w is a character device and colour is not
// disabled with NO_COLOR.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// parseLevel maps a log level name to a slog level; unknown names are warn.
func parseLevel(s string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return slog.LevelWarn
	}
	return l
}
