//go:build structure

package structure

import (
	"context"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLatencyAndMemory measures a fresh resolver process: the first request
// (JVM just started), per-name latency uncached and cached (p50/p99, one
// request at a time, every catalog pattern tested), and the process's
// resident memory. Figures go to the log for docs/structure.md; the test
// fails only on gross regressions.
func TestLatencyAndMemory(t *testing.T) {
	p, err := Start(context.Background(), StartConfig{Jar: resolverJar(), Stderr: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop(5 * time.Second)
	c, st := realClient(t, p.URL, Config{Timeout: 10 * time.Second, CacheSize: 100000})
	names := distinctNames(120)
	for _, path := range []string{"testdata/dev/names.tsv", "testdata/heldout/names.tsv"} {
		for _, r := range evalSet(t, path) {
			names = append(names, r.name)
		}
	}
	ctx := context.Background()
	first := timeResolve(t, c, ctx, "tert-butyl 4-oxopiperidine-1-carboxylate")
	var cold, cached []time.Duration
	for _, n := range names {
		cold = append(cold, timeResolve(t, c, ctx, n))
	}
	for _, n := range names {
		cached = append(cached, timeResolve(t, c, ctx, n))
	}
	rss, hwm := procMemory(t, p.PID())
	t.Logf("first request after start %v; %d names uncached p50 %v p99 %v; cached p50 %v p99 %v; resolver RSS %d MiB (peak %d MiB); stats %+v",
		first.Round(time.Millisecond), len(names), pct(cold, 50), pct(cold, 99), pct(cached, 50), pct(cached, 99), rss>>10, hwm>>10, st.Snapshot())
	if pct(cold, 50) > 200*time.Millisecond || pct(cached, 99) > time.Millisecond {
		t.Errorf("latency regression: uncached p50 %v, cached p99 %v", pct(cold, 50), pct(cached, 99))
	}
}

func timeResolve(t *testing.T, c *Client, ctx context.Context, name string) time.Duration {
	start := time.Now()
	if _, err := c.Resolve(ctx, name); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return time.Since(start)
}

func pct(ds []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))].Round(time.Microsecond)
}

// procMemory returns VmRSS and VmHWM of a process in KiB.
func procMemory(t *testing.T, pid int) (rss, hwm int64) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = n
		case "VmHWM:":
			hwm = n
		}
	}
	return rss, hwm
}
