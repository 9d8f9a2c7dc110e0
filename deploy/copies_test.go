package deploy_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/parties/sample"
)

var update = flag.Bool("update", false, "refresh the generated Kubernetes files: rule and catalog copies, their kustomization list, the PrometheusRule")

// TestKubernetesCopies keeps kubernetes/rules, kubernetes/catalog and
// kubernetes/lists equal to the rule pack, catalog and sample lists the
// binary embeds (kustomize reads files only below the kustomization), and
// the precursor-rules generator listing exactly the rule files. -update
// refreshes copies, deletes stale ones and rewrites the list.
func TestKubernetesCopies(t *testing.T) {
	src := filepath.Join(repoRoot, "rules", "default")
	names := rulePackFiles(t, src)
	syncCopy(t, filepath.Join(repoRoot, "chemicals", "catalog.yaml"), filepath.Join(k8sDir, "catalog", "catalog.yaml"))
	for _, p := range sample.Paths() {
		syncCopy(t, filepath.Join(repoRoot, "parties", "sample", p), filepath.Join(k8sDir, "lists", p))
	}
	for _, name := range names {
		syncCopy(t, filepath.Join(src, name), filepath.Join(k8sDir, "rules", name))
	}
	copies, _ := filepath.Glob(filepath.Join(k8sDir, "rules", "*.yaml"))
	for _, c := range copies {
		if slices.Contains(names, filepath.Base(c)) {
			continue
		}
		if !*update {
			t.Errorf("%s is not in rules/default any more (-update deletes it)", c)
		} else if err := os.Remove(c); err != nil {
			t.Error(err)
		}
	}
	syncRulesList(t, names)
}

// rulePackFiles lists the rule files (not rule tests) of a pack, sorted.
func rulePackFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, "_test.yaml") {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		t.Fatalf("%s holds no rule files", dir)
	}
	return names
}

// rulesListStart and rulesListEnd delimit the file list of the
// precursor-rules generator in kustomization.yaml.
const (
	rulesListStart = "  - name: precursor-rules\n    files:\n"
	rulesListEnd   = "  - name: "
)

// syncRulesList makes the precursor-rules generator list rules/NAME for
// exactly names, rewriting that block of kustomization.yaml with -update.
func syncRulesList(t *testing.T, names []string) {
	t.Helper()
	path := filepath.Join(k8sDir, "kustomization.yaml")
	text := string(readFile(t, path))
	start := strings.Index(text, rulesListStart)
	if start < 0 {
		t.Fatalf("%s: no block starting %q", path, rulesListStart)
	}
	start += len(rulesListStart)
	end := strings.Index(text[start:], rulesListEnd)
	if end < 0 {
		t.Fatalf("%s: precursor-rules is not followed by another generator", path)
	}
	var list strings.Builder
	for _, n := range names {
		list.WriteString("      - rules/" + n + "\n")
	}
	syncBytes(t, []byte(text[:start]+list.String()+text[start+end:]), path, "the rule files of rules/default")
}

func syncCopy(t *testing.T, from, to string) {
	t.Helper()
	syncBytes(t, readFile(t, from), to, from)
}

// syncBytes makes the file to hold want (with -update) or reports that it
// does not; from names the source in the message.
func syncBytes(t *testing.T, want []byte, to, from string) {
	t.Helper()
	got, err := os.ReadFile(to)
	if err == nil && bytes.Equal(got, want) {
		return
	}
	if *update {
		if err := os.WriteFile(to, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s differs from %s: run go test ./deploy -run 'TestKubernetesCopies|TestPrometheusRule' -update", to, from)
}

// prometheusRuleHeader precedes the indented groups of alerts.yml in
// kubernetes/prometheusrule.yaml.
const prometheusRuleHeader = `# Generated from deploy/prometheus/alerts.yml by
# go test ./deploy -run TestPrometheusRule -update; do not edit.
# The alerting rules of deploy/prometheus/alerts.yml for the Prometheus
# Operator (needs its CRDs, like the ServiceMonitor).
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: precursor
  labels:
    app.kubernetes.io/name: precursor
spec:
`

// TestPrometheusRule keeps kubernetes/prometheusrule.yaml equal to
// alerts.yml wrapped in a PrometheusRule, and checks it is a resource.
func TestPrometheusRule(t *testing.T) {
	var b strings.Builder
	b.WriteString(prometheusRuleHeader)
	for _, line := range strings.SplitAfter(string(readFile(t, filepath.Join("prometheus", "alerts.yml"))), "\n") {
		if strings.TrimSpace(line) != "" {
			b.WriteString("  ")
		}
		b.WriteString(line)
	}
	to := filepath.Join(k8sDir, "prometheusrule.yaml")
	syncBytes(t, []byte(b.String()), to, "prometheus/alerts.yml")
	var pr struct {
		Spec ruleGroups `yaml:"spec"`
	}
	decodeYAML(t, to, &pr)
	if len(pr.Spec.Groups) == 0 || len(pr.Spec.Groups[0].Rules) == 0 {
		t.Errorf("%s: no rules under spec.groups", to)
	}
	if !slices.Contains(loadKustomization(t).Resources, "prometheusrule.yaml") {
		t.Errorf("kustomization.yaml does not list prometheusrule.yaml")
	}
}
