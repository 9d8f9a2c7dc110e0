package structure

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func httpClient(t *testing.T, url string, cfg Config) (*Client, *Stats) {
	t.Helper()
	st := &Stats{}
	cfg.URL, cfg.Observer = url, st
	c, err := New(cfg, testPatterns)
	if err != nil {
		t.Fatal(err)
	}
	return c, st
}

func TestHTTPResolve(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/resolve" || r.Method != http.MethodPost {
			http.Error(w, "wrong endpoint", http.StatusNotFound)
			return
		}
		fmt.Fprint(w, `{"results":[{"status":"ok","smiles":"O=C1CCNCC1","inchi":"InChI=1S/C5H9NO/c7-5-1-3-6-4-2-5/h6H,1-4H2","inchikey":"VRJHQPZVIGNGMX-UHFFFAOYSA-N","formula":"C5H9NO","matches":["4-ap/core","unknown/id"]}],"pattern_errors":[]}`)
	}))
	defer srv.Close()
	c, _ := httpClient(t, srv.URL+"/", Config{})
	s, err := c.Resolve(context.Background(), "piperidin-4-one")
	if err != nil {
		t.Fatal(err)
	}
	if s.SMILES != "O=C1CCNCC1" || s.InChIKey != "VRJHQPZVIGNGMX-UHFFFAOYSA-N" || s.Formula != "C5H9NO" ||
		len(s.Matches) != 1 || s.Matches[0].ID != "4-ap/core" {
		t.Errorf("structure = %+v", s)
	}
}

func TestHTTPResolverDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close()
	c, st := httpClient(t, url, Config{BreakerFailures: 2})
	start := time.Now()
	for range 5 {
		if _, err := c.Resolve(context.Background(), "piperidin-4-one"); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("err = %v, want ErrUnavailable", err)
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("5 calls to a closed port took %v", d)
	}
	snap := st.Snapshot()
	if snap.Outcomes[OutcomeError] != 2 || snap.Outcomes[OutcomeRejected] != 3 || snap.Breaker != BreakerOpen {
		t.Errorf("stats = %+v, want 2 errors then the breaker open", snap)
	}
}

func TestHTTPResolverSlow(t *testing.T) {
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-stop:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(stop)
	c, st := httpClient(t, srv.URL, Config{Timeout: 50 * time.Millisecond})
	start := time.Now()
	_, err := c.Resolve(context.Background(), "piperidin-4-one")
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("a 50ms timeout took %v", d)
	}
	if st.Snapshot().Outcomes[OutcomeTimeout] != 1 {
		t.Errorf("stats = %+v", st.Snapshot())
	}
}

func TestHTTPResolverBadAnswers(t *testing.T) {
	tests := []struct {
		name, body string
		code       int
		want       error
		msg        string
	}{
		{"overloaded", `{"error":"resolver overloaded: all workers busy"}`, 503, ErrUnavailable, "overloaded"},
		{"bad request", `{"error":"query 0: length 400 outside 1..300"}`, 400, ErrRefused, "length 400"},
		{"not json", `<html>`, 200, ErrUnavailable, "decode resolver response"},
		{"short", `{"results":[]}`, 200, ErrUnavailable, "0 results for 1 queries"},
		{"plain error", `upstream gone`, 502, ErrUnavailable, "upstream gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.code)
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			c, _ := httpClient(t, srv.URL, Config{})
			_, err := c.Resolve(context.Background(), "piperidin-4-one")
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want %v containing %q", err, tt.want, tt.msg)
			}
		})
	}
}

func TestHealthy(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	if err := newHTTPBackend(srv.URL, 1).healthy(context.Background()); err != nil {
		t.Error(err)
	}
	if err := newHTTPBackend(srv.URL+"/nothing/", 1).healthy(context.Background()); err == nil {
		t.Error("unhealthy answer accepted")
	}
}
