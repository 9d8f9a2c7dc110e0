package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/precursorwatch/precursor/internal/embedded"
	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/pipeline"
	"github.com/prometheus/client_golang/prometheus"
)

// Demo timeouts.
const (
	// demoDrainTimeout bounds how long the demo waits, after feeding stops,
	// for the pipeline to consume what was produced.
	demoDrainTimeout = 10 * time.Second
	// demoTailGrace bounds how long the demo waits for the last alerts to be
	// printed after the pipeline has stopped.
	demoTailGrace = 3 * time.Second
	// demoRunGrace is added to the pipeline's own shutdown timeout before
	// the demo stops waiting for Run to return.
	demoRunGrace = 5 * time.Second
	// demoMaxTruth bounds the ground-truth map of a long demo (~100 bytes
	// an entry); alerts on later shipments are counted as unknown.
	demoMaxTruth = 1 << 21
	// demoDefaultHTTP is where /metrics is served unless --http says otherwise.
	demoDefaultHTTP = "127.0.0.1:9464"
)

type demoFlags struct {
	duration, statusEvery   time.Duration
	rate                    int
	synth                   synthFlags
	lists                   listFlags
	http, rulesDir, catalog string
	candidate               string
	partitions, kafkaPort   int
	logLevel                string
	httpSet                 bool
	structure               demoStructure
	console                 bool
	consoleListen           string
}

// runDemo runs the real pipeline against an embedded broker fed with
// synthetic manifests, and prints alerts as they arrive.
func runDemo(ctx context.Context, args []string, s stdio) error {
	fs := newSynthFlagSet("demo", s)
	var f demoFlags
	fs.DurationVar(&f.duration, "duration", 0, "stop after this long (0: run until Ctrl-C)")
	fs.IntVar(&f.rate, "rate", 200, "manifests produced per second")
	f.synth.register(fs, 0.5)
	httpFlag(fs, &f.http, demoDefaultHTTP)
	rulesFlag(fs, &f.rulesDir)
	catalogFlag(fs, &f.catalog)
	f.lists.register(fs)
	fs.StringVar(&f.candidate, "candidate", "", "also score with the candidate rule pack in `DIR`, its alerts to their own topic (counted, not printed)")
	fs.IntVar(&f.partitions, "partitions", 6, "partitions of the demo topics")
	fs.IntVar(&f.kafkaPort, "kafka-port", 0, "port of the embedded Kafka broker on 127.0.0.1 (0: any free port)")
	fs.DurationVar(&f.statusEvery, "status-every", 3*time.Second, "interval of the status line on stderr")
	fs.StringVar(&f.logLevel, "log-level", "warn", "pipeline log level: debug, info, warn or error")
	f.structure.register(fs)
	fs.BoolVar(&f.console, "console", false, "also serve the analysts' triage console on the demo's alerts")
	fs.StringVar(&f.consoleListen, "console-listen", "127.0.0.1:8080", "address of the triage console (with --console)")
	if err := parseSynthFlags(fs, args); err != nil {
		return helpIsNotAnError(err)
	}
	derivativeSet := false
	fs.Visit(func(fl *flag.Flag) {
		f.httpSet = f.httpSet || fl.Name == flagHTTP
		derivativeSet = derivativeSet || fl.Name == "derivative-pct"
	})
	if f.structure.on && !derivativeSet {
		f.synth.derivativePct = demoDerivativePct
	}
	if _, err := f.lists.config(); err != nil {
		return err
	}
	if f.rate < 1 || f.partitions < 1 || f.statusEvery <= 0 || f.duration < 0 {
		return usagef("--rate, --partitions and --status-every must be positive, --duration not negative")
	}
	opts, err := synthOptions(f.synth, "", time.Second/time.Duration(f.rate))
	if err != nil {
		return err
	}
	opts.BaseTime = time.Now().UTC()
	d := &demo{flags: f, s: s, gen: synth.New(f.synth.seed, opts), colour: isTerminal(s.out), truth: map[string]string{},
		partyTruth: map[string]string{}, producedParty: map[string]int{}, alertedParty: map[string]int{}}
	return d.run(ctx)
}

