package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/rules"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"
)

// copyRulePack copies the default rule pack (its top-level YAML files) into
// a temporary directory the test may edit.
func copyRulePack(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob("../rules/default/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("default rule pack not found: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var versionLine = regexp.MustCompile(`(?m)^version:.*$`)

// setPackVersion rewrites the version of the pack in dir.
func setPackVersion(t *testing.T, dir, version string) {
	t.Helper()
	path := filepath.Join(dir, "ruleset.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !versionLine.Match(b) {
		t.Fatalf("%s has no version line", path)
	}
	b = versionLine.ReplaceAll(b, []byte(`version: "`+version+`"`))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestEndToEndReloadUnderTraffic reloads the rules while events flow: a
// broken edit is refused with positioned errors and changes nothing; a
// valid edit takes effect without losing an alert: every alert carries the
// old or the new ruleset, and events produced after Reload returned carry
// the new one.
func TestEndToEndReloadUnderTraffic(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 3)
	cfg.RulesDir = copyRulePack(t)
	setPackVersion(t, cfg.RulesDir, "1.0.0-old")
	oldEng, err := rules.LoadEngine(cfg.RulesDir, "")
	if err != nil {
		t.Fatalf("load copied pack: %v", err)
	}
	r := startPipeline(t, cfg, Options{})

	before := buildStream(t, "before", 600, false)
	c.produce(t, cfg.Topics.Input, before[:300])
	produced := make(chan error, 1)
	go func() { produced <- c.write(cfg.Topics.Input, before[300:]) }() // traffic continues during the reloads
	waitFor(t, "first commits", 20*time.Second, func() bool { return r.p.Stats().Commits > 0 })

	// A broken edit is refused; the old rules keep running.
	bad := filepath.Join(cfg.RulesDir, "zz-broken.yaml")
	if err := os.WriteFile(bad, []byte("rules:\n  - id: BROKEN-1\n    title: broken\n    when: no_such_field > 3\n    score: 10\n    tags: [test]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = r.p.Reload()
	if err == nil || !strings.Contains(err.Error(), "zz-broken.yaml:") {
		t.Errorf("Reload with a broken file = %v, want an error positioned in zz-broken.yaml", err)
	}
	if got := metricValue(r.p.metrics.LastReloadOK); got != 0 {
		t.Errorf("last_reload_successful = %v after a refused reload, want 0", got)
	}
	os.Remove(bad)

	setPackVersion(t, cfg.RulesDir, "2.0.0-new")
	if err := r.p.Reload(); err != nil {
		t.Fatalf("Reload: %v", err)
	}
	newEng, err := rules.LoadEngine(cfg.RulesDir, "")
	if err != nil {
		t.Fatal(err)
	}
	if newEng.Ruleset().Hash() == oldEng.Ruleset().Hash() {
		t.Fatal("editing the version did not change the ruleset hash")
	}
	if err := <-produced; err != nil {
		t.Fatal(err)
	}
	after := buildStream(t, "after", 300, false)
	c.produce(t, cfg.Topics.Input, after)
	waitFor(t, "all events committed", 30*time.Second, func() bool {
		return sumOffsets(c.committed(t, cfg.GroupID, cfg.Topics.Input, 3)) == int64(len(before)+len(after))
	})
	r.stop()

	exOld, exNew := expect(t, oldEng, before), expect(t, newEng, before)
	exAfter := expect(t, newEng, after)
	if len(exAfter.alerts) == 0 {
		t.Fatal("the stream after the reload expects no alerts")
	}
	recs := c.readTopic(t, cfg.Topics.Alerts, 10*time.Second, func(r []*kgo.Record) bool {
		return len(r) >= len(exNew.alerts)+len(exAfter.alerts)
	})
	got := alertIDs(decodeAlerts(t, recs))
	for id, ship := range exOld.alerts {
		newID := idOf(exNew.alerts, ship)
		if !got[id] && !got[newID] {
			t.Errorf("alert for %s lost across the reload (neither old %s nor new %s written)", ship, id, newID)
		}
	}
	if missing, _ := diffIDs(exAfter.alerts, got); len(missing) > 0 {
		t.Errorf("events after the reload lack alerts with the new ruleset hash: %v", missing)
	}
	if len(got) != len(exNew.alerts)+len(exAfter.alerts) {
		t.Errorf("%d distinct alerts, want %d (one per risky event)", len(got), len(exNew.alerts)+len(exAfter.alerts))
	}
	info := series(t, r.reg, "precursor_ruleset_info")
	if len(info) != 1 || info[0]["version"] != "2.0.0-new" || info[0]["hash"] != newEng.Ruleset().Hash() {
		t.Errorf("ruleset_info series after reload = %v, want only the new ruleset", info)
	}
	if v := metricValue(r.p.metrics.Reloads.WithLabelValues(reloadFailure)); v != 1 {
		t.Errorf("reloads_total{result=failure} = %v, want 1", v)
	}
}

// series returns the label sets of a metric family.
func series(t *testing.T, g prometheus.Gatherer, name string) []map[string]string {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.Metric {
			ls := map[string]string{}
			for _, l := range m.Label {
				ls[l.GetName()] = l.GetValue()
			}
			out = append(out, ls)
		}
	}
	return out
}

func idOf(alerts map[string]string, ship string) string {
	for id, s := range alerts {
		if s == ship {
			return id
		}
	}
	return ""
}
