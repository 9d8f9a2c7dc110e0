package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"
	"golang.org/x/sync/errgroup"
)

// Pipeline is the screening service: one consumer-group member with its
// writers, reload coordinator, poller and HTTP endpoints.
type Pipeline struct {
	cfg      Config
	sec      security // TLS config and SASL mechanism, built by New
	log      *slog.Logger
	metrics  *Metrics
	gatherer prometheus.Gatherer
	reloader *reloader
	counts   counters
	// candidate: a candidate pack is evaluated, and its alerts written to
	// Topics.CandidateAlerts.
	candidate bool
	stall     *stallDetector
	started   atomic.Bool // Run was called
	running   atomic.Bool // Run has not returned yet

	// pollEvery is the poller interval; tests shorten it.
	pollEvery time.Duration
	// tweakReader, when set, adjusts the reader config (tests shorten group
	// timeouts with it).
	tweakReader func(*kafka.ReaderConfig)
	// addr is the HTTP listener address once Run has bound it.
	addr atomic.Pointer[string]
}

// ErrShutdownIncomplete is wrapped by the error Run returns when the drain
// did not finish within ShutdownTimeout: a scored batch was left unwritten
// or uncommitted (Kafka re-delivers it to the next consumer, so nothing is
// lost, but the stop was not clean). `precursor run` then exits non-zero.
// Kafka clients that fail to close after everything was committed are only
// logged.
var ErrShutdownIncomplete = errors.New("shutdown incomplete")

// Stats is a snapshot of a pipeline's progress since New.
type Stats struct {
	Consumed    int64 // events processed and committed
	Alerts      int64 // alerts written
	DeadLetters int64 // dead letters written
	Commits     int64 // offset commits
	Ready       bool  // what /readyz reports
	Lag         int64 // group lag on the input topic at the last poll
}

// New validates cfg, reads the TLS files, loads the party lists and the
// rules and catalog (unless opts.Engine is given; it is given the lists)
// and registers the metrics. It opens no
// connection; Run does. A
// nil opts.Registerer uses a new registry, which then also serves /metrics
// unless opts.Gatherer is set.
func New(cfg Config, opts Options) (*Pipeline, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid config: %w", err)
	}
	sec, err := newSecurity(cfg)
	if err != nil {
		return nil, err
	}
	p := &Pipeline{cfg: cfg, sec: sec, log: opts.Logger, gatherer: opts.Gatherer, pollEvery: pollInterval,
		stall: &stallDetector{after: cfg.StallTimeout}}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	reg := opts.Registerer
	if reg == nil {
		r := prometheus.NewRegistry()
		reg = r
		if p.gatherer == nil {
			p.gatherer = r
		}
	}
	if p.gatherer == nil {
		if g, ok := reg.(prometheus.Gatherer); ok {
			p.gatherer = g
		} else {
			p.gatherer = prometheus.DefaultGatherer
		}
	}
	p.metrics = NewMetrics(reg)
	p.metrics.PartyLists.MaxAge.Set(cfg.ListMaxAge.Seconds())
	st, err := newStructureStage(cfg.Structure, p.metrics.Structure, opts.structureObserver, p.log)
	if err != nil {
		return nil, err
	}
	p.reloader = &reloader{loadLists: listsLoader(cfg), metrics: p.metrics, log: p.log, now: time.Now}
	p.reloader.load = p.reloader.withLists(engineLoader(cfg, st))
	if err := p.reloader.reloadLists(); err != nil {
		return nil, fmt.Errorf("load lists: %w", err)
	}
	ev, err := optionsEvaluator(opts, cfg, st)
	switch {
	case err != nil:
		return nil, err
	case ev != nil:
		p.reloader.install(ev.withLists(p.reloader.lists))
	default:
		if err := p.reloader.reload(); err != nil {
			return nil, err // says whether the catalog, the rules or the candidate failed
		}
	}
	p.candidate = cfg.CandidateRulesDir != "" || opts.Candidate != nil
	return p, nil
}

// Reload reloads the party lists, and the rules and catalog, from the
// configured paths, as SIGHUP does; each is validated and swapped on its
// own. On error what failed stays as it was.
func (p *Pipeline) Reload() error { return p.reloader.reloadAll() }

// Stats returns a snapshot of the pipeline's counters.
func (p *Pipeline) Stats() Stats {
	ready, _ := p.ready()
	return Stats{
		Consumed:    p.counts.consumed.Load(),
		Alerts:      p.counts.alerts.Load(),
		DeadLetters: p.counts.deadLetters.Load(),
		Commits:     p.counts.commits.Load(),
		Ready:       ready,
		Lag:         p.counts.lag.Load(),
	}
}

// HTTPAddr returns the address the HTTP server listens on, once Run has
// bound it ("" before, or when HTTP is disabled). Useful with ":0".
func (p *Pipeline) HTTPAddr() string {
	if a := p.addr.Load(); a != nil {
		return *a
	}
	return ""
}

