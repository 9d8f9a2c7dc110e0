package deploy_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/console"
	"github.com/precursorwatch/precursor/pipeline"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
)

// recorder is a prometheus.Registerer that records the name and variable
// labels of every descriptor of every collector registered with it. Unlike
// a registry's Gather, it sees labelled metrics that have no series yet.
type recorder struct {
	metrics map[string][]string // name -> variable label names
}

// descRe reads a Desc's String(): Desc{fqName: "x", help: "...", unit:
// "...", constLabels: {...}, variableLabels: {a,b}}.
var descRe = regexp.MustCompile(`^Desc\{fqName: "([^"]*)", .*variableLabels: \{([^}]*)\}\}$`)

func (r *recorder) Register(c prometheus.Collector) error {
	ch := make(chan *prometheus.Desc)
	go func() { c.Describe(ch); close(ch) }()
	for d := range ch {
		m := descRe.FindStringSubmatch(d.String())
		if m == nil {
			return fmt.Errorf("unrecognised descriptor %s", d)
		}
		var lbls []string
		for _, l := range strings.Split(m[2], ",") {
			if l = strings.TrimSuffix(strings.TrimPrefix(l, "c("), ")"); l != "" {
				lbls = append(lbls, l)
			}
		}
		r.metrics[m[1]] = lbls
	}
	return nil
}

func (r *recorder) MustRegister(cs ...prometheus.Collector) {
	for _, c := range cs {
		if err := r.Register(c); err != nil {
			panic(err) // test helper: a descriptor format change is a test bug
		}
	}
}

func (r *recorder) Unregister(prometheus.Collector) bool { return false }

// exported returns every metric name the binary exports with its labels:
// what pipeline.NewMetrics registers (contract metrics, Go and process
// collectors), what console.NewMetrics registers (precursor console) plus
// the scrape's own "up".
func exported(t *testing.T) map[string][]string {
	t.Helper()
	r := &recorder{metrics: map[string][]string{}}
	pipeline.NewMetrics(r)
	if len(r.metrics) < 30 {
		t.Fatalf("pipeline.NewMetrics registered only %d metrics", len(r.metrics))
	}
	console.NewMetrics(r)
	r.metrics["up"] = nil
	return r.metrics
}

// targetLabels are added by Prometheus to every scraped series.
var targetLabels = map[string]bool{"job": true, "instance": true, "__name__": true}

// histogramSuffixes are the series a histogram exposes beside its name.
var histogramSuffixes = []string{"_bucket", "_sum", "_count"}

// checkSelector reports a problem when name is not exported or a matcher
// names a label the metric does not have.
func checkSelector(metrics map[string][]string, name string, matchers []*labels.Matcher) string {
	lbls, ok := metrics[name]
	if !ok {
		for _, s := range histogramSuffixes {
			if base, cut := strings.CutSuffix(name, s); cut {
				if l, ok2 := metrics[base]; ok2 {
					lbls, ok = l, true
					if s == "_bucket" {
						lbls = append(append([]string(nil), l...), "le")
					}
				}
			}
		}
	}
	if !ok {
		return fmt.Sprintf("metric %s is not registered by pipeline.NewMetrics", name)
	}
	for _, m := range matchers {
		if !targetLabels[m.Name] && !contains(lbls, m.Name) {
			return fmt.Sprintf("metric %s has no label %q (labels: %v)", name, m.Name, lbls)
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// grafanaVars replaces Grafana's variables as Grafana would before
// sending a query: intervals by durations, template variables by a regexp.
var grafanaVars = strings.NewReplacer(
	"$__rate_interval", "1m", "${__rate_interval}", "1m",
	"$__interval", "15s", "${__interval}", "15s",
	"$__range", "5m", "${__range}", "5m",
)

var templateVar = regexp.MustCompile(`\$\{[^}]+\}|\$[A-Za-z_]\w*`)

func substitute(expr string) string {
	return templateVar.ReplaceAllString(grafanaVars.Replace(expr), ".*")
}

// selectors parses expr and returns its vector selectors.
func selectors(expr string) ([]*parser.VectorSelector, error) {
	e, err := parser.NewParser(parser.Options{}).ParseExpr(expr)
	if err != nil {
		return nil, err
	}
	var vs []*parser.VectorSelector
	parser.Inspect(e, func(n parser.Node, _ []parser.Node) error {
		if v, ok := n.(*parser.VectorSelector); ok {
			vs = append(vs, v)
		}
		return nil
	})
	return vs, nil
}

// checkExpr parses a PromQL expression and checks every metric it selects;
// it returns the metric names and the problems found.
func checkExpr(metrics map[string][]string, expr string) (names []string, problems []string) {
	vs, err := selectors(expr)
	if err != nil {
		return nil, []string{fmt.Sprintf("does not parse: %v", err)}
	}
	for _, v := range vs {
		if v.Name == "" {
			problems = append(problems, "selector without a metric name: "+v.String())
			continue
		}
		names = append(names, v.Name)
		if p := checkSelector(metrics, v.Name, v.LabelMatchers); p != "" {
			problems = append(problems, p)
		}
	}
	return names, problems
}
