package pipeline

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/rules"
	"github.com/prometheus/client_golang/prometheus"
)

func TestStructureConfigValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(c *StructureConfig)
		want string // "" = valid
	}{
		{"off by default", func(*StructureConfig) {}, ""},
		{"url", func(c *StructureConfig) { c.URL = "http://127.0.0.1:8795" }, ""},
		{"jar", func(c *StructureConfig) { c.Jar = ".cache/resolver/resolver.jar" }, ""},
		{"both", func(c *StructureConfig) { c.URL, c.Jar = "http://r:8795", "r.jar" }, "structure: url and jar are exclusive (jar runs the resolver and sets url)"},
		{"not a URL", func(c *StructureConfig) { c.URL = "resolver:8795" }, `structure.url: "resolver:8795" is not an http(s)://host:port URL`},
		{"limits", func(c *StructureConfig) {
			c.URL, c.Timeout, c.Budget, c.CacheSize, c.MaxInFlight = "http://r:1", 0, -1, 0, 65
		}, "structure.timeout: 0s must be positive\nstructure.budget: -1ns must be positive\n" +
			"structure.cache_size: 0 must be at least 1\nstructure.max_in_flight: 65 is outside 1..64"},
		{"limits unchecked while off", func(c *StructureConfig) { c.Timeout = 0 }, ""},
	} {
		cfg := DefaultConfig()
		cfg.Brokers = []string{"k:9092"}
		tt.edit(&cfg.Structure)
		err := cfg.Validate()
		if got := errString(err); got != tt.want {
			t.Errorf("%s: Validate() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// newStructurePipeline builds (without running) a pipeline on the default
// engine with the resolver at url ("" = off), logging to the returned
// buffer.
func newStructurePipeline(t *testing.T, url string, edit func(*Config)) (*Pipeline, *syncBuffer, *prometheus.Registry) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Brokers = []string{"127.0.0.1:1"}
	cfg.Structure.URL = url
	if edit != nil {
		edit(&cfg)
	}
	var buf syncBuffer
	reg := prometheus.NewRegistry()
	opts := Options{Logger: slog.New(slog.NewTextHandler(&buf, nil)), Registerer: reg}
	if cfg.CatalogFile == "" {
		opts.Engine = defaultEngine(t)
	}
	p, err := New(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return p, &buf, reg
}

// syncBuffer is a bytes.Buffer safe for concurrent writes (the log).
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// evaluateEvent runs the pipeline's current engine on one event value.
func evaluateEvent(p *Pipeline, value []byte) *outcome {
	ev := p.reloader.current()
	out := &outcome{}
	ev.evaluate(context.Background(), value, ev.newScratch(), out)
	return out
}

func TestStructureResolverOffIsLogged(t *testing.T) {
	p, log, _ := newStructurePipeline(t, "", nil)
	if !strings.Contains(log.String(), "structure resolver off") {
		t.Errorf("log does not say the resolver is off:\n%s", log)
	}
	if v := metricValue(p.metrics.Structure.Enabled); v != 0 {
		t.Errorf("structure_resolver_enabled = %v", v)
	}
	out := evaluateEvent(p, derivativeEvent("S-1", "N-(3,4-dichlorophenyl)piperidin-4-amine").Value)
	if out.alert != nil {
		t.Errorf("an uncatalogued halide of 4-AP alerted with the resolver off: %s", out.alert)
	}
}

// With the resolver on, an uncatalogued derivative is found by structure,
// scored (STR-001) and shown in the alert; a repeat is answered by the cache.
func TestStructureFoundAndScored(t *testing.T) {
	fake := startFakeResolver(t, recordedAnswers(t))
	p, log, _ := newStructurePipeline(t, fake.srv.URL, nil)
	if !strings.Contains(log.String(), "structure resolver on") {
		t.Errorf("log does not say the resolver is on:\n%s", log)
	}
	sm := p.metrics.Structure
	ev := derivativeEvent("S-1", "N-(3,4-dichlorophenyl)piperidin-4-amine")
	for round := range 2 {
		out := evaluateEvent(p, ev.Value)
		if out.alert == nil || !strings.Contains(string(out.alert), `"rule":"STR-001"`) ||
			!strings.Contains(string(out.alert), `"smiles":"C1=C(C=C(C(=C1)Cl)Cl)NC2CCNCC2"`) {
			t.Fatalf("round %d: no STR-001 alert with the structure: %s", round, out.alert)
		}
		if !containsFamilyMethod(out.matches, familyMethod{"4-ap", rules.MethodStructure}) {
			t.Errorf("round %d: catalog matches %v lack 4-ap/structure", round, out.matches)
		}
	}
	checks := map[string]prometheus.Metric{
		"spans resolved":   sm.Spans.WithLabelValues(spanResolved),
		"lookups uncached": sm.Lookups.WithLabelValues("false"),
		"lookups cached":   sm.Lookups.WithLabelValues("true"),
		"requests ok":      sm.Requests.WithLabelValues("resolved"),
		"latency samples":  sm.RequestDuration,
		"enabled":          sm.Enabled,
	}
	want := map[string]float64{"spans resolved": 2, "lookups uncached": 1, "lookups cached": 1, "requests ok": 1, "latency samples": 1, "enabled": 1}
	for name, m := range checks {
		if v := metricValue(m); v != want[name] {
			t.Errorf("%s = %v, want %v", name, v, want[name])
		}
	}
	if n := fake.requests.Load(); n != 1 {
		t.Errorf("%d resolver requests, want 1 (the repeat is cached)", n)
	}
}

func containsFamilyMethod(list []familyMethod, fm familyMethod) bool {
	for _, x := range list {
		if x == fm {
			return true
		}
	}
	return false
}

// A resolver that is down or slow costs no manifest: each is scored
// without structures within the budget, the spans are counted unavailable,
// the breaker opens, and the log says so once, not per manifest.
func TestStructureResolverDownOrSlow(t *testing.T) {
	names := derivativeNames(t)
	for _, tc := range []struct {
		name  string
		setup func(f *fakeResolver)
	}{
		{"down", func(f *fakeResolver) { f.kill() }},
		{"slow", func(f *fakeResolver) { f.delay.Store(int64(5 * time.Second)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := startFakeResolver(t, recordedAnswers(t))
			tc.setup(fake)
			p, log, _ := newStructurePipeline(t, fake.srv.URL, func(c *Config) {
				c.Structure.Timeout, c.Structure.Budget = 100*time.Millisecond, 150*time.Millisecond
			})
			sm := p.metrics.Structure
			const n = 12
			start := time.Now()
			for i := range n {
				out := evaluateEvent(p, derivativeEvent("S", names[i%len(names)]).Value)
				if out.dead != nil || out.severity == "" {
					t.Fatalf("event %d not scored: %+v", i, out)
				}
			}
			if d := time.Since(start); d > n*150*time.Millisecond+time.Second {
				t.Errorf("%d manifests took %v with a 150ms budget each", n, d)
			}
			if v := metricValue(sm.Spans.WithLabelValues(spanUnavailable)); v != n {
				t.Errorf("unavailable spans = %v, want %d", v, n)
			}
			if v := metricValue(sm.BreakerState); v != 2 {
				t.Errorf("breaker state = %v, want 2 (open) after %d failures", v, n)
			}
			if v := metricValue(sm.Requests.WithLabelValues("rejected")); v == 0 {
				t.Error("no request was rejected by the open breaker")
			}
			if c := strings.Count(log.String(), `msg="structure resolver unavailable`); c != 1 {
				t.Errorf("logged %d times, want once:\n%s", c, log)
			}
		})
	}
}

// A reload with the same family patterns keeps the client's cache; a
// catalog whose patterns changed sends them to the client (the cache with
// the old answers goes) and the structures carry the new pattern text.
func TestStructurePatternsFollowCatalogReload(t *testing.T) {
	fake := startFakeResolver(t, recordedAnswers(t))
	dir := t.TempDir()
	catFile := filepath.Join(dir, "catalog.yaml")
	if err := os.WriteFile(catFile, chemicals.DefaultBytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	p, _, _ := newStructurePipeline(t, fake.srv.URL, func(c *Config) { c.CatalogFile = catFile })
	ev := derivativeEvent("S-1", "N-(3,4-dichlorophenyl)piperidin-4-amine").Value
	evaluateEvent(p, ev)
	if err := p.Reload(); err != nil {
		t.Fatal(err)
	}
	evaluateEvent(p, ev)
	if n := fake.requests.Load(); n != 1 {
		t.Fatalf("%d requests after a reload with the same patterns, want 1 (cached)", n)
	}
	const meaning = "the 4-anilinopiperidine core: any group on the piperidine nitrogen"
	changed := strings.Replace(string(chemicals.DefaultBytes()), meaning, "REVISED "+meaning, 1)
	if changed == string(chemicals.DefaultBytes()) {
		t.Fatalf("catalog has no %q to revise", meaning)
	}
	if err := os.WriteFile(catFile, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := p.Reload(); err != nil {
		t.Fatal(err)
	}
	out := evaluateEvent(p, ev)
	if n := fake.requests.Load(); n != 2 {
		t.Errorf("%d requests after the patterns changed, want 2 (asked again)", n)
	}
	if !strings.Contains(string(out.alert), "REVISED "+meaning) {
		t.Errorf("alert does not carry the revised pattern meaning: %s", out.alert)
	}
}

func TestRateLimit(t *testing.T) {
	now := time.Unix(1000, 0)
	r := rateLimit{every: 10 * time.Second, now: func() time.Time { return now }}
	var got []int64
	for i, step := range []time.Duration{0, time.Second, 2 * time.Second, 8 * time.Second, time.Second} {
		now = now.Add(step)
		if ok, n := r.allow(i + 1); ok {
			got = append(got, n)
		}
	}
	// 1 at t=0; 2+3+4 suppressed until t=11s lets the fourth through with
	// the count since; the fifth (t=12s) is suppressed.
	if len(got) != 2 || got[0] != 1 || got[1] != 9 {
		t.Errorf("let through with counts %v, want [1 9]", got)
	}
}
