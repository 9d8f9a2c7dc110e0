package grafana

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/table"
)

// dispositionPanels show what analysts decided in the triage console
// (precursor console): each rule's precision and the dispositions
// recorded. Every console reports the same figures (they read the same
// dispositions topic), hence max.
func dispositionPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		rulePrecision(),
		graph("Dispositions recorded", "Dispositions analysts recorded per second in the triage console, by disposition.", "ops",
			query(fmt.Sprintf("sum by (disposition) (%s)", rate("precursor_console_dispositions_recorded_total")), "{{disposition}}")).Span(12),
		graph("Console ingest", "Records the triage consoles read from the alert and dispositions topics per second, by result (invalid records are skipped and logged).", "ops",
			query(fmt.Sprintf("sum by (topic, result) (%s)", rate("precursor_console_records_total")), "{{topic}} {{result}}")).Span(12),
		graph("Confirmed alerts by rule", "Alerts whose latest disposition is confirmed, by rule: the ground truth behind each rule's precision.", "short",
			query(fmt.Sprintf("max by (rule, status) (%s)", sel("precursor_console_rule_dispositions", `disposition="confirmed"`)), "{{rule}} ({{status}})")).Span(12),
	}
}

// rulePrecision lists each rule's precision: confirmed / (confirmed +
// false positive + legitimate trade), from the latest disposition of
// every alert it hit; lowest first, the rules that waste most time.
func rulePrecision() *table.PanelBuilder {
	expr := fmt.Sprintf("max by (rule, status) (%s)", sel("precursor_console_rule_precision"))
	return ruleTable("Rule precision (analyst dispositions)",
		"Share of each rule's decided alerts that analysts confirmed: confirmed / (confirmed + false positive + legitimate trade), from the latest disposition of every alert (needs inspection is not decided). Shadow rules are listed apart: their precision decides whether they go live.",
		expr, "percentunit", "precision", false).
		WithTransformation(organize(map[string]any{"rule": 0, "status": 1, "Value": 2}, "precision"))
}
