package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"syscall"
	"time"
)

// phaseResult is what one measured phase cost.
type phaseResult struct {
	Messages  int64   `json:"messages"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"per_second"`
	// CPUSeconds is user+system CPU time of the whole process (broker,
	// clients and pipeline) during the phase; CPUCores is that over the
	// wall time.
	CPUSeconds float64 `json:"cpu_seconds"`
	CPUCores   float64 `json:"cpu_cores"`
	// PerCPUSecond is messages per CPU second: the throughput the phase
	// would reach if it had the machine to itself and used it fully.
	PerCPUSecond float64 `json:"per_cpu_second"`
	// HeapPeakBytes is the highest sampled Go heap (live and unswept
	// objects) during the phase; HeapBaseBytes the heap after a GC just
	// before it, which includes the broker's in-memory log.
	HeapPeakBytes uint64 `json:"heap_peak_bytes"`
	HeapBaseBytes uint64 `json:"heap_base_bytes"`
	// MaxRSSBytes is the process's peak resident set so far (getrusage).
	MaxRSSBytes int64 `json:"max_rss_bytes"`
	// PageFaults counts the minor page faults of the process during the
	// phase: each is the kernel handing over (and zeroing) a fresh page,
	// CPU time that shows in a profile as whatever first touched it.
	PageFaults int64 `json:"page_faults"`
}

// heapSampleEvery is the heap sampling period.
const heapSampleEvery = 5 * time.Millisecond

// measure runs fn and records its wall time, CPU time and memory. fn may
// call mark to end the measured interval early (before its own cleanup).
func measure(ctx context.Context, _ string, fn func(ctx context.Context, mark func()) (int64, error)) (phaseResult, error) {
	runtime.GC()
	var res phaseResult
	res.HeapBaseBytes = heapBytes()
	sampler := startHeapSampler()
	u0, start := usage(), time.Now()
	var once sync.Once
	var u1 procUsage
	var end time.Time
	mark := func() { once.Do(func() { end, u1 = time.Now(), usage() }) }
	n, err := fn(ctx, mark)
	mark()
	res.HeapPeakBytes = sampler.stop()
	res.Messages = n
	res.Seconds = end.Sub(start).Seconds()
	res.CPUSeconds = u1.cpuSeconds - u0.cpuSeconds
	res.PageFaults = u1.pageFaults - u0.pageFaults
	if res.Seconds > 0 {
		res.PerSecond = float64(n) / res.Seconds
		res.CPUCores = res.CPUSeconds / res.Seconds
	}
	if res.CPUSeconds > 0 {
		res.PerCPUSecond = float64(n) / res.CPUSeconds
	}
	res.MaxRSSBytes = usage().maxRSSBytes
	return res, err
}

// heapSampler records the peak of heapBytes in the background.
type heapSampler struct {
	done chan struct{}
	peak chan uint64
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{done: make(chan struct{}), peak: make(chan uint64, 1)}
	go func() {
		tick := time.NewTicker(heapSampleEvery)
		defer tick.Stop()
		var peak uint64
		for {
			peak = max(peak, heapBytes())
			select {
			case <-h.done:
				h.peak <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) stop() uint64 {
	close(h.done)
	return <-h.peak
}

var heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

// heapBytes reads the Go heap size without stopping the world.
func heapBytes() uint64 {
	s := make([]metrics.Sample, len(heapSample))
	copy(s, heapSample)
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// procUsage is what getrusage says of the process so far.
type procUsage struct {
	cpuSeconds  float64 // user+system CPU time
	pageFaults  int64   // minor page faults
	maxRSSBytes int64   // peak resident set (Linux reports kilobytes)
}

func usage() procUsage {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return procUsage{}
	}
	return procUsage{cpuSeconds: tv(ru.Utime) + tv(ru.Stime), pageFaults: ru.Minflt, maxRSSBytes: int64(ru.Maxrss) * 1024}
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

func gomaxprocs() int { return runtime.GOMAXPROCS(0) }

// printBench writes the human-readable report.
func printBench(w io.Writer, r *benchReport) {
	fmt.Fprintf(w, "precursor bench: %d manifests (avg %.0f bytes), %d partitions, GOMAXPROCS %d, embedded broker in-process\n\n",
		r.Count, r.AvgBytes, r.Partitions, r.GoMaxProcs)
	fmt.Fprintf(w, "%-9s %10s %9s %10s %9s %7s %12s %11s %11s %11s %11s\n", "phase", "messages", "seconds", "msgs/s", "cpu s", "cores", "msgs/cpu-s", "faults/msg", "heap base", "heap peak", "max rss")
	for _, p := range []struct {
		name string
		r    phaseResult
	}{{"preload", r.Preload}, {"raw", r.Raw}, {"pipeline", r.Pipeline}} {
		faults := 0.0
		if p.r.Messages > 0 {
			faults = float64(p.r.PageFaults) / float64(p.r.Messages)
		}
		fmt.Fprintf(w, "%-9s %10d %9.2f %10.0f %9.2f %7.2f %12.0f %11.2f %11s %11s %11s\n", p.name, p.r.Messages, p.r.Seconds, p.r.PerSecond,
			p.r.CPUSeconds, p.r.CPUCores, p.r.PerCPUSecond, faults, mib(p.r.HeapBaseBytes), mib(p.r.HeapPeakBytes), mib(uint64(p.r.MaxRSSBytes)))
	}
	verdict := "meets"
	if r.Ratio < r.Target {
		verdict = "BELOW"
	}
	fmt.Fprintf(w, "\npipeline/raw = %.2f (%s the %.0f%% target); per CPU second %.2f; pipeline wrote %d alerts and %d dead letters\n",
		r.Ratio, verdict, 100*r.Target, r.CPURatio, r.Alerts, r.DeadLetters)
	if r.Raw.CPUCores < 0.5*float64(r.GoMaxProcs) && r.Pipeline.CPUCores < 0.5*float64(r.GoMaxProcs) {
		fmt.Fprintf(w, "note: both phases used under half of the %d cores; on a busy machine the per-CPU-second ratio is the steadier figure.\n", r.GoMaxProcs)
	}
	if len(r.Rounds) > 1 {
		fmt.Fprintf(w, "rounds (the median one is shown above):")
		for i, rd := range r.Rounds {
			fmt.Fprintf(w, " %d: %.2f (cpu %.2f);", i+1, rd.Ratio, rd.CPURatio)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "raw: kafka-go consumer group, FetchMessage + CommitMessages per batch, no processing.\n")
	fmt.Fprintf(w, "pipeline: decode, enrich, score, write alerts/dead letters (acks=all), commit; timed until every offset is committed.\n")
}

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