// ready reports readiness and a short reason for /readyz.
func (p *Pipeline) ready() (bool, string) {
	switch {
	case !p.running.Load():
		return false, "not running"
	case p.reloader.current() == nil:
		return false, "rules not loaded"
	case !p.counts.joined.Load():
		return false, "not yet joined consumer group " + p.cfg.GroupID
	case !p.counts.fetchOK.Load():
		return false, "fetching from kafka is failing"
	case p.counts.brokersDown.Load():
		return false, "kafka brokers unreachable"
	}
	return true, "ready"
}

// Run consumes, scores and emits until ctx ends, then drains: the batch in
// flight is written and committed, the group is left, all within
// ShutdownTimeout. It returns nil after a clean shutdown only; a drain
// that did not finish returns an error wrapping ErrShutdownIncomplete. Run
// may be called once.
func (p *Pipeline) Run(ctx context.Context) error {
	if !p.started.CompareAndSwap(false, true) {
		return errors.New("pipeline: Run called twice")
	}
	p.running.Store(true)
	defer p.running.Store(false)
	p.counts.fetchOK.Store(true)

	var ln net.Listener
	if p.cfg.HTTPListen != "" {
		var err error
		if ln, err = net.Listen("tcp", p.cfg.HTTPListen); err != nil {
			return fmt.Errorf("http listen: %w", err)
		}
		a := ln.Addr().String()
		p.addr.Store(&a)
	}
	tr := p.sec.transport()
	tr.MetadataTTL, tr.MetadataTopics = transportMetadataTTL, p.topics()
	defer tr.CloseIdleConnections()

	g, gctx := errgroup.WithContext(ctx)
	if ln != nil {
		g.Go(func() error {
			return serveHTTP(gctx, ln, newHandler(p.gatherer, p.ready, p.healthy), p.cfg.WebConfigFile, p.log)
		})
	}
	g.Go(func() error { p.readyGauge(gctx); return nil })
	g.Go(func() error { p.watchStall(gctx); return nil })
	p.startWatcher(gctx, g)
	p.startListWatcher(gctx, g)
	g.Go(func() error { return p.consume(gctx, tr, p.sec) })
	err := g.Wait()
	if err != nil && ctx.Err() != nil && errors.Is(err, context.Canceled) && !errors.Is(err, ErrShutdownIncomplete) {
		err = nil // stopped by ctx, cleanly
	}
	return err
}

// startWatcher runs the file watcher in g when WatchFiles is set and there
// is anything on disk to watch. A watcher that cannot start is logged, not
// fatal: SIGHUP and Reload still work.
func (p *Pipeline) startWatcher(ctx context.Context, g *errgroup.Group) {
	if !p.cfg.WatchFiles || (p.cfg.RulesDir == "" && p.cfg.CatalogFile == "") {
		return
	}
	ws, err := newWatchSet(p.cfg.RulesDir, p.cfg.CatalogFile)
	if err != nil {
		p.log.Error("file watching disabled", "err", err)
		return
	}
	g.Go(func() error {
		if err := watch(ctx, ws, p.reloader, p.log); err != nil {
			// Reloading by SIGHUP still works; do not stop the service.
			p.log.Error("file watching disabled", "err", err)
		}
		return nil
	})
}

// readyGauge mirrors readiness into the ready metric.
func (p *Pipeline) readyGauge(ctx context.Context) {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		if ok, _ := p.ready(); ok {
			p.metrics.Ready.Set(1)
		} else {
			p.metrics.Ready.Set(0)
		}
		select {
		case <-ctx.Done():
			p.metrics.Ready.Set(0)
			return
		case <-t.C:
		}
	}
}

// consume creates topics if asked, then runs the consume loop with its
// poller until ctx ends, and closes the clients within the shutdown
// budget.
func (p *Pipeline) consume(ctx context.Context, tr *kafka.Transport, sec security) error {
	client := &kafka.Client{Addr: kafka.TCP(p.cfg.Brokers...), Transport: tr, Timeout: 10 * time.Second}
	if p.cfg.CreateTopics {
		if err := ensureTopics(ctx, client, topicConfigs(p.cfg), p.log); err != nil {
			return nil // ctx ended while brokers were unreachable
		}
	}
	rc := readerConfig(p.cfg, sec, p.log)
	if p.tweakReader != nil {
		p.tweakReader(&rc)
	}
	if err := rc.Validate(); err != nil { // kafka.NewReader panics on invalid config
		return fmt.Errorf("reader config: %w", err)
	}
	reader := kafka.NewReader(rc)
	outputs, writers := p.newOutputs(tr, client)

	work, cancelWork := drainContext(ctx, p.cfg.ShutdownTimeout)
	defer cancelWork()
	stopPoll := p.startPoller(ctx, reader, client)

	l := p.newLoop(reader, outputs)
	// Scoring starts no new event once half the drain budget is spent,
	// and stops what runs when all of it is (evaluate.go).
	claim, stopClaim := drainContext(ctx, p.cfg.ShutdownTimeout/2)
	defer stopClaim()
	l.stops = evalStops{claim: claim, cancel: work}
	p.log.Info("consuming", "brokers", p.cfg.Brokers, "group", p.cfg.GroupID, "topic", p.cfg.Topics.Input,
		"workers", l.workers, "batch_size", l.batchSize, "batch_timeout", l.batchTimeout)
	runErr := l.run(ctx, work)
	closeErr := p.closeAll(work, append([]io.Closer{reader}, writers...)...)
	stopPoll()
	switch {
	case runErr != nil:
		p.log.Error("pipeline stopped", "err", runErr)
	case closeErr != nil:
		p.log.Warn("pipeline stopped; closing kafka clients failed", "err", closeErr)
	default:
		p.log.Info("pipeline stopped", "consumed", p.counts.consumed.Load(), "commits", p.counts.commits.Load())
	}
	return runErr
}

