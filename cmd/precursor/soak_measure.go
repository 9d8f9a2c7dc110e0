package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/precursorwatch/precursor/internal/embedded"
	"github.com/precursorwatch/precursor/internal/synth"
)

// soakSample is one reading of the child's own metrics.
type soakSample struct {
	Seconds    float64 `json:"seconds"` // since the measurement started
	Consumed   float64 `json:"consumed"`
	Lag        float64 `json:"lag"`
	HeapInuse  float64 `json:"heap_inuse_bytes"`
	Goroutines float64 `json:"goroutines"`
	RSS        float64 `json:"rss_bytes"`
	// latency is the end_to_end_latency_seconds histogram at this point.
	latency *dto.Histogram
}

// waitReady polls the child's /readyz until it answers 200.
func (c *soakChild) waitReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		if err, gone := c.exited(); gone {
			return err
		}
		resp, err := http.Get(c.readyURL)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("child not ready after %v; its log: %s", timeout, c.log)
		}
		if !sleepCtx(ctx, 100*time.Millisecond) {
			return ctx.Err()
		}
	}
}

// sample scrapes the child's /metrics.
func (c *soakChild) sample(since time.Time) (soakSample, error) {
	s := soakSample{Seconds: time.Since(since).Seconds()}
	resp, err := http.Get(c.metricsURL)
	if err != nil {
		return s, fmt.Errorf("scrape child: %w", err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		return s, fmt.Errorf("scrape child: %w", err)
	}
	one := func(name string) float64 {
		mf := mfs[name]
		if mf == nil || len(mf.Metric) == 0 {
			return 0
		}
		m := mf.Metric[0]
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		}
		return 0
	}
	s.Consumed = one("precursor_manifests_consumed_total")
	s.Lag = one("precursor_consumer_lag_messages")
	s.HeapInuse = one("go_memstats_heap_inuse_bytes")
	s.Goroutines = one("go_goroutines")
	s.RSS = one("process_resident_memory_bytes")
	if mf := mfs["precursor_end_to_end_latency_seconds"]; mf != nil && len(mf.Metric) > 0 {
		s.latency = mf.Metric[0].Histogram
	}
	return s, nil
}

// peakRSS reads the child's peak resident set (VmHWM) from /proc; 0 where
// there is no /proc.
func (c *soakChild) peakRSS() float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb * 1024
		}
	}
	return 0
}

// measurePeak times the child through a preloaded topic and records its
// peak RSS: the full-speed figures.
func measurePeak(ctx context.Context, f soakFlags, ch *soakChild, rep *soakReport, s stdio) error {
	start := time.Now()
	tick := time.NewTicker(f.every)
	defer tick.Stop()
	poll := time.NewTicker(20 * time.Millisecond)
	defer poll.Stop()
	for {
		smp, err := ch.sample(start)
		if err != nil {
			return err
		}
		rep.PeakRSS = max(rep.PeakRSS, ch.peakRSS())
		if smp.Consumed >= float64(f.count) {
			rep.Samples = append(rep.Samples, smp)
			rep.Seconds = smp.Seconds
			rep.PerSecond = smp.Consumed / smp.Seconds
			return nil
		}
		if err, gone := ch.exited(); gone {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
			rep.Samples = append(rep.Samples, smp)
			fmt.Fprintf(s.err, "soak: %.0f s: %.0f consumed\n", smp.Seconds, smp.Consumed)
		case <-poll.C:
		}
	}
}

// measureSteady feeds the input topic at f.rate for f.duration, sampling
// the child every f.every, then waits for it to catch up.
func measureSteady(ctx context.Context, f soakFlags, addrs []string, topic string, gen *synth.Generator, ch *soakChild, rep *soakReport, s stdio) error {
	prod, err := embedded.NewProducer(addrs, topic)
	if err != nil {
		return err
	}
	defer prod.Close()
	const feedEvery = 10 * time.Millisecond
	start := time.Now()
	feed, sample := time.NewTicker(feedEvery), time.NewTicker(f.every)
	defer feed.Stop()
	defer sample.Stop()
	var sent, due float64
	for time.Since(start) < f.duration {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-feed.C:
			// Catch up on ticks the machine's load made us miss: the rate
			// is a rate over time, not per tick.
			due = time.Since(start).Seconds() * float64(f.rate)
			for ; sent < due; sent++ {
				e := gen.Next()
				if err := prod.Send(ctx, e.Key, e.Value); err != nil {
					return err
				}
			}
		case <-sample.C:
			if err, gone := ch.exited(); gone {
				return err
			}
			smp, err := ch.sample(start)
			if err != nil {
				return err
			}
			rep.Samples = append(rep.Samples, smp)
			rep.PeakRSS = max(rep.PeakRSS, ch.peakRSS())
			fmt.Fprintf(s.err, "soak: %4.0f s: consumed %.0f, lag %.0f, heap in use %s, goroutines %.0f, rss %s\n",
				smp.Seconds, smp.Consumed, smp.Lag, mib(uint64(smp.HeapInuse)), smp.Goroutines, mib(uint64(smp.RSS)))
		}
	}
	if err := prod.Flush(ctx); err != nil {
		return err
	}
	rep.Produced = prod.Acked()
	return waitCaughtUp(ctx, f, ch, rep, start)
}

// waitCaughtUp waits until the child has consumed everything produced.
func waitCaughtUp(ctx context.Context, f soakFlags, ch *soakChild, rep *soakReport, start time.Time) error {
	deadline := time.Now().Add(f.drainTimeout)
	for {
		smp, err := ch.sample(start)
		if err != nil {
			return err
		}
		if smp.Consumed >= float64(rep.Produced) {
			rep.Seconds = smp.Seconds
			rep.Consumed = smp.Consumed
			rep.PeakRSS = max(rep.PeakRSS, ch.peakRSS())
			return nil
		}
		if time.Now().After(deadline) {
			rep.Consumed = smp.Consumed
			rep.Failures = append(rep.Failures, fmt.Sprintf("the child consumed %.0f of %d events within %v of the feed's end: it does not keep up with %d/s",
				smp.Consumed, rep.Produced, f.drainTimeout, f.rate))
			return nil
		}
		if !sleepCtx(ctx, 200*time.Millisecond) {
			return ctx.Err()
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
