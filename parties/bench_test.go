package parties

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties/listfmt"
	"github.com/precursorwatch/precursor/parties/sample"
	"github.com/precursorwatch/precursor/parties/variants"
)

// benchEntries is the size of the list the acceptance figures are for.
const benchEntries = 20_000

// benchLists writes a filler list that, with the sample lists, makes
// benchEntries entries, and returns the sources of all three.
func benchLists(tb testing.TB) Config {
	tb.Helper()
	dir := tb.TempDir()
	sampleN := 0
	for _, p := range sample.Paths() {
		f, err := listfmt.ReadFS(sample.FS(), p, "", listfmt.Limits{})
		if err != nil {
			tb.Fatal(err)
		}
		sampleN += len(f.List.Entries)
		data, _ := io.ReadAll(must(sample.FS().Open(p)))
		if err := os.WriteFile(filepath.Join(dir, p), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	filler := filepath.Join(dir, "filler_sdn.xml")
	out, err := os.Create(filler)
	if err != nil {
		tb.Fatal(err)
	}
	if err := variants.WriteOFACXML(out, variants.New(2025).Entries(benchEntries-sampleN), time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)); err != nil {
		tb.Fatal(err)
	}
	out.Close()
	cfg := Config{Match: DefaultMatchConfig()}
	for _, p := range sample.Paths() {
		cfg.Lists = append(cfg.Lists, Source{Path: filepath.Join(dir, p)})
	}
	cfg.Lists = append(cfg.Lists, Source{ID: "synthetic-filler", Path: filler})
	return cfg
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// benchManifests returns parties as a manifest stream carries them: most
// are legitimate companies and people, some are near misses of listed
// names, a few are respellings of listed names.
func benchManifests(n int) []manifest.Manifest {
	g := variants.New(99)
	listed := []string{"Wuhan Shuokang Biological Technology Co., Ltd.", "Hubei Aoks Bio-Tech Co. Ltd.", "Suzhou Xiaoli Pharmatech Co.",
		"Guangzhou Tengyue Chemical Co. Ltd.", "Raxuter Chemicals", "SUMILAB, S.A. DE C.V.", "Hebei Shenghao Import and Export Co."}
	party := func() manifest.Party {
		var name, country string
		switch x := randInt(g); {
		case x < 80:
			name, country = g.Company()
		case x < 88:
			name, country = g.Person()
		case x < 95:
			name, country = g.NearMiss(listed[x%len(listed)]), "CN"
		default:
			name, country = g.Variant(listed[x%len(listed)]).Name, "CN"
		}
		return manifest.Party{Name: name, Country: country, Address: "No. 8 Industrial Road"}
	}
	out := make([]manifest.Manifest, n)
	for i := range out {
		out[i] = manifest.Manifest{Shipper: party(), Consignee: party(), NotifyParty: party()}
	}
	return out
}

func randInt(g *variants.Generator) int {
	name, _ := g.Person() // advance the generator deterministically
	return int(len(name)*37+int(name[0])) % 100
}

// BenchmarkScreen screens the three parties of a manifest against a
// 20,000-entry list set; manifests/s is the acceptance figure (one core:
// go test -cpu 1).
func BenchmarkScreen(b *testing.B) {
	s, err := Load(context.Background(), benchLists(b))
	if err != nil {
		b.Fatal(err)
	}
	ms := benchManifests(1000)
	at := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	hits := 0
	runtime.GC() // the load's garbage is not screening's
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		hits += screenUncached(s, &ms[i%len(ms)], at)
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "manifests/s")
	// On a shared machine wall time includes waiting for a core; the
	// process's CPU time is what one core spends.
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "manifests/cpu-s")
	b.ReportMetric(float64(hits)/float64(b.N), "hits/manifest")
}

// screenUncached screens the three parties of m as Screen does, but
// without the cache: BenchmarkScreen measures the screener itself, every
// party as if never seen.
func screenUncached(s *Snapshot, m *manifest.Manifest, at time.Time) int {
	n := 0
	for _, pr := range []struct {
		p    manifest.Party
		role Role
	}{{m.Shipper, RoleShipper}, {m.Consignee, RoleConsignee}, {m.NotifyParty, RoleNotify}} {
		if pr.p.Name == "" {
			continue
		}
		hits := s.screen(pr.p, pr.role)
		s.exceptions.apply(hits, pr.p, at)
		n += len(hits)
	}
	return n
}

// BenchmarkScreenRepeated screens manifests whose parties were seen before
// (a working day's traffic repeats its forwarders and importers): the
// cost of Screen through its cache.
func BenchmarkScreenRepeated(b *testing.B) {
	s, err := Load(context.Background(), benchLists(b))
	if err != nil {
		b.Fatal(err)
	}
	ms := benchManifests(1000)
	at := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	for i := range ms {
		s.ScreenManifest(&ms[i], at)
	}
	hits := 0
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		hits += len(s.ScreenManifest(&ms[i%len(ms)], at))
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "manifests/cpu-s")
	b.ReportMetric(float64(hits)/float64(b.N), "hits/manifest")
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLoad loads, validates and indexes the 20,000-entry list set and
// reports the heap the snapshot holds.
func BenchmarkLoad(b *testing.B) {
	cfg := benchLists(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := Load(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.StopTimer()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, _ := Load(context.Background(), cfg)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(s.Names()), "names")
	runtime.KeepAlive(s)
}

// BenchmarkNormalize measures normalisation alone, the first stage of
// every screen.
func BenchmarkNormalize(b *testing.B) {
	ms := benchManifests(300)
	n := newNormalizer(words())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := &ms[i%len(ms)]
		n.normalize(m.Shipper.Name)
	}
}
