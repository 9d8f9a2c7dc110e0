package grafana

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/table"
)

// row is a dashboard row: a title and its panels, laid out left to right
// in a 24-column grid.
type row struct {
	title  string
	panels []cog.Builder[dashboard.Panel]
}

// rows lists the dashboard, top to bottom.
func rows() []row {
	return []row{
		{"Overview", overviewPanels()},
		{"Throughput and lag", throughputPanels()},
		{"Detection", detectionPanels()},
		{"Dead letters", deadLetterPanels()},
		{"Latency", latencyPanels()},
		{"Structure resolver", structurePanels()},
		{"Kafka, commits and errors", kafkaPanels()},
		{"Rules, catalog and reloads", reloadPanels()},
		{"Party lists", listPanels()},
		{"Analyst dispositions", dispositionPanels()},
		{"Process", processPanels()},
	}
}

func overviewPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		single("Manifests consumed", "Manifest events read from the input topic per second.", "ops",
			query(fmt.Sprintf("sum(%s)", rate("precursor_manifests_consumed_total")), "consumed")),
		single("Alerts emitted", "Alerts written to the alert topic per second, all severities.", "ops",
			query(fmt.Sprintf("sum(%s)", rate("precursor_alerts_emitted_total")), "alerts")),
		single("Dead letters", "Events sent to the dead-letter topic per second.", "ops",
			query(fmt.Sprintf("sum(%s)", rate("precursor_dead_letters_total")), "dead letters")).
			Thresholds(thresholds("green", step(0.01, "orange"), step(1, "red"))),
		single("Consumer lag", "Messages of the input topic not yet committed by the consumer group (every replica reports the group's total, hence max).", "short",
			query(fmt.Sprintf("max(%s)", sel("precursor_consumer_lag_messages")), "lag")).
			Thresholds(thresholds("green", step(1000, "orange"), step(10000, "red"))),
		single("Ready replicas", "Replicas that joined the consumer group with rules loaded (/readyz).", "short",
			query(fmt.Sprintf("sum(%s)", sel("precursor_ready")), "ready")).
			Thresholds(thresholds("red", step(1, "green"))),
		single("Last reload", "Whether the last reload of rules and catalog succeeded on every replica (a failed reload keeps the previous rules).", "none",
			query(fmt.Sprintf("min(%s)", sel("precursor_last_reload_successful")), "reload")).
			Mappings([]dashboard.ValueMapping{valueText(mapping{"0", "FAILED", "red"}, mapping{"1", "OK", "green"})}).
			ColorMode("background").GraphMode("none"),
	}
}

func throughputPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		graph("Throughput", "In: manifests consumed. Out: alerts and dead letters written.", "ops",
			query(fmt.Sprintf("sum(%s)", rate("precursor_manifests_consumed_total")), "manifests consumed"),
			query(fmt.Sprintf("sum(%s)", rate("precursor_alerts_emitted_total")), "alerts"),
			query(fmt.Sprintf("sum(%s)", rate("precursor_dead_letters_total")), "dead letters")).Span(8),
		graph("Consumer lag", "Messages not yet committed by the group, over all input partitions.", "short",
			query(fmt.Sprintf("max(%s)", sel("precursor_consumer_lag_messages")), "total lag")).Span(8),
		graph("Lag by partition", "Messages not yet committed, per input partition. One growing partition points at a hot key or a stuck consumer.", "short",
			query(fmt.Sprintf("max by (topic, partition) (%s)", sel("precursor_partition_lag_messages")), "{{topic}}/{{partition}}")).Span(8),
	}
}

func detectionPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		graph("Alerts by severity", "Alerts written per second, by shipment severity.", "ops",
			query(fmt.Sprintf("sum by (severity) (%s)", rate("precursor_alerts_emitted_total")), "{{severity}}")).Span(8),
		graph("Shipments scored by severity", "Manifests scored per second, by resulting severity (none = below every alert threshold).", "ops",
			query(fmt.Sprintf("sum by (severity) (%s)", rate("precursor_shipments_scored_total")), "{{severity}}")).Span(8),
		heat("Score distribution", "Risk scores of scored manifests (0-100), per histogram bucket.", "precursor_shipment_score"),
		topRules(),
		graph("Catalog matches by family", "Line items matched to a precursor catalog entry per second, by chemical family and match method.", "ops",
			query(fmt.Sprintf("sum by (family, method) (%s)", rate("precursor_catalog_matches_total")), "{{family}} ({{method}})")),
		graph("Exception suppressions", "Rule hits suppressed by an exception per second, by exception id.", "ops",
			query(fmt.Sprintf("sum by (exception) (%s)", rate("precursor_exception_suppressions_total")), "{{exception}}")),
		graph("Rule evaluation errors", "Rule evaluations that failed per second, by rule. Any value here is a blind spot.", "ops",
			query(fmt.Sprintf("sum by (rule) (%s)", rate("precursor_rule_errors_total")), "{{rule}}")),
	}
}

// topRules lists the ten rules with most hits over the dashboard's range
// for each status, active and shadow side by side.
func topRules() *table.PanelBuilder {
	expr := fmt.Sprintf("topk by (status) (10, sum by (rule, status) (increase(%s[$__range])))", sel("precursor_rule_hits_total"))
	return ruleTable("Top rules by hits",
		"The ten rules with most hits over the selected time range, for active and for shadow rules (shadow rules are evaluated and counted but never alert).",
		expr, "short", "hits", true).
		WithTransformation(organize(map[string]any{"status": 0, "rule": 1, "Value": 2}, "hits"))
}