// demo is one run of the demo command.
type demo struct {
	flags  demoFlags
	s      stdio
	gen    *synth.Generator
	colour bool
	start  time.Time

	broker   *embedded.Broker
	pipe     *pipeline.Pipeline
	metrics  *prometheus.Registry
	producer *embedded.Producer
	cfg      pipeline.Config
	log      *slog.Logger

	mu       sync.Mutex
	truth    map[string]string // shipment id -> ground truth category
	produced map[string]int    // by category: benign, licit, risky, malformed
	alerted  map[string]int    // alerts by the category of their shipment
	// partyTruth, producedParty and alertedParty are the same for the
	// shipments with a listed or near-miss party (synth.Label.Party).
	partyTruth    map[string]string
	producedParty map[string]int
	alertedParty  map[string]int
	bySeverity    map[string]int
	candidate     map[string]int // candidate alerts by severity
	printed       atomic.Int64
	stopped       atomic.Bool // Run has returned
}

func (d *demo) run(ctx context.Context) error {
	defer d.flags.structure.stop()
	if err := d.setup(ctx); err != nil {
		return err
	}
	defer d.broker.Close()
	defer d.producer.Close()
	feedCtx, stopFeed := d.feedContext(ctx)
	defer stopFeed()
	// The pipeline and the tail outlive the feed so that what was produced
	// is consumed and shown; each stop below is bounded.
	pipeCtx, stopPipe := context.WithCancel(context.WithoutCancel(ctx))
	defer stopPipe()
	tailCtx, stopTail := context.WithCancel(context.WithoutCancel(ctx))
	defer stopTail()
	runErr, tailErr := make(chan error, 1), make(chan error, 1)
	go func() {
		err := d.pipe.Run(pipeCtx)
		d.stopped.Store(true)
		stopFeed() // a pipeline that stops on its own ends the demo
		runErr <- err
	}()
	tailed := []string{d.cfg.Topics.Alerts}
	if d.flags.candidate != "" {
		tailed = append(tailed, d.cfg.Topics.CandidateAlerts)
	}
	go func() { tailErr <- embedded.Tail(tailCtx, d.broker.Addrs(), d.onAlert, tailed...) }()
	waitConsole := func() error { return nil }
	if d.flags.console {
		var err error
		if waitConsole, err = d.startConsole(feedCtx, d.log); err != nil {
			return err
		}
	}
	d.announce()
	go d.statusLoop(feedCtx)
	feedErr := d.feed(feedCtx)
	d.drain(ctx)
	stopPipe()
	err := waitRun(runErr, d.cfg.ShutdownTimeout+demoRunGrace)
	d.waitTail()
	stopTail()
	err = errors.Join(feedErr, err, <-tailErr, waitConsole())
	d.summary()
	return err
}

// feedContext ends feeding on Ctrl-C, after --duration, or when cancelled.
func (d *demo) feedContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if d.flags.duration > 0 {
		return context.WithTimeout(ctx, d.flags.duration)
	}
	return context.WithCancel(ctx)
}

// waitRun waits for Run's result at most timeout.
func waitRun(runErr <-chan error, timeout time.Duration) error {
	select {
	case err := <-runErr:
		return err
	case <-time.After(timeout):
		return fmt.Errorf("pipeline did not stop within %v", timeout)
	}
}

// setup starts the broker, the producer and the pipeline.
func (d *demo) setup(ctx context.Context) error {
	d.cfg = pipeline.DefaultConfig()
	d.cfg.GroupID = "precursor-demo"
	d.cfg.RulesDir, d.cfg.CatalogFile = d.flags.rulesDir, d.flags.catalog
	d.cfg.Lists, d.cfg.ListExceptions = d.flags.lists.lists, d.flags.lists.exceptions
	d.cfg.CandidateRulesDir = d.flags.candidate
	d.cfg.WatchFiles = d.flags.rulesDir != "" || d.flags.catalog != "" || d.flags.candidate != "" || len(d.cfg.Lists) > 0
	d.cfg.HTTPListen = demoHTTPAddr(d.flags.http, d.flags.httpSet)
	d.cfg.Partitions = d.flags.partitions
	d.cfg.ShutdownTimeout = 5 * time.Second
	t := d.cfg.Topics
	topics := []string{t.Input, t.Alerts, t.DeadLetters}
	if d.flags.candidate != "" {
		topics = append(topics, t.CandidateAlerts)
	}
	var err error
	// The broker must outlive an interrupt: the pipeline drains and commits
	// into it after ctx ends. run closes it last.
	d.broker, err = embedded.Start(context.WithoutCancel(ctx), embedded.Options{
		Partitions: d.flags.partitions, Port: d.flags.kafkaPort,
		Topics: topics,
	})
	if err != nil {
		return err
	}
	d.cfg.Brokers = d.broker.Addrs()
	d.cfg.Structure.URL = d.flags.structure.start(ctx, d.s.err)
	d.log = slog.New(slog.NewTextHandler(d.s.err, &slog.HandlerOptions{Level: parseLevel(d.flags.logLevel)}))
	d.metrics = prometheus.NewRegistry()
	if d.pipe, err = pipeline.New(d.cfg, pipeline.Options{Logger: d.log, Registerer: d.metrics}); err != nil {
		d.broker.Close()
		return err
	}
	if d.producer, err = embedded.NewProducer(d.broker.Addrs(), t.Input); err != nil {
		d.broker.Close()
		return err
	}
	d.produced, d.alerted, d.bySeverity, d.candidate = map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	d.start = time.Now()
	return nil
}

