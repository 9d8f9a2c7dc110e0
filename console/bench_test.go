package console

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/console/disposition"
	"github.com/precursorwatch/precursor/console/store"
	"github.com/precursorwatch/precursor/rules"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"
	"golang.org/x/crypto/bcrypt"
)

// variedAlerts returns n alerts made from real ones (synthetic risky
// manifests scored by the default rules) with distinct ids, shipments,
// event times over a year and parties from a pool of 5,000 names.
func variedAlerts(tb testing.TB, n int, minimal bool) []*rules.Alert {
	tb.Helper()
	var base []*rules.Alert
	for _, data := range testAlertsJSON(tb, 300) {
		var a rules.Alert
		if err := json.Unmarshal(data, &a); err != nil {
			tb.Fatal(err)
		}
		base = append(base, &a)
	}
	t0 := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	out := make([]*rules.Alert, n)
	for i := range out {
		a := *base[i%len(base)]
		if minimal {
			a = *a.Minimal()
		}
		a.ID = fmt.Sprintf("%032x", i+1)
		a.ShipmentID = "BENCH-" + strconv.Itoa(i)
		a.EventTime = t0.Add(time.Duration(i) * 31 * time.Second)
		a.Parties.Shipper.Name = fmt.Sprintf("Shipper %d Chemical Co., Ltd.", (i*7919)%5000)
		a.Parties.Consignee.Name = fmt.Sprintf("Consignee %d SA de CV", (i*104729)%5000)
		out[i] = &a
	}
	return out
}

// BenchmarkIngest measures what the console does with a fetched batch of
// 1,000 alert records: decode each alert and store the batch in one
// transaction (indexes, filter terms, party search). Kafka is not in it.
func BenchmarkIngest(b *testing.B) {
	alerts := variedAlerts(b, 20000, false)
	msgs := make([]kafka.Message, len(alerts))
	for i, a := range alerts {
		msgs[i] = kafka.Message{Topic: testAlerts, Value: a.AppendJSON(nil)}
	}
	st, err := store.Open(context.Background(), "")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	in := &ingester{st: st, alertsTopic: testAlerts, dispTopic: testDispositions,
		log: slog.New(slog.NewTextHandler(io.Discard, nil)), metrics: NewMetrics(nopRegisterer{})}
	const batch = 1000
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	done := 0
	for done < b.N {
		k := min(batch, b.N-done)
		part := make([]kafka.Message, k)
		for j := range part {
			m := msgs[(done+j)%len(msgs)]
			if done+j >= len(msgs) { // a new id: every record is stored, none is a duplicate
				var a rules.Alert
				json.Unmarshal(m.Value, &a)
				a.ID = fmt.Sprintf("%032x", done+j+1)
				m.Value = a.AppendJSON(nil)
			}
			part[j] = m
		}
		if err := in.store(context.Background(), part); err != nil {
			b.Fatal(err)
		}
		done += k
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "alerts/s")
	b.ReportMetric(float64(b.N)/(cpuTime()-cpu0).Seconds(), "alerts/cpu-s")
}

