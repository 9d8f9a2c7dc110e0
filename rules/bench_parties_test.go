package rules

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties"
	"github.com/precursorwatch/precursor/parties/variants"
)

// BenchmarkScoreParties is BenchmarkScoreSynth (decode, enrich, score of
// the synthetic mix: 3% risky, a fifth of those with a listed party, 1% of
// the benign ones with a near-miss party) without lists, with the sample
// lists (30 entries) and with 20,000 entries (the sample lists and
// synthetic filler, as parties.BenchmarkScreen): the difference is what
// screening three parties costs per manifest in the engine.
func BenchmarkScoreParties(b *testing.B) {
	e, err := LoadEngine("", "")
	if err != nil {
		b.Fatal(err)
	}
	sampleLists, err := parties.LoadSample(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	g := synth.New(1, synth.DefaultOptions())
	events := make([][]byte, 4096)
	for i := range events {
		events[i] = g.Next().Value
	}
	for _, c := range []struct {
		name  string
		lists func(testing.TB) *parties.Snapshot
	}{
		{"lists=none", func(testing.TB) *parties.Snapshot { return nil }},
		{"lists=sample", func(testing.TB) *parties.Snapshot { return sampleLists }},
		{"lists=20000", bigLists},
	} {
		b.Run(c.name, func(b *testing.B) {
			eng := e.WithParties(c.lists(b))
			var m manifest.Manifest
			hits := 0
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			for i := 0; i < b.N; i++ {
				if err := manifest.DecodeInto(events[i%len(events)], &m); err != nil {
					b.Fatal(err)
				}
				en := eng.Enrich(&m)
				hits += len(en.Parties)
				_ = eng.Score(&m, en)
			}
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/shipment")
			}
			b.ReportMetric(float64(hits)/float64(b.N), "party-hits/shipment")
		})
	}
}

// bigLists loads the sample lists plus synthetic filler entries: 20,000
// entries in all.
func bigLists(tb testing.TB) *parties.Snapshot {
	tb.Helper()
	cfg := parties.SampleConfig()
	sample, err := parties.Load(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "filler_sdn.xml")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	entries := variants.New(2025).Entries(20_000 - sample.Entries())
	if err := variants.WriteOFACXML(f, entries, time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	// The filler joins the sample lists on disk: Config.FS reads all the
	// files of one configuration from one file system.
	dir := filepath.Dir(path)
	var lists []parties.Source
	for _, src := range cfg.Lists {
		data, err := fs.ReadFile(cfg.FS, src.Path)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, src.Path), data, 0o644); err != nil {
			tb.Fatal(err)
		}
		lists = append(lists, parties.Source{Path: filepath.Join(dir, src.Path)})
	}
	lists = append(lists, parties.Source{ID: "synthetic-filler", Path: path})
	s, err := parties.Load(context.Background(), parties.Config{Lists: lists, Match: parties.DefaultMatchConfig()})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
