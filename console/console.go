package console

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/console/store"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"
	"golang.org/x/sync/errgroup"
)

// Options are what a caller may hand a console besides its Config.
type Options struct {
	// Logger receives operational messages and the audit log of
	// dispositions (lines with audit=true). Default: discard.
	Logger *slog.Logger
	// Registry serves /metrics. Default: a new registry with the
	// console's metrics only.
	Registry *prometheus.Registry
	// Accounts, when not nil, are added to those of Config.AccountsFile
	// (name -> bcrypt hash): the demo's generated account.
	Accounts map[string][]byte
}

// errNoIdentity refuses a console that could not tell who decides.
var errNoIdentity = errors.New("no way to identify analysts: give an accounts file with at least one account, or a proxy header with trusted proxies")

// Console is a configured triage console. Run it once.
type Console struct {
	cfg     Config
	log     *slog.Logger
	st      *store.Store
	cat     *chemicals.Catalog
	auth    *auth
	metrics *Metrics
	reg     *prometheus.Registry
	writer  *kafka.Writer
	pages   *pages
	tls     *tls.Config
	addr    atomic.Pointer[string]
	// afterBatch is called after each stored ingest batch (tests).
	afterBatch func()
}

// New checks the configuration, loads accounts and catalog and opens the
// store. Nothing connects to Kafka until Run.
func New(cfg Config, opts Options) (*Console, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c := &Console{cfg: cfg, log: opts.Logger, reg: opts.Registry}
	if c.log == nil {
		c.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.reg == nil {
		c.reg = prometheus.NewRegistry()
	}
	acc, err := loadAccounts(cfg.AccountsFile)
	if err != nil {
		return nil, err
	}
	for name, h := range opts.Accounts {
		acc[name] = h
	}
	if len(acc) == 0 && cfg.ProxyHeader == "" {
		return nil, errNoIdentity
	}
	proxies, _ := parseCIDRs(cfg.TrustedProxies) // validated
	if c.cat, err = loadCatalog(cfg.CatalogFile); err != nil {
		return nil, err
	}
	if cfg.TLSCertFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCertFile, cfg.TLSKeyFile)
		if err != nil {
			return nil, fmt.Errorf("tls: %w", err)
		}
		c.tls = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	c.auth = newAuth(acc, cfg.ProxyHeader, proxies, cfg.SessionTTL, c.tls != nil)
	if c.pages, err = parsePages(); err != nil {
		return nil, err
	}
	c.metrics = NewMetrics(c.reg)
	if c.st, err = store.Open(context.Background(), cfg.StorePath); err != nil {
		return nil, err
	}
	c.metrics.rules.setSource(c.st.Tally)
	c.writer = newWriter(cfg)
	return c, nil
}

func loadCatalog(path string) (*chemicals.Catalog, error) {
	if path == "" {
		return chemicals.Default()
	}
	return chemicals.LoadFile(path)
}

// Addr is the address the HTTP server listens on, "" before it does.
func (c *Console) Addr() string {
	if p := c.addr.Load(); p != nil {
		return *p
	}
	return ""
}

// Run serves the console and ingests the topics until ctx ends, then
// shuts down within the configured timeout and closes the store.
func (c *Console) Run(ctx context.Context) error {
	defer c.st.Close()
	defer c.writer.Close()
	ln, err := net.Listen("tcp", c.cfg.Listen)
	if err != nil {
		return fmt.Errorf("console: %w", err)
	}
	addr := ln.Addr().String()
	c.addr.Store(&addr)
	srv := &http.Server{Handler: c.handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, TLSConfig: c.tls,
		ErrorLog: slog.NewLogLogger(c.log.Handler(), slog.LevelWarn)}
	scheme := "http"
	if c.tls != nil {
		scheme = "https"
	}
	c.log.Info("console listening", "url", scheme+"://"+addr, "store", c.st.Path(), "group", c.cfg.GroupPrefix+"-"+c.st.ID())
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		var err error
		if c.tls != nil {
			err = srv.ServeTLS(ln, "", "")
		} else {
			err = srv.Serve(ln)
		}
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("console http: %w", err)
	})
	g.Go(func() error {
		<-gctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.ShutdownTimeout)
		defer cancel()
		return srv.Shutdown(sctx)
	})
	g.Go(func() error { return c.ingest(gctx) })
	return g.Wait()
}

// ingest creates the dispositions topic if asked, then reads both topics
// into the store until ctx ends.
func (c *Console) ingest(ctx context.Context) error {
	if c.cfg.CreateTopic {
		if err := ensureTopic(ctx, c.cfg, c.log); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
	}
	r, err := newReader(c.cfg, c.st.ID())
	if err != nil {
		return err
	}
	defer r.Close()
	in := &ingester{src: r, st: c.st, alertsTopic: c.cfg.AlertsTopic, dispTopic: c.cfg.DispositionsTopic,
		batchSize: c.cfg.BatchSize, batchWait: c.cfg.BatchWait, log: c.log, metrics: c.metrics,
		onBatch: func() {
			c.metrics.rules.invalidate()
			if c.afterBatch != nil {
				c.afterBatch()
			}
		}}
	return in.run(ctx)
}
