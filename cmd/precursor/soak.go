package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/precursorwatch/precursor/internal/embedded"
	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/pipeline"
)

// soakFlags are the flags of `precursor soak`.
type soakFlags struct {
	brokers           string
	replication       int
	partitions        int
	rate              int
	count             int
	duration, every   time.Duration
	warmup            float64
	maxGrowth         float64
	bin               string
	json              bool
	synth             synthFlags
	readyTimeout      time.Duration
	drainTimeout      time.Duration
	childLog, workDir string
}

// Time limits of the soak around the measured run.
const (
	soakReadyTimeout = 2 * time.Minute  // the child joins its group
	soakDrainTimeout = 2 * time.Minute  // the child catches up once the feed stops
	soakStopTimeout  = 30 * time.Second // the child drains and exits on SIGTERM
)

// runSoak is `precursor soak`: it runs `precursor run` as a child process
// against a broker (the one given, or an embedded one in this process),
// feeds it synthetic manifests at a steady rate (or, with --rate 0, a
// preloaded topic as fast as it goes), samples the child's own /metrics
// and peak RSS, and fails when memory or goroutines grow.
func runSoak(ctx context.Context, args []string, s stdio) error {
	fs := newSynthFlagSet("soak", s)
	var f soakFlags
	fs.StringVar(&f.brokers, "brokers", "", "bootstrap brokers (comma-separated, PLAINTEXT); empty starts an embedded broker in this process")
	fs.IntVar(&f.replication, "replication-factor", 1, "replication factor of the topics the child creates")
	fs.IntVar(&f.partitions, "partitions", 6, "partitions of the topics the child creates")
	fs.IntVar(&f.rate, "rate", 2000, "manifests per second fed to the input topic; 0 preloads --count and measures full speed")
	fs.IntVar(&f.count, "count", 200000, "manifests preloaded with --rate 0")
	fs.DurationVar(&f.duration, "duration", 30*time.Minute, "how long to feed at --rate")
	fs.DurationVar(&f.every, "sample", 10*time.Second, "sampling period of the child's metrics")
	fs.Float64Var(&f.warmup, "warmup", 0.2, "share of the samples left out of the growth check (start-up, caches filling)")
	fs.Float64Var(&f.maxGrowth, "max-growth", 0.25, "allowed growth of heap in use, RSS and goroutines from the first to the last quarter of the run after warm-up")
	fs.StringVar(&f.bin, "bin", "", "precursor binary run as the child (default: this one)")
	fs.StringVar(&f.childLog, "child-log", "", "file for the child's log (default: discarded unless it fails)")
	fs.BoolVar(&f.json, "json", false, "print the report as JSON")
	f.synth.register(fs, 0)
	if err := parseSynthFlags(fs, args); err != nil {
		return helpIsNotAnError(err)
	}
	if f.rate < 0 || f.count < 1 || f.duration <= 0 || f.every <= 0 || f.partitions < 1 || f.replication < 1 ||
		f.warmup < 0 || f.warmup >= 1 || f.maxGrowth <= 0 {
		return usagef("--rate must not be negative; --count, --duration, --sample, --partitions, --replication-factor and --max-growth must be positive; --warmup in [0,1)")
	}
	f.readyTimeout, f.drainTimeout = soakReadyTimeout, soakDrainTimeout
	rep, err := soak(ctx, f, s)
	if rep != nil {
		if f.json {
			enc := json.NewEncoder(s.out)
			enc.SetIndent("", "  ")
			if jerr := enc.Encode(rep); jerr != nil {
				return jerr
			}
		} else {
			printSoak(s.out, rep)
		}
	}
	if err != nil {
		return err
	}
	if len(rep.Failures) > 0 {
		return errFindings
	}
	return nil
}

