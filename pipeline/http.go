package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/exporter-toolkit/web"
)

// newHandler serves the operational endpoints:
//
//	/healthz  200 while the process runs and the loop is not stalled, else 503
//	/readyz   200 once the group is joined and rules are loaded, else 503
//	/metrics  Prometheus exposition of gatherer
func newHandler(g prometheus.Gatherer, ready, healthy func() (bool, string)) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		ok, why := healthy()
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		fmt.Fprintln(w, why)
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		ok, why := ready()
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		fmt.Fprintln(w, why)
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(g, promhttp.HandlerOpts{}))
	return mux
}

// httpShutdownTimeout bounds how long open HTTP requests may finish after
// the pipeline stops.
const httpShutdownTimeout = 2 * time.Second

// serveHTTP serves h on ln until ctx ends, through exporter-toolkit's web
// package: with webConfig "" plain HTTP, else the TLS, basic auth,
// headers and rate limit of that web configuration file (see web.go).
func serveHTTP(ctx context.Context, ln net.Listener, h http.Handler, webConfig string, log *slog.Logger) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	flags := &web.FlagConfig{WebListenAddresses: &[]string{ln.Addr().String()}, WebConfigFile: &webConfig}
	errc := make(chan error, 1)
	go func() { errc <- web.Serve(ln, srv, flags, log) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http: %s", redactWebError(err))
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), httpShutdownTimeout)
	defer cancel()
	_ = srv.Shutdown(sctx)
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http: %s", redactWebError(err))
	}
	return nil
}