// cpuTime is the CPU time this process has used: on a shared machine,
// throughput per CPU-second is the figure that does not depend on the
// neighbours.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchStoreAlerts is the size of the queue benchmark's store.
func benchStoreAlerts() int {
	if n, err := strconv.Atoi(os.Getenv("PRECURSOR_BENCH_ALERTS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

var benchStore struct {
	once sync.Once
	path string
	err  error
}

// queueBenchStore builds, once per machine (it is kept in the temporary
// directory), a store of benchStoreAlerts alerts with 2% decided. Its
// alert_json rows hold minimal alerts (under 1 KB) to keep the file small:
// the queue never reads that table.
func queueBenchStore(b *testing.B) string {
	benchStore.once.Do(func() {
		n := benchStoreAlerts()
		benchStore.path = filepath.Join(os.TempDir(), fmt.Sprintf("precursor-console-bench-%d-v5.db", n))
		if _, err := os.Stat(benchStore.path + ".done"); err == nil {
			return
		}
		os.Remove(benchStore.path)
		start := time.Now()
		st, err := store.Open(context.Background(), benchStore.path)
		if err != nil {
			benchStore.err = err
			return
		}
		defer st.Close()
		const chunk = 20000
		for at := 0; at < n; at += chunk {
			k := min(chunk, n-at)
			batch := make([]store.Alert, 0, k)
			for i, a := range variedAlerts(b, k, true) {
				a.ID = fmt.Sprintf("%032x", at+i+1)
				a.ShipmentID = "BENCH-" + strconv.Itoa(at+i)
				a.EventTime = a.EventTime.Add(time.Duration(at) * 31 * time.Second)
				sa, err := decodeAlert(a.AppendJSON(nil))
				if err != nil {
					benchStore.err = err
					return
				}
				batch = append(batch, sa)
			}
			if _, err := st.AddAlerts(context.Background(), batch); err != nil {
				benchStore.err = err
				return
			}
		}
		for i := 0; i < n; i += 50 {
			d := disposition.Disposition{AlertID: fmt.Sprintf("%032x", i+1), Outcome: disposition.Outcomes[i%4],
				Analyst: "bench", At: time.Now(), Rules: []string{"FEN-001"}}
			if _, err := st.ApplyDisposition(context.Background(), d); err != nil {
				benchStore.err = err
				return
			}
		}
		b.Logf("built a store of %d alerts in %v (%.0f alerts/s)", n, time.Since(start), float64(n)/time.Since(start).Seconds())
		os.WriteFile(benchStore.path+".done", nil, 0o644)
	})
	if benchStore.err != nil {
		b.Fatal(benchStore.err)
	}
	return benchStore.path
}

// BenchmarkQueue measures the queue page (the whole handler: session,
// query, template) on a store of one million alerts.
func BenchmarkQueue(b *testing.B) {
	path := queueBenchStore(b)
	hash, _ := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	cfg := DefaultConfig()
	cfg.Brokers, cfg.StorePath = []string{"127.0.0.1:9"}, path
	c, err := New(cfg, Options{Accounts: map[string][]byte{testUser: hash}})
	if err != nil {
		b.Fatal(err)
	}
	defer c.st.Close()
	h := c.handler()
	rec := httptest.NewRecorder()
	c.auth.login(rec, testUser, testPassword)
	cookie := rec.Result().Cookies()[0]
	for _, q := range []struct{ name, query string }{
		{"open", "/"},
		{"severity", "/?severity=high"},
		{"rule", "/?rule=FEN-002"},
		{"chemical", "/?chemical=ephedrine"},
		{"lane", "/?origin=IN&destination=US"},
		{"party", "/?party=shipper+4242"},
		{"shipment", "/?q=BENCH-777777"},
		{"all-page-20", "/?status=all&offset=1000"},
		{"confirmed", "/?status=confirmed"},
		{"date", "/?from=2025-09-01&to=2025-09-02"},
		{"rule-lane-critical", "/?rule=FEN-003&origin=IN&destination=US&severity=critical"},
		{"low-rule", "/?rule=DEC-002"},
		{"destination", "/?destination=CA"},
	} {
		b.Run(q.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, q.query, nil)
			req.AddCookie(cookie)
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", q.query, w.Code)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/page")
		})
	}
}

// BenchmarkNext measures finding the next open alert after a decision,
// on the same store.
func BenchmarkNext(b *testing.B) {
	st, err := store.Open(context.Background(), queueBenchStore(b))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for i := 0; b.Loop(); i++ {
		if _, err := st.Next(context.Background(), fmt.Sprintf("%032x", 1+(i*7919)%benchStoreAlerts())); err != nil {
			b.Fatal(err)
		}
	}
}

// nopRegisterer registers nothing (benchmarks build metrics repeatedly).
type nopRegisterer struct{}

func (nopRegisterer) Register(prometheusCollector) error  { return nil }
func (nopRegisterer) MustRegister(...prometheusCollector) {}
func (nopRegisterer) Unregister(prometheusCollector) bool { return true }

type prometheusCollector = prometheus.Collector
