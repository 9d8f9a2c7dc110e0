package pipeline

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

func TestHTTPEndpoints(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	m.Consumed.Add(3)
	ready, why := false, "not yet joined consumer group g"
	healthy, sick := true, ""
	srv := httptest.NewServer(newHandler(reg, func() (bool, string) { return ready, why }, func() (bool, string) { return healthy, sick }))
	defer srv.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("/healthz = %d, want 200", code)
	}
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "not yet joined") {
		t.Errorf("/readyz before ready = %d %q, want 503 with the reason", code, body)
	}
	ready, why = true, "ready"
	if code, _ := get("/readyz"); code != 200 {
		t.Errorf("/readyz when ready = %d, want 200", code)
	}
	if code, body := get("/metrics"); code != 200 || !strings.Contains(body, "precursor_manifests_consumed_total 3") {
		t.Errorf("/metrics = %d, lacks the consumed counter", code)
	}
}

func TestReadyReasons(t *testing.T) {
	p := &Pipeline{cfg: DefaultConfig(), reloader: &reloader{}}
	if ok, why := p.ready(); ok || why != "not running" {
		t.Errorf("ready() = %v %q before Run", ok, why)
	}
	p.running.Store(true)
	if ok, why := p.ready(); ok || why != "rules not loaded" {
		t.Errorf("ready() = %v %q without rules", ok, why)
	}
	p.reloader.cur.Store(&evaluatorBox{&fakeEvaluator{version: "1"}})
	if ok, _ := p.ready(); ok {
		t.Error("ready before joining the group")
	}
	p.counts.joined.Store(true)
	p.counts.fetchOK.Store(false)
	if ok, why := p.ready(); ok || !strings.Contains(why, "failing") {
		t.Errorf("ready() = %v %q while fetches fail", ok, why)
	}
	p.counts.fetchOK.Store(true)
	p.counts.brokersDown.Store(true)
	if ok, why := p.ready(); ok || !strings.Contains(why, "unreachable") {
		t.Errorf("ready() = %v %q while brokers are unreachable", ok, why)
	}
	p.counts.brokersDown.Store(false)
	if ok, _ := p.ready(); !ok {
		t.Error("not ready when running, loaded, joined and fetching")
	}
}
