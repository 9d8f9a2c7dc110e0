package grafana

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite dashboards/precursor.json from Dashboard()")

// goldenPath is the committed dashboard, provisioned into Grafana.
var goldenPath = filepath.Join("dashboards", "precursor.json")

// TestDashboardGolden fails when the committed dashboard differs from the
// generated one; -update rewrites it.
func TestDashboardGolden(t *testing.T) {
	got, err := Dashboard()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(goldenPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatalf("%v (run go test ./deploy/grafana -run TestDashboardGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: regenerate with go test ./deploy/grafana -run TestDashboardGolden -update", goldenPath)
	}
}

func TestDashboardIsDeterministic(t *testing.T) {
	a, err := Dashboard()
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		b, err := Dashboard()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("two calls of Dashboard() returned different bytes")
		}
	}
}

// panelJSON is the part of a generated panel the checks below read.
type panelJSON struct {
	ID         int    `json:"id"`
	Type       string `json:"type"`
	Title      string `json:"title"`
	Datasource *struct {
		UID string `json:"uid"`
	} `json:"datasource"`
	GridPos struct{ X, Y, W, H int } `json:"gridPos"`
	Targets []struct {
		RefID      string `json:"refId"`
		Expr       string `json:"expr"`
		Datasource struct {
			UID string `json:"uid"`
		} `json:"datasource"`
	} `json:"targets"`
}

func panels(t *testing.T) []panelJSON {
	t.Helper()
	data, err := Dashboard()
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		UID    string      `json:"uid"`
		Panels []panelJSON `json:"panels"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	if d.UID != UID {
		t.Errorf("uid = %q, want %q", d.UID, UID)
	}
	return d.Panels
}

// rangeRe finds range selectors and subqueries: [5m], [$__rate_interval].
var rangeRe = regexp.MustCompile(`\[([^\]]*)\]`)

func TestQueriesFollowConventions(t *testing.T) {
	n := 0
	for _, p := range panels(t) {
		if p.Type == "row" {
			continue
		}
		if p.Datasource == nil || p.Datasource.UID != "${datasource}" {
			t.Errorf("panel %q: datasource is not the ${datasource} variable", p.Title)
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q: no queries", p.Title)
		}
		refs := map[string]bool{}
		for _, q := range p.Targets {
			n++
			if refs[q.RefID] || q.RefID == "" {
				t.Errorf("panel %q: refId %q empty or repeated", p.Title, q.RefID)
			}
			refs[q.RefID] = true
			if q.Datasource.UID != "${datasource}" {
				t.Errorf("panel %q %s: query datasource is not ${datasource}", p.Title, q.RefID)
			}
			if !strings.Contains(q.Expr, `job=~"$job"`) || !strings.Contains(q.Expr, `instance=~"$instance"`) {
				t.Errorf("panel %q %s: query does not select $job and $instance: %s", p.Title, q.RefID, q.Expr)
			}
			for _, m := range rangeRe.FindAllStringSubmatch(q.Expr, -1) {
				if m[1] != "$__rate_interval" && m[1] != "$__range" {
					t.Errorf("panel %q %s: range [%s] is fixed; use [$__rate_interval] (or [$__range] for totals): %s", p.Title, q.RefID, m[1], q.Expr)
				}
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d queries; the dashboard lost panels", n)
	}
}

func TestLayout(t *testing.T) {
	ids := map[int]string{}
	type cell struct{ x, y int }
	used := map[cell]string{}
	for _, p := range panels(t) {
		if prev, dup := ids[p.ID]; dup || p.ID == 0 {
			t.Errorf("panel %q: id %d is zero or also %q", p.Title, p.ID, prev)
		}
		ids[p.ID] = p.Title
		g := p.GridPos
		if g.W <= 0 || g.H <= 0 || g.X < 0 || g.X+g.W > 24 {
			t.Errorf("panel %q: gridPos %+v is outside the 24-column grid", p.Title, g)
		}
		for x := g.X; x < g.X+g.W; x++ {
			for y := g.Y; y < g.Y+g.H; y++ {
				if other, ok := used[cell{x, y}]; ok {
					t.Fatalf("panel %q overlaps %q at (%d,%d)", p.Title, other, x, y)
				}
				used[cell{x, y}] = p.Title
			}
		}
	}
}

// TestRequiredPanels pins the panels operators rely on (issue #3).
func TestRequiredPanels(t *testing.T) {
	want := map[string]string{
		"Throughput":                            "precursor_manifests_consumed_total",
		"Consumer lag":                          "precursor_consumer_lag_messages",
		"Lag by partition":                      "precursor_partition_lag_messages",
		"Alerts by severity":                    "by (severity)",
		"Top rules by hits":                     "topk by (status)",
		"Dead letters by reason":                "by (reason)",
		"Stage latency":                         "histogram_quantile",
		"Event age at alert":                    "precursor_event_age_seconds_bucket",
		"Last reload":                           "precursor_last_reload_successful",
		"Since last successful load":            "precursor_last_reload_success_timestamp_seconds",
		"Rule set in use":                       "precursor_ruleset_info",
		"Catalog matches by family":             "by (family, method)",
		"Score distribution":                    "precursor_shipment_score_bucket",
		"Fetches and commits":                   "precursor_commits_total",
		"Errors and rebalances":                 "precursor_write_errors_total",
		"List age":                              "precursor_party_list_published_timestamp_seconds",
		"Last list load":                        "precursor_party_lists_last_reload_successful",
		"Party hits by list":                    "by (list, status)",
		"Lists in use":                          "precursor_party_list_info",
		"Resolver breaker":                      "precursor_structure_breaker_state",
		"Cache hit ratio":                       "precursor_structure_lookups_total",
		"Names sent, by result":                 "by (result)",
		"Resolver requests by outcome":          "by (outcome)",
		"Resolver latency":                      "precursor_structure_request_duration_seconds_bucket",
		"Rule precision (analyst dispositions)": "precursor_console_rule_precision",
		"Dispositions recorded":                 "precursor_console_dispositions_recorded_total",
	}
	found := map[string]bool{}
	for _, p := range panels(t) {
		sub, ok := want[p.Title]
		if !ok {
			continue
		}
		for _, q := range p.Targets {
			if strings.Contains(q.Expr, sub) {
				found[p.Title] = true
			}
		}
	}
	for title, sub := range want {
		if !found[title] {
			t.Errorf("no panel %q with a query containing %q", title, sub)
		}
	}
}
