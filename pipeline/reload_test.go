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
	// Events 5 ms apart against a 300 ms quiet period: a loaded machine
	// would have to stall one sleep 60-fold to split the burst.
	go r.debounceReload(ctx, events, 300*time.Millisecond)
	for i := 0; i < 10; i++ {
		events <- struct{}{}
		time.Sleep(5 * time.Millisecond)
	}
	waitFor(t, "the debounced reload", 5*time.Second, func() bool { return vl.loads.Load() >= 1 })
	time.Sleep(600 * time.Millisecond)
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

// startWatch runs watch for rulesDir and catalog until the test ends.
func startWatch(t *testing.T, rulesDir, catalog string) (*reloader, *versionedLoader) {
	t.Helper()
	r, vl, _ := newTestReloader(t, "1")
	vl.loads.Store(0)
	ws, err := newWatchSet(rulesDir, catalog)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- watch(ctx, ws, r, slog.New(slog.DiscardHandler)) }()
	t.Cleanup(func() { cancel(); <-done })
	time.Sleep(50 * time.Millisecond) // let the watcher start
	return r, vl
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A Kubernetes ConfigMap volume publishes an update by renaming a new
// ..data symlink over the old one; catalog.yaml (-> ..data/catalog.yaml)
// itself never changes, yet the catalog must be reloaded.
func TestWatchReloadsOnConfigMapSwap(t *testing.T) {
	dir := t.TempDir()
	must(t, os.Mkdir(filepath.Join(dir, "..2026_v1"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "..2026_v1", "catalog.yaml"), []byte("v1"), 0o644))
	must(t, os.Symlink("..2026_v1", filepath.Join(dir, "..data")))
	must(t, os.Symlink("..data/catalog.yaml", filepath.Join(dir, "catalog.yaml")))
	r, vl := startWatch(t, "", filepath.Join(dir, "catalog.yaml"))

	must(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644))
	time.Sleep(reloadDebounce + 200*time.Millisecond)
	if n := vl.loads.Load(); n != 0 {
		t.Errorf("unrelated file next to the catalog caused %d reloads", n)
	}

	vl.version.Store("2")
	must(t, os.Mkdir(filepath.Join(dir, "..2026_v2"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "..2026_v2", "catalog.yaml"), []byte("v2"), 0o644))
	must(t, os.Symlink("..2026_v2", filepath.Join(dir, "..data_tmp")))
	must(t, os.Rename(filepath.Join(dir, "..data_tmp"), filepath.Join(dir, "..data")))
	must(t, os.RemoveAll(filepath.Join(dir, "..2026_v1")))
	waitFor(t, "reload after the ..data swap", 5*time.Second, func() bool { return r.current().info().RulesetVersion == "2" })
}

// A catalog symlinked to a file in another directory is reloaded when the
// target is edited, and again when the link is pointed at another file.
func TestWatchReloadsOnSymlinkTargetChange(t *testing.T) {
	dir, store := t.TempDir(), t.TempDir()
	must(t, os.WriteFile(filepath.Join(store, "a.yaml"), []byte("a"), 0o644))
	must(t, os.WriteFile(filepath.Join(store, "b.yaml"), []byte("b"), 0o644))
	link := filepath.Join(dir, "catalog.yaml")
	must(t, os.Symlink(filepath.Join(store, "a.yaml"), link))
	r, vl := startWatch(t, "", link)

	vl.version.Store("2")
	must(t, os.WriteFile(filepath.Join(store, "a.yaml"), []byte("a2"), 0o644))
	waitFor(t, "reload after the target was edited", 5*time.Second, func() bool { return r.current().info().RulesetVersion == "2" })

	vl.version.Store("3")
	tmp := filepath.Join(dir, ".catalog.tmp")
	must(t, os.Symlink(filepath.Join(store, "b.yaml"), tmp))
	must(t, os.Rename(tmp, link))
	waitFor(t, "reload after the link was repointed", 5*time.Second, func() bool { return r.current().info().RulesetVersion == "3" })

	// A file that is not the target, next to it, does not count.
	time.Sleep(reloadDebounce + 100*time.Millisecond)
	n := vl.loads.Load()
	must(t, os.WriteFile(filepath.Join(store, "unrelated.yaml"), []byte("x"), 0o644))
	time.Sleep(reloadDebounce + 200*time.Millisecond)
	if got := vl.loads.Load(); got != n {
		t.Errorf("unrelated file next to the target caused %d reloads", got-n)
	}
}
