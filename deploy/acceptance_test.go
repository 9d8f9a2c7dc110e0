package deploy_test

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/prometheus/prometheus/promql/parser"
)

// dashboardQuery is one query of a dashboard panel.
type dashboardQuery struct {
	panel, ref, expr string
}

// dashboardQueries walks a dashboard's JSON for every targets[].expr, at
// any depth (rows may nest panels).
func dashboardQueries(v any, panel string, out *[]dashboardQuery) {
	switch x := v.(type) {
	case map[string]any:
		if title, ok := x["title"].(string); ok {
			panel = title
		}
		if targets, ok := x["targets"].([]any); ok {
			for _, tg := range targets {
				q, _ := tg.(map[string]any)
				expr, _ := q["expr"].(string)
				ref, _ := q["refId"].(string)
				if expr != "" {
					*out = append(*out, dashboardQuery{panel, ref, expr})
				}
			}
		}
		for _, child := range x {
			dashboardQueries(child, panel, out)
		}
	case []any:
		for _, child := range x {
			dashboardQueries(child, panel, out)
		}
	}
}

// labelValuesRe reads the metric of a label_values(metric{...}, label)
// variable query.
var labelValuesRe = regexp.MustCompile(`^label_values\((.+),\s*\w+\)$`)

// TestDashboardQueriesUseRegisteredMetrics is the acceptance test of the
// dashboard: every panel query parses as PromQL once Grafana's variables
// are substituted, and every metric (and label matcher) it selects is one
// the binary registers.
func TestDashboardQueriesUseRegisteredMetrics(t *testing.T) {
	metrics := exported(t)
	files, _ := filepath.Glob(filepath.Join("grafana", "dashboards", "*.json"))
	if len(files) == 0 {
		t.Fatal("no dashboard in grafana/dashboards")
	}
	for _, f := range files {
		var d map[string]any
		if err := json.Unmarshal(readFile(t, f), &d); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var qs []dashboardQuery
		dashboardQueries(d["panels"], "", &qs)
		if len(qs) < 20 {
			t.Errorf("%s: only %d queries found", f, len(qs))
		}
		used := map[string]bool{}
		for _, q := range qs {
			names, problems := checkExpr(metrics, substitute(q.expr))
			for _, p := range problems {
				t.Errorf("%s: panel %q (%s): %s\n\t%s", f, q.panel, q.ref, p, q.expr)
			}
			for _, n := range names {
				used[n] = true
			}
		}
		checkVariables(t, f, d, metrics)
		t.Logf("%s: %d queries over %d metrics", f, len(qs), len(used))
	}
}

// checkVariables checks the metric of every label_values() variable query.
func checkVariables(t *testing.T, file string, d map[string]any, metrics map[string][]string) {
	t.Helper()
	templating, _ := d["templating"].(map[string]any)
	list, _ := templating["list"].([]any)
	for _, v := range list {
		variable, _ := v.(map[string]any)
		q, _ := variable["query"].(string)
		m := labelValuesRe.FindStringSubmatch(q)
		if m == nil {
			continue
		}
		if _, problems := checkExpr(metrics, substitute(m[1])); len(problems) > 0 {
			t.Errorf("%s: variable %v: %v", file, variable["name"], problems)
		}
	}
}

