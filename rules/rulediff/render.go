package rulediff

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// WriteJSON writes the report as one indented JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteMarkdown writes the report for people: the alert changes with
// examples, the rules whose firing changed, the score distributions, the
// severity of every scored shipment and the gates.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Rule pack diff: %s %s -> %s %s\n\n", r.Baseline.Name, r.Baseline.Version, r.Candidate.Name, r.Candidate.Version)
	fmt.Fprintf(&b, "%d events: %d scored, %d invalid%s, %d blank; baseline %.12s, candidate %.12s.\n\n",
		r.Events, r.Scored, sum(slices.Collect(maps.Values(r.Invalid))), countList(r.Invalid), r.Blank, r.Baseline.Hash, r.Candidate.Hash)
	r.mdAlerts(&b)
	r.mdChange(&b, "Gained", "alerts only the candidate emits, by its severity", r.Gained)
	r.mdChange(&b, "Lost", "alerts only the baseline emits, by its severity", r.Lost)
	r.mdChange(&b, "Changed severity", "alerts both emit, baseline->candidate", r.Changed)
	r.mdRules(&b)
	r.mdScores(&b)
	r.mdMatrix(&b)
	r.mdGates(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

func (r *Report) mdAlerts(b *strings.Builder) {
	b.WriteString("## Alerts\n\n| severity | baseline | candidate | change |\n|---|---:|---:|---:|\n")
	var tb, tc int64
	for _, sev := range slices.Backward(rulefmt.Severities[1:]) {
		nb, nc := r.Alerts["baseline"][sev], r.Alerts["candidate"][sev]
		tb, tc = tb+nb, tc+nc
		fmt.Fprintf(b, "| %s | %d | %d | %s |\n", sev, nb, nc, signed(nc-nb))
	}
	fmt.Fprintf(b, "| **total** | %d | %d | %s |\n\n", tb, tc, signed(tc-tb))
	fmt.Fprintf(b, "**%d gained**%s, **%d lost**%s, **%d changed severity**%s.\n\n",
		r.Gained.Total, countList(r.Gained.By), r.Lost.Total, countList(r.Lost.By), r.Changed.Total, countList(r.Changed.By))
}

func (r *Report) mdChange(b *strings.Builder, title, what string, c Change) {
	if c.Total == 0 {
		return
	}
	fmt.Fprintf(b, "### %s: %d (%s)\n\n", title, c.Total, what)
	mdExamples(b, c.Examples)
}

func mdExamples(b *strings.Builder, es []Example) {
	if len(es) == 0 {
		return
	}
	b.WriteString("| where | shipment | baseline | candidate |\n|---|---|---|---|\n")
	for _, e := range es {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", cell(e.Where), cell(e.ShipmentID), outcomeCell(e.Baseline), outcomeCell(e.Candidate))
	}
	b.WriteString("\n")
}

func outcomeCell(o Outcome) string {
	s := fmt.Sprintf("%s %.2f", o.Severity, o.Score)
	if o.Alert {
		s += " alert"
	}
	if len(o.Rules) > 0 {
		s += " (" + strings.Join(o.Rules, ", ") + ")"
	}
	return s
}

func (r *Report) mdRules(b *strings.Builder) {
	b.WriteString("## Rules whose firing changed\n\n")
	if len(r.Rules) == 0 {
		b.WriteString("None: every rule fires on the same shipments in both packs.\n\n")
		return
	}
	b.WriteString("| rule | status | baseline hits | candidate hits | change | errors |\n|---|---|---:|---:|---:|---|\n")
	for _, d := range r.Rules {
		status := orDash(d.BaselineStatus)
		if d.CandidateStatus != d.BaselineStatus {
			status += " -> " + orDash(d.CandidateStatus)
		}
		errs := ""
		if d.BaselineErrors+d.CandidateErrors > 0 {
			errs = fmt.Sprintf("%d -> %d", d.BaselineErrors, d.CandidateErrors)
		}
		fmt.Fprintf(b, "| %s | %s | %d | %d | %s | %s |\n", d.Rule, status, d.BaselineHits, d.CandidateHits, signed(d.Delta), errs)
	}
	b.WriteString("\n")
	for _, d := range r.Rules {
		if len(d.Examples) > 0 {
			fmt.Fprintf(b, "Shipments %s fires on in one pack only:\n\n", d.Rule)
			mdExamples(b, d.Examples)
		}
	}
}

func (r *Report) mdScores(b *strings.Builder) {
	b.WriteString("## Scores\n\n| pack | mean | p50 | p90 | p99 | max |\n|---|---:|---:|---:|---:|---:|\n")
	for _, side := range []string{"baseline", "candidate"} {
		d := r.Scores[side]
		fmt.Fprintf(b, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |\n", side, d.Mean, d.P50, d.P90, d.P99, d.Max)
	}
	b.WriteString("\n| score | baseline | candidate | change |\n|---|---:|---:|---:|\n")
	hb, hc := r.Scores["baseline"].Histogram, r.Scores["candidate"].Histogram
	for i := range hb {
		hi := ")"
		if i == 9 {
			hi = "]"
		}
		fmt.Fprintf(b, "| [%d, %d%s | %d | %d | %s |\n", 10*i, 10*i+10, hi, hb[i], hc[i], signed(hc[i]-hb[i]))
	}
	b.WriteString("\n")
}

func (r *Report) mdMatrix(b *strings.Builder) {
	b.WriteString("## Severity of every scored shipment (rows: baseline, columns: candidate)\n\n| |")
	for _, s := range rulefmt.Severities {
		fmt.Fprintf(b, " %s |", s)
	}
	b.WriteString("\n|---|" + strings.Repeat("---:|", len(rulefmt.Severities)) + "\n")
	for _, bs := range rulefmt.Severities {
		fmt.Fprintf(b, "| **%s** |", bs)
		for _, cs := range rulefmt.Severities {
			fmt.Fprintf(b, " %d |", r.Severities[bs][cs])
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

func (r *Report) mdGates(b *strings.Builder) {
	if len(r.Gates) == 0 {
		return
	}
	b.WriteString("## Gates\n\n")
	for _, g := range r.Gates {
		verdict := "ok"
		if g.Failed {
			verdict = "**FAILED**"
		}
		fmt.Fprintf(b, "- %s `%s`: %g (limit %g)\n", verdict, g.Gate, g.Value, g.Limit)
	}
	b.WriteString("\n")
}

// countList is " (a 1, b 2)" with non-zero counts, severities and
// transitions in severity order, or "".
func countList(m map[string]int64) string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int {
		if x := sevOrder(a, b); x != 0 {
			return -x
		}
		return strings.Compare(a, b)
	})
	var parts []string
	for _, k := range keys {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func signed(n int64) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func cell(s string) string { return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s) }