// demoHTTPAddr falls back to a free port when the default metrics port is
// taken, so the demo works next to a running service; an explicit --http is
// used as given.
func demoHTTPAddr(addr string, explicit bool) string {
	if explicit || addr == "" {
		return addr
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "127.0.0.1:0"
	}
	ln.Close()
	return addr
}

// announce prints where things are once the pipeline has bound its HTTP
// listener (or failed).
func (d *demo) announce() {
	deadline := time.Now().Add(2 * time.Second)
	for d.cfg.HTTPListen != "" && d.pipe.HTTPAddr() == "" && time.Now().Before(deadline) && !d.stopped.Load() {
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Fprintf(d.s.err, "precursor demo: embedded Kafka at %s, topics %s -> %s / %s\n",
		strings.Join(d.broker.Addrs(), ","), d.cfg.Topics.Input, d.cfg.Topics.Alerts, d.cfg.Topics.DeadLetters)
	if a := d.pipe.HTTPAddr(); a != "" {
		fmt.Fprintf(d.s.err, "precursor demo: metrics at http://%s/metrics (also /healthz, /readyz)\n", a)
	}
	until := "Ctrl-C"
	if d.flags.duration > 0 {
		until = d.flags.duration.String() + " or Ctrl-C"
	}
	lists := "the embedded sample lists"
	if len(d.cfg.Lists) > 0 {
		lists = strings.Join(d.cfg.Lists, ", ")
	}
	fmt.Fprintf(d.s.err, "precursor demo: screening parties against %s\n", lists)
	derivatives := ""
	if p := d.flags.synth.derivativePct; p > 0 {
		derivatives = fmt.Sprintf(", %.0f%% of them uncatalogued derivatives", p)
	}
	fmt.Fprintf(d.s.err, "precursor demo: feeding %d manifests/s (%.1f%% risky%s), stopping after %s\n",
		d.flags.rate, d.flags.synth.riskyPct, derivatives, until)
}

// feed produces synthetic manifests at the configured rate until ctx ends.
func (d *demo) feed(ctx context.Context) error {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	start, sent := time.Now(), 0
	for {
		select {
		case <-ctx.Done():
			return d.producer.Flush(context.WithoutCancel(ctx))
		case now := <-tick.C:
			due := int(now.Sub(start).Seconds() * float64(d.flags.rate))
			for ; sent < due; sent++ {
				e := d.gen.Next()
				d.mu.Lock()
				cat := category(e.Label)
				if len(d.truth) < demoMaxTruth {
					d.truth[e.ShipmentID] = cat
				}
				d.produced[cat]++
				if p := e.Label.Party; p != "" {
					d.producedParty[p]++
					if len(d.partyTruth) < demoMaxTruth {
						d.partyTruth[e.ShipmentID] = p
					}
				}
				d.mu.Unlock()
				if err := d.producer.Send(ctx, e.Key, e.Value); err != nil {
					return d.producer.Flush(context.WithoutCancel(ctx))
				}
			}
			if err := d.producer.Err(); err != nil {
				return err
			}
		}
	}
}

// drain waits until the pipeline has consumed everything acknowledged by
// the broker, at most demoDrainTimeout (or less on a second interrupt the
// shell may deliver: ctx is already done then, so we keep it short).
func (d *demo) drain(ctx context.Context) {
	timeout := demoDrainTimeout
	if ctx.Err() != nil && d.flags.duration == 0 {
		timeout = demoDrainTimeout / 2
	}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) && !d.stopped.Load() && d.pipe.Stats().Consumed < d.producer.Acked() {
		time.Sleep(50 * time.Millisecond)
	}
}

