package main

import (
	"fmt"
	"io"
	"math"
	"sort"

	dto "github.com/prometheus/client_model/go"
)

// soakReport is the result of a soak; it is also the --json output.
type soakReport struct {
	Brokers    string  `json:"brokers"`
	Partitions int     `json:"partitions"`
	Rate       int     `json:"rate"`            // 0: full speed through a preloaded topic
	Count      int     `json:"count,omitempty"` // events preloaded with Rate 0
	Produced   int64   `json:"produced,omitempty"`
	Consumed   float64 `json:"consumed,omitempty"`
	Seconds    float64 `json:"seconds"`
	// PerSecond is the full-speed throughput (--rate 0 only).
	PerSecond float64 `json:"per_second,omitempty"`
	// PeakRSS is the child's peak resident set (VmHWM: start-up and the
	// run, sampled with the metrics and once more at the end).
	PeakRSS float64 `json:"peak_rss_bytes"`
	// LatencyP50 and LatencyP99 are quantiles of end_to_end_latency_seconds
	// over the run after warm-up (steady rate only), interpolated within
	// buckets as histogram_quantile does.
	LatencyP50 float64 `json:"latency_p50_seconds,omitempty"`
	LatencyP99 float64 `json:"latency_p99_seconds,omitempty"`
	// Growth compares the end of the run with its start, after warm-up:
	// for each sampled series, the minimum over the last quarter of the
	// samples divided by the maximum over the first quarter. Noise (a GC
	// cycle's sawtooth) lowers it; only sustained growth raises it.
	Growth   map[string]float64 `json:"growth,omitempty"`
	Samples  []soakSample       `json:"samples"`
	Failures []string           `json:"failures,omitempty"`
}

// Absolute slack of the growth check: below these, a difference between
// the quarters is noise (a GC cycle, a connection's buffers), not a leak.
const (
	heapSlack      = 8 << 20
	rssSlack       = 16 << 20
	goroutineSlack = 5
)

// analyze fills the latency quantiles and checks growth: for heap in use,
// RSS and goroutines, the minimum over the last quarter of the samples
// after warm-up may exceed the maximum over the first quarter by maxGrowth
// (and the slack).
func (r *soakReport) analyze(warmup, maxGrowth float64) {
	skip := int(math.Ceil(warmup * float64(len(r.Samples))))
	steady := r.Samples[min(skip, len(r.Samples)):]
	if r.Rate > 0 && len(steady) >= 2 {
		first, last := steady[0].latency, steady[len(steady)-1].latency
		r.LatencyP50, r.LatencyP99 = histogramQuantile(0.5, first, last), histogramQuantile(0.99, first, last)
	}
	if r.Rate == 0 {
		return
	}
	if len(steady) < 4 {
		r.Failures = append(r.Failures, fmt.Sprintf("%d samples after warm-up: too few to judge growth (lengthen --duration or shorten --sample)", len(steady)))
		return
	}
	quarter := len(steady) / 4
	r.Growth = map[string]float64{}
	for _, s := range []struct {
		name  string
		get   func(soakSample) float64
		slack float64
	}{
		{"heap_inuse_bytes", func(s soakSample) float64 { return s.HeapInuse }, heapSlack},
		{"rss_bytes", func(s soakSample) float64 { return s.RSS }, rssSlack},
		{"goroutines", func(s soakSample) float64 { return s.Goroutines }, goroutineSlack},
	} {
		a, b := maxOf(steady[:quarter], s.get), minOf(steady[len(steady)-quarter:], s.get)
		if a > 0 {
			r.Growth[s.name] = b / a
		}
		if b > a*(1+maxGrowth)+s.slack {
			r.Failures = append(r.Failures, fmt.Sprintf("%s grew from at most %.0f in the first quarter after warm-up to at least %.0f in the last (allowed: ×%.2f + %.0f)",
				s.name, a, b, 1+maxGrowth, s.slack))
		}
	}
}