// soak sets up the broker and the child, runs the measurement and stops
// everything.
func soak(ctx context.Context, f soakFlags, s stdio) (*soakReport, error) {
	dir, err := os.MkdirTemp("", "precursor-soak-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	f.workDir = dir
	addrs := strings.Split(f.brokers, ",")
	if f.brokers == "" {
		b, err := embedded.Start(context.WithoutCancel(ctx), embedded.Options{Partitions: f.partitions})
		if err != nil {
			return nil, err
		}
		defer b.Close()
		addrs = b.Addrs()
	}
	cfg, err := soakConfig(addrs, f)
	if err != nil {
		return nil, err
	}
	opts, err := synthOptions(f.synth, "", time.Second)
	if err != nil {
		return nil, err
	}
	gen := synth.New(f.synth.seed, opts)
	if f.rate == 0 {
		// The topic is filled before the child starts: it then runs flat out.
		fmt.Fprintf(s.err, "soak: preloading %d manifests...\n", f.count)
		next := func() ([]byte, []byte) { e := gen.Next(); return e.Key, e.Value }
		if err := embedded.Preload(ctx, addrs, cfg.Topics.Input, f.count, next); err != nil {
			return nil, err
		}
	}
	ch, err := startSoakChild(ctx, f, cfg)
	if err != nil {
		return nil, err
	}
	defer ch.kill()
	fmt.Fprintf(s.err, "soak: child pid %d, metrics on %s\n", ch.cmd.Process.Pid, ch.metricsURL)
	if err := ch.waitReady(ctx, f.readyTimeout); err != nil {
		return nil, err
	}
	rep := &soakReport{Rate: f.rate, Brokers: f.brokers, Partitions: f.partitions}
	if f.rate == 0 {
		rep.Count = f.count
	}
	if f.brokers == "" {
		rep.Brokers = "embedded"
	}
	if f.rate == 0 {
		err = measurePeak(ctx, f, ch, rep, s)
	} else {
		err = measureSteady(ctx, f, addrs, cfg.Topics.Input, gen, ch, rep, s)
	}
	// The child's own high-water mark before it drains. Not its rusage:
	// a child forked with vfork inherits the parent's peak until exec, and
	// the parent may hold an embedded broker's whole log.
	rep.PeakRSS = max(rep.PeakRSS, ch.peakRSS())
	err = errors.Join(err, ch.stop(soakStopTimeout))
	rep.analyze(f.warmup, f.maxGrowth)
	return rep, err
}

// soakConfig is the child's configuration: fresh topics and group, the
// HTTP server on a free loopback port, topics created by the child.
func soakConfig(addrs []string, f soakFlags) (pipeline.Config, error) {
	cfg := pipeline.DefaultConfig()
	base := fmt.Sprintf("soak-%d", time.Now().UnixNano())
	cfg.Brokers = addrs
	cfg.GroupID = base
	cfg.Topics = pipeline.Topics{Input: base + "-manifests", Alerts: base + "-alerts", DeadLetters: base + "-dead-letters"}
	cfg.CreateTopics = true
	cfg.Partitions = f.partitions
	cfg.ReplicationFactor = f.replication
	cfg.WatchFiles = false
	port, err := freePort()
	if err != nil {
		return cfg, err
	}
	cfg.HTTPListen = fmt.Sprintf("127.0.0.1:%d", port)
	return cfg, cfg.Validate()
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// soakChild is the `precursor run` process under test.
type soakChild struct {
	cmd        *exec.Cmd
	metricsURL string
	readyURL   string
	done       chan error
	log        string
}

// startSoakChild writes cfg as the child's config file and starts it.
func startSoakChild(ctx context.Context, f soakFlags, cfg pipeline.Config) (*soakChild, error) {
	bin := f.bin
	if bin == "" {
		var err error
		if bin, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("find the precursor binary: %w", err)
		}
	}
	raw, err := json.Marshal(childYAML(cfg)) // JSON is YAML
	if err != nil {
		return nil, err
	}
	path := filepath.Join(f.workDir, "run.yaml")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		return nil, err
	}
	logPath := f.childLog
	if logPath == "" {
		logPath = filepath.Join(f.workDir, "child.log")
	}
	lf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer lf.Close()
	cmd := exec.CommandContext(context.WithoutCancel(ctx), bin, "run", "--config", path)
	cmd.Stdout, cmd.Stderr = lf, lf
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s run: %w", bin, err)
	}
	ch := &soakChild{cmd: cmd, metricsURL: "http://" + cfg.HTTPListen + "/metrics", readyURL: "http://" + cfg.HTTPListen + "/readyz",
		done: make(chan error, 1), log: logPath}
	go func() { ch.done <- cmd.Wait() }()
	return ch, nil
}

// childYAML is the subset of the configuration file the child needs.
func childYAML(c pipeline.Config) map[string]any {
	return map[string]any{
		"brokers": c.Brokers, "group_id": c.GroupID,
		"topics":        map[string]string{"input": c.Topics.Input, "alerts": c.Topics.Alerts, "dead_letters": c.Topics.DeadLetters},
		"create_topics": true, "partitions": c.Partitions, "replication_factor": c.ReplicationFactor,
		"http": c.HTTPListen, "watch_files": false, "log_level": "warn",
	}
}

// stop sends SIGTERM and waits for a clean exit.
func (c *soakChild) stop(timeout time.Duration) error {
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return nil // already gone; wait reports how
	}
	select {
	case err := <-c.done:
		c.done <- err
		if err != nil {
			return fmt.Errorf("child exited with %v; its log: %s", err, c.log)
		}
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("child did not stop within %v of SIGTERM", timeout)
	}
}

func (c *soakChild) kill() { _ = c.cmd.Process.Kill() }

// exited reports the child's exit, if it has exited.
func (c *soakChild) exited() (error, bool) {
	select {
	case err := <-c.done:
		c.done <- err
		return fmt.Errorf("child exited early (%v); its log: %s", err, c.log), true
	default:
		return nil, false
	}
}
