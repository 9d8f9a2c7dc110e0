package pipeline

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties"
	"github.com/precursorwatch/precursor/parties/sample"
	"github.com/prometheus/client_golang/prometheus"
)

// copySampleLists writes the embedded sample lists into a directory the
// test may edit and returns their paths (OFAC XML, curated YAML).
func copySampleLists(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for _, p := range sample.Paths() {
		data, err := fs.ReadFile(sample.FS(), p)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, p)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

// addCuratedEntry appends an indicted company to the curated list at
// path and moves its publication date.
func addCuratedEntry(t *testing.T, path, id, name, published string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "published: 2025-01-06", "published: "+published, 1)
	s += "  - id: " + id + "\n    kind: indictment\n    type: company\n    name: " + name +
		"\n    countries: [CN]\n    programme: US-DOJ-TEST\n    action: \"Indictment (test entry)\"\n    date: " + published +
		"\n    sources: [S45]\n"
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// listConfig is a config that passes Validate without a broker and
// screens against lists.
func listConfig(lists ...string) Config {
	cfg := DefaultConfig()
	cfg.Brokers = []string{"127.0.0.1:1"}
	cfg.HTTPListen = ""
	cfg.Lists = lists
	return cfg
}

func TestListsConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"default: sample lists", func(*Config) {}, ""},
		{"bad id", func(c *Config) { c.Lists = []string{"OFAC SDN=sdn.xml"} }, `lists: list "OFAC SDN=sdn.xml": id "OFAC SDN"`},
		{"exceptions without lists", func(c *Config) { c.ListExceptions = []string{"x.yaml"} }, "lists: exceptions need lists"},
		{"max age", func(c *Config) { c.ListMaxAge = 0 }, "list_max_age: 0s must be positive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := listConfig()
			tc.edit(&cfg)
			err := cfg.Validate()
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Validate = %v, want %q", err, tc.want)
			}
		})
	}
}

