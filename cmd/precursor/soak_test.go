package main

import (
	"math"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
)

func TestSoakGrowthCheck(t *testing.T) {
	flat := func(i int) soakSample {
		return soakSample{HeapInuse: 20 << 20, RSS: 50 << 20, Goroutines: 49 + float64(i%2)}
	}
	tests := []struct {
		name   string
		sample func(i int) soakSample
		fail   string // substring of the failure, "" for none
	}{
		{"flat with noise", flat, ""},
		{"heap leak", func(i int) soakSample { s := flat(i); s.HeapInuse += float64(i) * (4 << 20); return s }, "heap_inuse_bytes grew"},
		{"rss leak", func(i int) soakSample { s := flat(i); s.RSS += float64(i) * (8 << 20); return s }, "rss_bytes grew"},
		{"goroutine leak", func(i int) soakSample { s := flat(i); s.Goroutines += float64(3 * i); return s }, "goroutines grew"},
		{"a high start-up only", func(i int) soakSample {
			s := flat(i)
			if i < 2 {
				s.HeapInuse *= 4
			}
			return s
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &soakReport{Rate: 100}
			for i := range 20 {
				r.Samples = append(r.Samples, tc.sample(i))
			}
			r.analyze(0.2, 0.25)
			got := strings.Join(r.Failures, "; ")
			if tc.fail == "" && got != "" || tc.fail != "" && !strings.Contains(got, tc.fail) {
				t.Errorf("failures %q, want %q", got, tc.fail)
			}
		})
	}
	short := &soakReport{Rate: 100, Samples: make([]soakSample, 3)}
	short.analyze(0.2, 0.25)
	if len(short.Failures) == 0 {
		t.Error("three samples judged; want a failure saying they are too few")
	}
}

func TestHistogramQuantile(t *testing.T) {
	hist := func(count uint64, cum ...uint64) *dto.Histogram {
		h := &dto.Histogram{SampleCount: &count}
		for i, c := range cum {
			upper, c := float64(i+1)/10, c
			h.Bucket = append(h.Bucket, &dto.Bucket{UpperBound: &upper, CumulativeCount: &c})
		}
		return h
	}
	// 100 observations between the readings: 50 in (0, 0.1], 40 in
	// (0.1, 0.2], 10 in (0.2, 0.3].
	from := hist(10, 5, 10, 10)
	to := hist(110, 55, 100, 110)
	for _, tc := range []struct{ q, want float64 }{
		{0.5, 0.1},
		{0.7, 0.15},
		{0.99, 0.29},
	} {
		if got := histogramQuantile(tc.q, from, to); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("q%v = %v, want %v", tc.q, got, tc.want)
		}
	}
	if got := histogramQuantile(0.5, nil, hist(0, 0, 0, 0)); got != 0 {
		t.Errorf("empty histogram: q0.5 = %v, want 0", got)
	}
}