// ruleTable is a table of one instant query by rule and status, its value
// column named value and sorted by it.
func ruleTable(title, desc, expr, unit, value string, descending bool) *table.PanelBuilder {
	return table.NewPanelBuilder().
		Title(title).Description(desc).
		Datasource(datasource()).
		Targets(withRefIDs([]*prometheus.DataqueryBuilder{instantTable(expr)})).
		Height(8).Span(12).
		Unit(unit).Decimals(0).
		Footer(noFooter()).
		SortBy([]cog.Builder[common.TableSortByFieldState]{
			common.NewTableSortByFieldStateBuilder().DisplayName(value).Desc(descending),
		})
}

// organize orders a table's columns, hides the time and names the value.
func organize(index map[string]any, value string) dashboard.DataTransformerConfig {
	return dashboard.DataTransformerConfig{
		Id: "organize",
		Options: map[string]any{
			"excludeByName": map[string]any{"Time": true},
			"indexByName":   index,
			"renameByName":  map[string]any{"Value": value},
		},
	}
}

func deadLetterPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		graph("Dead letters by reason", "Events written to the dead-letter topic per second, by reason (syntax, invalid, too_large, encoding, unsupported_version).", "ops",
			query(fmt.Sprintf("sum by (reason) (%s)", rate("precursor_dead_letters_total")), "{{reason}}")),
		graph("Dead-letter ratio", "Share of consumed events that were dead-lettered. The PrecursorDeadLetterRatioHigh alert fires above 5%.", "percentunit",
			query(fmt.Sprintf("sum(%s) / sum(%s)", rate("precursor_dead_letters_total"), rate("precursor_manifests_consumed_total")), "dead-lettered")).
			Thresholds(thresholds("green", step(0.05, "red"))),
	}
}

func latencyPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		graph("Stage latency", "p50 and p99 time per stage: decode, enrich and score per event; write and commit per batch.", "s",
			query(quantile(0.5, "precursor_stage_duration_seconds", "stage"), "{{stage}} p50"),
			query(quantile(0.99, "precursor_stage_duration_seconds", "stage"), "{{stage}} p99")),
		graph("Event age at alert", "Time from a manifest's event_time to its alert being written: end-to-end screening delay (includes producer delay).", "s",
			query(quantile(0.5, "precursor_event_age_seconds"), "p50"),
			query(quantile(0.9, "precursor_event_age_seconds"), "p90"),
			query(quantile(0.99, "precursor_event_age_seconds"), "p99")),
	}
}

func kafkaPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		graph("Fetches and commits", "Fetch requests and offset commits per second (one commit per batch).", "ops",
			query(fmt.Sprintf("sum(%s)", rate("precursor_kafka_fetches_total")), "fetches"),
			query(fmt.Sprintf("sum(%s)", rate("precursor_commits_total")), "commits")).Span(6),
		graph("Messages fetched", "Messages fetched by the Kafka readers per second.", "ops",
			query(fmt.Sprintf("sum(%s)", rate("precursor_kafka_messages_fetched_total")), "messages")).Span(6),
		graph("Bytes fetched", "Bytes fetched by the Kafka readers per second.", "Bps",
			query(fmt.Sprintf("sum(%s)", rate("precursor_kafka_bytes_fetched_total")), "bytes")).Span(6),
		graph("Errors and rebalances", "Fetch errors, failed writes by sink (retried; commits wait) and consumer group generations joined, per second.", "ops",
			query(fmt.Sprintf("sum(%s)", rate("precursor_fetch_errors_total")), "fetch errors"),
			query(fmt.Sprintf("sum by (sink) (%s)", rate("precursor_write_errors_total")), "write errors ({{sink}})"),
			query(fmt.Sprintf("sum(%s)", rate("precursor_rebalances_total")), "rebalances")).Span(6),
	}
}

func reloadPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		single("Since last successful load", "Time since rules and catalog were last loaded successfully (the oldest replica).", "s",
			query(fmt.Sprintf("time() - min(%s)", sel("precursor_last_reload_success_timestamp_seconds")), "age")).
			GraphMode("none").Height(6),
		graph("Reloads", "Reloads of rules and catalog, by result.", "short",
			query(fmt.Sprintf("sum by (result) (increase(%s[$__rate_interval]))", sel("precursor_reloads_total")), "{{result}}")).
			Height(6).Span(8),
		infoTable("Rule set in use", "Name, version and hash of the rule set each replica uses. Replicas disagreeing after a reload show up as two rows.",
			fmt.Sprintf("max by (name, version, hash, instance) (%s)", sel("precursor_ruleset_info"))),
		infoTable("Catalog in use", "Version and hash of the precursor catalog each replica uses.",
			fmt.Sprintf("max by (version, hash, instance) (%s)", sel("precursor_catalog_info"))),
		infoTable("Build", "Version, VCS revision and Go version of each replica's binary.",
			fmt.Sprintf("max by (version, revision, goversion, instance) (%s)", sel("precursor_build_info"))),
	}
}

func processPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		graph("CPU", "CPU seconds used per second, per replica.", "short",
			query(fmt.Sprintf("sum by (instance) (%s)", rate("process_cpu_seconds_total")), "{{instance}}")).Span(8),
		graph("Memory", "Resident memory and Go heap in use, per replica.", "bytes",
			query(fmt.Sprintf("sum by (instance) (%s)", sel("process_resident_memory_bytes")), "{{instance}} resident"),
			query(fmt.Sprintf("sum by (instance) (%s)", sel("go_memstats_heap_inuse_bytes")), "{{instance}} heap")).Span(8),
		graph("Goroutines", "Goroutines per replica.", "short",
			query(fmt.Sprintf("sum by (instance) (%s)", sel("go_goroutines")), "{{instance}}")).Span(8),
	}
}