// drainContext returns a context that outlives ctx by budget, so the batch
// in flight can still be written and committed, and the group left, after
// shutdown begins.
func drainContext(ctx context.Context, budget time.Duration) (context.Context, context.CancelFunc) {
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var timer atomic.Pointer[time.Timer]
	stop := context.AfterFunc(ctx, func() { timer.Store(time.AfterFunc(budget, cancel)) })
	return work, func() {
		stop()
		if t := timer.Load(); t != nil {
			t.Stop()
		}
		cancel()
	}
}

// startPoller runs the stats and lag poller until the returned stop is
// called (after the reader is closed, so the last deltas are counted).
func (p *Pipeline) startPoller(ctx context.Context, r readerStats, client lagClient) (stop func()) {
	pl := &poller{reader: r, client: client, topic: p.cfg.Topics.Input, group: p.cfg.GroupID,
		metrics: p.metrics, counts: &p.counts, log: p.log}
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); pl.run(pctx, p.pollEvery) }()
	return func() { cancel(); <-done }
}

// topics are the topics the pipeline reads and writes: all its transport
// needs metadata for (the input's for the lag poller).
func (p *Pipeline) topics() []string {
	t := []string{p.cfg.Topics.Input, p.cfg.Topics.Alerts, p.cfg.Topics.DeadLetters}
	if p.candidate {
		t = append(t, p.cfg.Topics.CandidateAlerts)
	}
	return t
}

// newOutputs lists where the results of every batch go, and the clients
// to close at shutdown (after the reader has left the group): the alert
// topic, the dead-letter topic and, with a candidate pack, the candidate
// alert topic. A batch is committed once every output has acknowledged it.
// client reads back the original of a dead letter whose key or value
// arrived empty (deadletter_bytes.go).
func (p *Pipeline) newOutputs(tr *kafka.Transport, client *kafka.Client) ([]output, []io.Closer) {
	alerts := newWriter(p.cfg, tr, p.cfg.Topics.Alerts, alertBatchBytes)
	dead := newWriter(p.cfg, tr, p.cfg.Topics.DeadLetters, maxDeadLetterBatchBytes)
	outputs := []output{
		newAlertOutput(alerts, p.metrics, p.log),
		newDeadLetterOutput(dead, p.metrics, p.log, time.Now, fetchOriginals{client}),
	}
	closers := []io.Closer{alerts, dead}
	if p.candidate {
		cand := newWriter(p.cfg, tr, p.cfg.Topics.CandidateAlerts, alertBatchBytes)
		outputs = append(outputs, newCandidateOutput(cand, p.metrics, p.log))
		closers = append(closers, cand)
	}
	return outputs, closers
}

func (p *Pipeline) newLoop(src source, outputs []output) *loop {
	for _, o := range outputs {
		p.metrics.WriteErrors.WithLabelValues(o.name()) // every output's series starts at zero
	}
	return &loop{
		src: src, outputs: outputs,
		current:      p.reloader.current,
		batchSize:    p.cfg.BatchSize,
		batchTimeout: p.cfg.BatchTimeout,
		workers:      p.cfg.workers(),
		metrics:      p.metrics,
		log:          p.log,
		counts:       &p.counts,
		now:          time.Now,
	}
}

// closeAll leaves the group (Reader.Close) and flushes the writers, giving
// up when work ends (the shutdown budget is spent).
func (p *Pipeline) closeAll(work context.Context, closers ...io.Closer) error {
	done := make(chan error, 1)
	go func() {
		var errs []error
		for _, c := range closers {
			if err := c.Close(); err != nil {
				errs = append(errs, err)
			}
		}
		done <- errors.Join(errs...)
	}()
	select {
	case err := <-done:
		return err
	case <-work.Done():
		return errors.New("shutdown timeout: kafka clients did not close in time")
	}
}
