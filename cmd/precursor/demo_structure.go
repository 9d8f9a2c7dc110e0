package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/precursorwatch/precursor/structure"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// demoResolverJar is where `make resolver` puts the resolver jar.
const demoResolverJar = ".cache/resolver/resolver.jar"

// demoDerivativePct is the share of risky shipments naming an uncatalogued
// derivative in `demo --structure` unless --derivative-pct says otherwise.
const demoDerivativePct = 25

// demoStructure is the structure resolver of `precursor demo --structure`:
// one already running (--resolver) or the jar started as a child process
// for the demo's duration (--resolver-jar). Without Java or the jar the demo
// says so and runs without it, as plain `demo` does.
type demoStructure struct {
	on   bool
	url  string
	jar  string
	proc *structure.Process
}

func (ds *demoStructure) register(fs *flag.FlagSet) {
	fs.BoolVar(&ds.on, "structure", false, "resolve chemical names the catalog does not know with the structure resolver "+
		"(started from --resolver-jar; needs Java 17), and feed uncatalogued derivatives (--derivative-pct "+fmt.Sprint(demoDerivativePct)+" unless given)")
	fs.StringVar(&ds.url, "resolver", "", "structure resolver `URL` for --structure, instead of starting the jar")
	fs.StringVar(&ds.jar, "resolver-jar", demoResolverJar, "structure resolver `JAR` for --structure (make resolver builds it)")
}

// start returns the resolver URL for the pipeline, or "" when the resolver
// is off or not available (after saying why on w).
func (ds *demoStructure) start(ctx context.Context, w io.Writer) string {
	switch {
	case !ds.on:
		return ""
	case ds.url != "":
		fmt.Fprintf(w, "precursor demo: structure resolver at %s\n", ds.url)
		return ds.url
	}
	fmt.Fprintf(w, "precursor demo: starting the structure resolver (%s)...\n", ds.jar)
	start := time.Now()
	p, err := structure.Start(ctx, structure.StartConfig{Jar: ds.jar, Stderr: io.Discard})
	if err != nil {
		fmt.Fprintf(w, "precursor demo: structure resolver not available: %v\n"+
			"precursor demo: build it with `make resolver` (Java 17 and Maven, from Debian), or give --resolver URL; running without it\n", err)
		return ""
	}
	ds.proc = p
	fmt.Fprintf(w, "precursor demo: structure resolver ready at %s in %v (pid %d)\n", p.URL, time.Since(start).Round(100*time.Millisecond), p.PID())
	return p.URL
}

// stop ends a resolver the demo started.
func (ds *demoStructure) stop() {
	if ds.proc != nil {
		ds.proc.Stop(resolverStopGrace)
	}
}

// structureSummary is the summary line of the resolver's work, read from
// the pipeline's metrics; "" when it was off.
func structureSummary(g prometheus.Gatherer) string {
	mfs, err := g.Gather()
	if err != nil {
		return ""
	}
	v := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			v[mf.GetName()+labelSuffix(m)] += metricNumber(m)
		}
	}
	if v["precursor_structure_resolver_enabled"] == 0 {
		return ""
	}
	lookups := v["precursor_structure_lookups_total{cached=true}"] + v["precursor_structure_lookups_total{cached=false}"]
	return fmt.Sprintf("  structure    %.0f spans resolved, %.0f not names, %.0f unavailable; %.0f lookups, %.0f%% from the cache",
		v["precursor_structure_spans_total{result=resolved}"], v["precursor_structure_spans_total{result=unparsed}"],
		v["precursor_structure_spans_total{result=unavailable}"], lookups,
		100*v["precursor_structure_lookups_total{cached=true}"]/max(lookups, 1))
}

func labelSuffix(m *dto.Metric) string {
	if len(m.GetLabel()) != 1 {
		return ""
	}
	l := m.GetLabel()[0]
	return "{" + l.GetName() + "=" + l.GetValue() + "}"
}

func metricNumber(m *dto.Metric) float64 {
	switch {
	case m.GetCounter() != nil:
		return m.GetCounter().GetValue()
	case m.GetGauge() != nil:
		return m.GetGauge().GetValue()
	}
	return 0
}