// ruleGroups is the part of a Prometheus rule file the tests read.
type ruleGroups struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert  string            `yaml:"alert"`
			Record string            `yaml:"record"`
			Expr   string            `yaml:"expr"`
			Labels map[string]string `yaml:"labels"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// TestAlertRulesUseRegisteredMetrics parses every rule expression of
// alerts.yml and checks the metrics it selects.
func TestAlertRulesUseRegisteredMetrics(t *testing.T) {
	metrics := exported(t)
	var rg ruleGroups
	decodeYAML(t, filepath.Join("prometheus", "alerts.yml"), &rg)
	var alerts []string
	for _, g := range rg.Groups {
		for _, r := range g.Rules {
			name := r.Alert + r.Record
			alerts = append(alerts, name)
			_, problems := checkExpr(metrics, r.Expr)
			for _, p := range problems {
				t.Errorf("alerts.yml: %s: %s", name, p)
			}
			if s := r.Labels["severity"]; r.Alert != "" && s != "warning" && s != "critical" {
				t.Errorf("alerts.yml: %s: severity label %q is not warning or critical", name, s)
			}
		}
	}
	checkAlertTests(t, alerts, metrics)
}

// alertTests is the part of a promtool rule test file the tests read.
type alertTests struct {
	RuleFiles []string `yaml:"rule_files"`
	Tests     []struct {
		InputSeries []struct {
			Series string `yaml:"series"`
		} `yaml:"input_series"`
		AlertRuleTest []struct {
			Alertname string `yaml:"alertname"`
			ExpAlerts []any  `yaml:"exp_alerts"`
		} `yaml:"alert_rule_test"`
	} `yaml:"tests"`
}

// checkAlertTests requires, for every alert, a test case where it fires
// and one where it does not, and test series of registered metrics.
func checkAlertTests(t *testing.T, alerts []string, metrics map[string][]string) {
	t.Helper()
	var at alertTests
	decodeYAML(t, filepath.Join("prometheus", "alerts_test.yml"), &at)
	fires, quiet := map[string]bool{}, map[string]bool{}
	p := parser.NewParser(parser.Options{})
	for _, tc := range at.Tests {
		for _, s := range tc.InputSeries {
			ms, err := p.ParseMetricSelector(s.Series)
			if err != nil {
				t.Errorf("alerts_test.yml: series %s: %v", s.Series, err)
				continue
			}
			for _, m := range ms {
				if m.Name == "__name__" {
					if problem := checkSelector(metrics, m.Value, ms); problem != "" {
						t.Errorf("alerts_test.yml: series %s: %s", s.Series, problem)
					}
				}
			}
		}
		for _, a := range tc.AlertRuleTest {
			if len(a.ExpAlerts) > 0 {
				fires[a.Alertname] = true
			} else {
				quiet[a.Alertname] = true
			}
		}
	}
	sort.Strings(alerts)
	for _, a := range alerts {
		if !fires[a] || !quiet[a] {
			t.Errorf("alerts_test.yml: alert %s needs a firing and a not-firing case (firing %v, quiet %v)", a, fires[a], quiet[a])
		}
	}
	if len(at.RuleFiles) != 1 || strings.TrimSpace(at.RuleFiles[0]) != "alerts.yml" {
		t.Errorf("alerts_test.yml: rule_files = %v, want [alerts.yml]", at.RuleFiles)
	}
}

// TestCheckExprCatchesMistakes makes sure the acceptance checks can fail.
func TestCheckExprCatchesMistakes(t *testing.T) {
	metrics := exported(t)
	for _, tc := range []struct{ expr, want string }{
		{`rate(precursor_manifests_consumed[1m])`, "not registered"},
		{`sum by (le) (rate(precursor_stage_duration_seconds_bucket{stage="x"}[1m]))`, ""},
		{`precursor_alerts_emitted_total{reason="x"}`, `no label "reason"`},
		{`rate(precursor_rule_hits_total{rule="A", status="shadow"}[1m])`, ""},
		{`precursor_shipment_score_bucket{le="10"}`, ""},
		{`sum(rate(x[1m])`, "does not parse"},
		{`{job="precursor"}`, "without a metric name"},
		{`up{job="precursor"} == 0`, ""},
		{`go_goroutines + process_resident_memory_bytes`, ""},
	} {
		_, problems := checkExpr(metrics, tc.expr)
		got := strings.Join(problems, "; ")
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("checkExpr(%s) = %q, want %q", tc.expr, got, tc.want)
		}
	}
	if got := substitute(`rate(x{job=~"$job", instance=~"${instance}"}[$__rate_interval])`); got != `rate(x{job=~".*", instance=~".*"}[1m])` {
		t.Errorf("substitute = %s", got)
	}
}