func maxOf(ss []soakSample, get func(soakSample) float64) float64 {
	m := 0.0
	for _, s := range ss {
		m = max(m, get(s))
	}
	return m
}

func minOf(ss []soakSample, get func(soakSample) float64) float64 {
	m := math.Inf(1)
	for _, s := range ss {
		m = min(m, get(s))
	}
	return m
}

// histogramQuantile returns the q-quantile of the observations made between
// two readings of a cumulative histogram, interpolating linearly within
// the bucket it falls in (as Prometheus's histogram_quantile).
func histogramQuantile(q float64, from, to *dto.Histogram) float64 {
	if to == nil {
		return 0
	}
	type bucket struct{ upper, count float64 }
	var bs []bucket
	prev := map[float64]float64{}
	if from != nil {
		for _, b := range from.Bucket {
			prev[b.GetUpperBound()] = float64(b.GetCumulativeCount())
		}
	}
	for _, b := range to.Bucket {
		bs = append(bs, bucket{b.GetUpperBound(), float64(b.GetCumulativeCount()) - prev[b.GetUpperBound()]})
	}
	total := float64(to.GetSampleCount())
	if from != nil {
		total -= float64(from.GetSampleCount())
	}
	if total <= 0 || len(bs) == 0 {
		return 0
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].upper < bs[j].upper })
	rank := q * total
	lower, below := 0.0, 0.0
	for _, b := range bs {
		if b.count >= rank {
			if b.count == below {
				return b.upper
			}
			return lower + (b.upper-lower)*(rank-below)/(b.count-below)
		}
		lower, below = b.upper, b.count
	}
	return math.Inf(1) // above the highest bucket
}

// printSoak writes the human-readable report.
func printSoak(w io.Writer, r *soakReport) {
	if r.Rate == 0 {
		fmt.Fprintf(w, "precursor soak: full speed through %d preloaded manifests, broker %s, %d partitions\n",
			r.Count, r.Brokers, r.Partitions)
		fmt.Fprintf(w, "%.0f manifests/s over %.1f s; peak RSS of the pipeline process %s (start-up included), highest sampled RSS %s\n",
			r.PerSecond, r.Seconds, mib(uint64(r.PeakRSS)), mib(uint64(maxOf(r.Samples, func(s soakSample) float64 { return s.RSS }))))
	} else {
		fmt.Fprintf(w, "precursor soak: %d manifests/s for %.0f s, broker %s, %d partitions; %d produced, %.0f consumed\n",
			r.Rate, r.Seconds, r.Brokers, r.Partitions, r.Produced, r.Consumed)
		fmt.Fprintf(w, "end-to-end latency after warm-up: p50 %.1f ms, p99 %.1f ms; peak RSS %s (start-up included), highest sampled RSS %s\n",
			1000*r.LatencyP50, 1000*r.LatencyP99, mib(uint64(r.PeakRSS)), mib(uint64(maxOf(r.Samples, func(s soakSample) float64 { return s.RSS }))))
	}
	fmt.Fprintf(w, "\n%8s %10s %8s %12s %10s %12s\n", "seconds", "consumed", "lag", "heap in use", "goroutines", "rss")
	for _, s := range r.Samples {
		fmt.Fprintf(w, "%8.0f %10.0f %8.0f %12s %10.0f %12s\n", s.Seconds, s.Consumed, s.Lag, mib(uint64(s.HeapInuse)), s.Goroutines, mib(uint64(s.RSS)))
	}
	if len(r.Growth) > 0 {
		fmt.Fprintf(w, "\ngrowth after warm-up, last quarter's minimum over first quarter's maximum: heap in use ×%.2f, rss ×%.2f, goroutines ×%.2f\n",
			r.Growth["heap_inuse_bytes"], r.Growth["rss_bytes"], r.Growth["goroutines"])
	}
	for _, f := range r.Failures {
		fmt.Fprintf(w, "FAIL: %s\n", f)
	}
	if len(r.Failures) == 0 && r.Rate > 0 {
		fmt.Fprintln(w, "no growth: pass")
	}
}