// A broken list at start is fatal, with every problem positioned.
func TestNewRefusesBrokenList(t *testing.T) {
	paths := copySampleLists(t)
	data, err := os.ReadFile(paths[1])
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(string(data), "\n")
	if err := os.WriteFile(paths[1], append(data, "  - id: [broken\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = New(listConfig(paths...), Options{Registerer: prometheus.NewRegistry(), evaluator: &fakeEvaluator{version: "1"}})
	want := fmt.Sprintf("precursor_indictments.yaml:%d:9: YAML: ", lines+1)
	if err == nil || !strings.HasPrefix(err.Error(), "load lists: ") || !strings.Contains(err.Error(), want) {
		t.Fatalf("New = %v, want a positioned list error", err)
	}
}

// screens reports whether the engine in use finds a hit for the party.
func screens(t *testing.T, p *Pipeline, name string) []parties.Hit {
	t.Helper()
	x, ok := p.reloader.current().(*engineEvaluator)
	if !ok {
		t.Fatalf("engine in use is %T", p.reloader.current())
	}
	m := &manifest.Manifest{Shipper: manifest.Party{Name: name, Country: "CN"}, EventTime: time.Now()}
	return x.e.Parties().ScreenManifest(m, m.EventTime)
}

// A list reload is validated first and swapped atomically: a broken file
// is refused, the old lists keep screening, and the metrics say so; a
// valid edit takes effect, rules untouched.
func TestReloadListsKeepsOldOnFailure(t *testing.T) {
	paths := copySampleLists(t)
	reg := prometheus.NewRegistry()
	p, err := New(listConfig(paths...), Options{Registerer: reg})
	if err != nil {
		t.Fatal(err)
	}
	m := p.metrics.PartyLists
	if len(screens(t, p, "Athos Chemicals")) == 0 || metricValue(m.LastReloadOK) != 1 {
		t.Fatal("the copied sample lists do not screen")
	}
	rulesHash := p.reloader.current().info().RulesetHash

	good, _ := os.ReadFile(paths[0])
	if err := os.WriteFile(paths[0], good[:len(good)/2], 0o644); err != nil { // truncated download
		t.Fatal(err)
	}
	err = p.Reload()
	if err == nil || !strings.Contains(err.Error(), "us_ofac_sdn.xml:") {
		t.Fatalf("Reload of a truncated list = %v, want an error positioned in us_ofac_sdn.xml", err)
	}
	if len(screens(t, p, "Sumi Lab SA de CV")) == 0 {
		t.Error("the old lists stopped screening after a refused reload")
	}
	if metricValue(m.LastReloadOK) != 0 || metricValue(m.Reloads.WithLabelValues(reloadFailure)) != 1 {
		t.Errorf("party_lists_last_reload_successful %v, reloads{failure} %v: want 0 and 1",
			metricValue(m.LastReloadOK), metricValue(m.Reloads.WithLabelValues(reloadFailure)))
	}
	if metricValue(p.metrics.LastReloadOK) != 1 {
		t.Error("a refused list reload marked the rules reload failed")
	}

	if err := os.WriteFile(paths[0], good, 0o644); err != nil {
		t.Fatal(err)
	}
	addCuratedEntry(t, paths[1], "PWI-900", "Zhenqi Novel Chemical Co., Ltd.", "2026-11-30")
	if err := p.Reload(); err != nil {
		t.Fatalf("Reload: %v", err)
	}
	if hits := screens(t, p, "ZHENQI NOVEL CHEMICAL CO LTD"); len(hits) != 1 || hits[0].EntryID != "PWI-900" {
		t.Errorf("the new entry does not screen: %+v", hits)
	}
	if got := p.reloader.current().info().RulesetHash; got != rulesHash {
		t.Errorf("ruleset changed across a list reload: %s -> %s", rulesHash, got)
	}
	if metricValue(m.LastReloadOK) != 1 || metricValue(m.Entries.WithLabelValues("precursor-indictments")) != 19 {
		t.Errorf("after the valid reload: ok %v, entries %v (want 1, 19)", metricValue(m.LastReloadOK),
			metricValue(m.Entries.WithLabelValues("precursor-indictments")))
	}
	published := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	if got := metricValue(m.Published.WithLabelValues("precursor-indictments")); got != float64(published.Unix()) {
		t.Errorf("published timestamp %v, want %v", got, published.Unix())
	}
	if info := series(t, reg, "precursor_party_list_info"); len(info) != 2 {
		t.Errorf("party_list_info series %v, want one per list", info)
	}
}

// Series of a list a reload no longer loads are deleted; the others keep
// one info series, for the copy in use.
func TestListMetricsFollowTheLists(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg).PartyLists
	paths := copySampleLists(t)
	load := func(srcs ...parties.Source) *parties.Snapshot {
		s, err := parties.Load(context.Background(), parties.Config{Lists: srcs, Match: parties.DefaultMatchConfig()})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := load(parties.Source{Path: paths[0]}, parties.Source{ID: "old-curated", Path: paths[1]})
	b := load(parties.Source{Path: paths[0]}, parties.Source{ID: "new-curated", Path: paths[1]})
	m.update(nil, a)
	m.Hits.WithLabelValues("old-curated", partyHitListed).Inc()
	m.update(a, b)
	for _, name := range []string{"precursor_party_list_entries", "precursor_party_list_published_timestamp_seconds", "precursor_party_list_info"} {
		var lists []string
		for _, s := range series(t, reg, name) {
			lists = append(lists, s["list"])
		}
		if strings.Join(lists, ",") != "new-curated,us-ofac-sdn" {
			t.Errorf("%s lists %v, want new-curated and us-ofac-sdn", name, lists)
		}
	}
	for _, s := range series(t, reg, "precursor_party_list_hits_total") {
		if s["list"] == "old-curated" {
			t.Errorf("hits of a dropped list kept: %v", s)
		}
	}
}

// Editing a list file reloads the lists (and only them) through the file
// watcher.
func TestListWatcherReloads(t *testing.T) {
	paths := copySampleLists(t)
	p, err := New(listConfig(paths...), Options{Registerer: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	ws := newFileWatchSet(p.reloader.listPaths(p.cfg))
	go func() {
		done <- watchFiles(ctx, ws, "party lists", func() { _ = p.reloader.reloadLists() }, slog.New(slog.DiscardHandler))
	}()
	defer func() { cancel(); <-done }()
	time.Sleep(50 * time.Millisecond) // let the watcher start
	loads := metricValue(p.metrics.Reloads.WithLabelValues(reloadSuccess))

	addCuratedEntry(t, paths[1], "PWI-901", "Qianfeng Novel Reagent Co., Ltd.", "2026-12-01")
	waitFor(t, "the list reload after an edit", 5*time.Second, func() bool {
		return len(screens(t, p, "Qianfeng Novel Reagent Company Limited")) == 1
	})
	if got := metricValue(p.metrics.Reloads.WithLabelValues(reloadSuccess)); got != loads {
		t.Errorf("a list edit reloaded the rules (%v -> %v reloads)", loads, got)
	}
}
