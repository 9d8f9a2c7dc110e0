package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// versionedLoader returns fake engines whose version is read from a
// variable, failing when it is "bad".
type versionedLoader struct {
	version atomic.Value // string
	loads   atomic.Int64
}

func (v *versionedLoader) load() (evaluator, error) {
	v.loads.Add(1)
	ver := v.version.Load().(string)
	if ver == "bad" {
		return nil, errors.New("rules/x.yaml:3:7: rule \"R1\": when: unknown name qty")
	}
	return &fakeEvaluator{version: ver}, nil
}

func newTestReloader(t *testing.T, version string) (*reloader, *versionedLoader, *prometheus.Registry) {
	t.Helper()
	vl := &versionedLoader{}
	vl.version.Store(version)
	reg := prometheus.NewRegistry()
	r := &reloader{load: vl.load, metrics: NewMetrics(reg), log: slog.New(slog.DiscardHandler), now: time.Now}
	if err := r.reload(); err != nil {
		t.Fatal(err)
	}
	return r, vl, reg
}

func TestReloadSwapsAndUpdatesInfoMetrics(t *testing.T) {
	r, vl, reg := newTestReloader(t, "1")
	r.metrics.CatalogMatches.WithLabelValues("fam-1", "name").Inc()
	r.metrics.CatalogMatches.WithLabelValues("common", "cas").Inc()
	vl.version.Store("2")
	if err := r.reload(); err != nil {
		t.Fatal(err)
	}
	if s := series(t, reg, "precursor_catalog_matches_total"); len(s) != 1 || s[0]["family"] != "common" {
		t.Errorf("catalog_matches_total series after reload = %v, want only the family still in the catalog", s)
	}
	if got := r.current().info().RulesetVersion; got != "2" {
		t.Errorf("engine in use has version %s, want 2", got)
	}
	if s := series(t, reg, "precursor_ruleset_info"); len(s) != 1 || s[0]["version"] != "2" {
		t.Errorf("ruleset_info = %v, want only version 2", s)
	}
	// Rule R1 exists in both sets, V1 only in the old one: its series go.
	hits := series(t, reg, "precursor_rule_hits_total")
	have := map[string]bool{}
	for _, s := range hits {
		have[s["rule"]] = true
	}
	if !have["R1"] || !have["V2"] || have["V1"] {
		t.Errorf("rule_hits_total series = %v, want R1 and V2 (created at zero), not the removed V1", hits)
	}
	if got := metricValue(r.metrics.Reloads.WithLabelValues(reloadSuccess)); got != 2 {
		t.Errorf("reloads_total{success} = %v, want 2", got)
	}
	if got := metricValue(r.metrics.LastReloadTime); got < float64(time.Now().Add(-time.Minute).Unix()) {
		t.Errorf("last_reload_success_timestamp_seconds = %v", got)
	}
}

func TestReloadFailureKeepsOldEngine(t *testing.T) {
	r, vl, reg := newTestReloader(t, "1")
	old := r.current()
	vl.version.Store("bad")
	err := r.reload()
	if err == nil || !strings.Contains(err.Error(), `rules/x.yaml:3:7: rule "R1": when: unknown name qty`) {
		t.Errorf("reload() = %v, want the positioned load error", err)
	}
	if r.current() != old {
		t.Error("a failed reload replaced the engine")
	}
	if got := metricValue(r.metrics.LastReloadOK); got != 0 {
		t.Errorf("last_reload_successful = %v, want 0", got)
	}
	if got := metricValue(r.metrics.Reloads.WithLabelValues(reloadFailure)); got != 1 {
		t.Errorf("reloads_total{failure} = %v, want 1", got)
	}
	if s := series(t, reg, "precursor_ruleset_info"); len(s) != 1 || s[0]["version"] != "1" {
		t.Errorf("ruleset_info = %v, want version 1 still", s)
	}
	vl.version.Store("3")
	if err := r.reload(); err != nil || metricValue(r.metrics.LastReloadOK) != 1 {
		t.Errorf("recovery reload = %v, last_reload_successful = %v", err, metricValue(r.metrics.LastReloadOK))
	}
}

// A burst of events reloads once, after the burst is quiet.
func TestDebounceReloadCoalescesBursts(t *testing.T) {
	r, vl, _ := newTestReloader(t, "1")
	vl.loads.Store(0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := make(chan struct{})
	go r.debounceReload(ctx, events, 50*time.Millisecond)
	for i := 0; i < 10; i++ {
		events <- struct{}{}
		time.Sleep(5 * time.Millisecond)
	}
	waitFor(t, "the debounced reload", 2*time.Second, func() bool { return vl.loads.Load() >= 1 })
	time.Sleep(150 * time.Millisecond)
	if n := vl.loads.Load(); n != 1 {
		t.Errorf("%d reloads for one burst, want 1", n)
	}
}

// Writing a file in the rules directory reloads through fsnotify; a change
// to an unrelated file next to the catalog does not.
func TestWatchReloadsOnFileChange(t *testing.T) {
	rulesDir, catDir := t.TempDir(), t.TempDir()
	catalog := filepath.Join(catDir, "catalog.yaml")
	os.WriteFile(catalog, []byte("v1"), 0o644)
	r, vl, _ := newTestReloader(t, "1")
	vl.loads.Store(0)
	ws, err := newWatchSet(rulesDir, catalog)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- watch(ctx, ws, r, slog.New(slog.DiscardHandler)) }()
	defer func() { cancel(); <-done }()
	time.Sleep(50 * time.Millisecond) // let the watcher start

	os.WriteFile(filepath.Join(catDir, "notes.txt"), []byte("x"), 0o644)
	time.Sleep(reloadDebounce + 200*time.Millisecond)
	if n := vl.loads.Load(); n != 0 {
		t.Errorf("unrelated file next to the catalog caused %d reloads", n)
	}
	vl.version.Store("2")
	os.WriteFile(filepath.Join(rulesDir, "extra.yaml"), []byte("rules: []"), 0o644)
	waitFor(t, "reload after a rules file change", 5*time.Second, func() bool { return r.current().info().RulesetVersion == "2" })
	vl.version.Store("3")
	os.WriteFile(catalog, []byte("v2"), 0o644)
	waitFor(t, "reload after a catalog change", 5*time.Second, func() bool { return r.current().info().RulesetVersion == "3" })
}