// waitTail waits, at most demoTailGrace, until every alert the pipeline
// wrote has been printed.
func (d *demo) waitTail() {
	deadline := time.Now().Add(demoTailGrace)
	for time.Now().Before(deadline) && d.printed.Load() < d.pipe.Stats().Alerts {
		time.Sleep(20 * time.Millisecond)
	}
}

// statusLoop prints a status line to stderr every statusEvery.
func (d *demo) statusLoop(ctx context.Context) {
	tick := time.NewTicker(d.flags.statusEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			fmt.Fprintln(d.s.err, d.statusLine())
		}
	}
}

func (d *demo) statusLine() string {
	st := d.pipe.Stats()
	d.mu.Lock()
	sev := severityCounts(d.bySeverity)
	d.mu.Unlock()
	el := time.Since(d.start).Seconds()
	return fmt.Sprintf("-- %5.0fs produced %d  consumed %d (%.0f/s)  alerts %d [%s]  dead letters %d  lag %d  ready %v",
		el, d.producer.Acked(), st.Consumed, float64(st.Consumed)/max(el, 0.001), st.Alerts, sev, st.DeadLetters, st.Lag, st.Ready)
}

// summary prints the final counts and how the alerts line up with the
// generator's ground truth.
func (d *demo) summary() {
	st := d.pipe.Stats()
	d.mu.Lock()
	defer d.mu.Unlock()
	el := time.Since(d.start).Round(time.Millisecond)
	w := d.s.err
	fmt.Fprintf(w, "\nprecursor demo: ran %v\n", el)
	fmt.Fprintf(w, "  produced     %d manifests (%d benign, %d licit chemical trade, %d risky, %d malformed)\n",
		d.producer.Acked(), d.produced[catBenign], d.produced[catLicit], d.produced[catRisky], d.produced[catMalformed])
	fmt.Fprintf(w, "  consumed     %d (committed)\n", st.Consumed)
	fmt.Fprintf(w, "  alerts       %d [%s]\n", st.Alerts, severityCounts(d.bySeverity))
	if d.flags.candidate != "" {
		fmt.Fprintf(w, "  candidate    %d alerts [%s] on %s (pack %s)\n", sumCounts(d.candidate), severityCounts(d.candidate),
			d.cfg.Topics.CandidateAlerts, d.flags.candidate)
	}
	fmt.Fprintf(w, "  dead letters %d\n", st.DeadLetters)
	if line := structureSummary(d.metrics); line != "" {
		fmt.Fprintln(w, line)
	}
	for _, c := range []struct{ cat, what string }{
		{catRisky, "risky shipments alerted:"},
		{catLicit, "licit chemical trade alerted:"},
		{catBenign, "benign shipments alerted:"},
	} {
		if n := d.produced[c.cat]; n > 0 {
			fmt.Fprintf(w, "  %-30s %d of %d (%.2f%%)\n", c.what, d.alerted[c.cat], n, pct(d.alerted[c.cat], n))
		}
	}
	for _, c := range []struct{ label, what string }{
		{synth.PartyListed, "  with a listed party:"},
		{synth.PartyNearMiss, "  with a near-miss party:"},
	} {
		if n := d.producedParty[c.label]; n > 0 {
			fmt.Fprintf(w, "  %-30s %d of %d (%.2f%%)\n", c.what, d.alertedParty[c.label], n, pct(d.alertedParty[c.label], n))
		}
	}
}

// Ground-truth categories of the demo summary.
const (
	catBenign    = "benign"
	catLicit     = "licit"
	catRisky     = "risky"
	catMalformed = "malformed"
)

// category maps a generator label to a summary category.
func category(l synth.Label) string {
	if l.Kind == synth.Benign && l.Scenario == synth.LicitChemical {
		return catLicit
	}
	return string(l.Kind)
}

func pct(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
