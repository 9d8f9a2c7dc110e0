package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/precursorwatch/precursor/pipeline"
)

// runRun is `precursor run`: the Kafka service. Configuration comes from a
// YAML file (--config or PRECURSOR_CONFIG), PRECURSOR_* environment
// variables and flags, in increasing precedence over the defaults, and is
// validated before any client is built. --check stops after loading the
// rules and catalog and reading the TLS and SASL files (see checkRun).
// SIGHUP reloads rules and catalog; SIGINT/SIGTERM (main's context) drain
// and stop.
func runRun(ctx context.Context, args []string, s stdio) error {
	cfg, check, err := loadRunConfig(args, os.Getenv, s.err)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if check {
		return checkRun(cfg, s, time.Now())
	}
	log := newLogger(s.err, cfg.LogLevel, cfg.LogFormat)
	stopResolver := startResolverJar(ctx, &cfg, s.err, log)
	defer stopResolver()
	p, err := pipeline.New(cfg, pipeline.Options{Logger: log})
	if err != nil {
		return err
	}
	stopHUP := reloadOnSIGHUP(ctx, p, log)
	defer stopHUP()
	log.Info("starting precursor run", "brokers", cfg.Brokers, "group", cfg.GroupID, "input", cfg.Topics.Input,
		"alerts", cfg.Topics.Alerts, "dead_letters", cfg.Topics.DeadLetters, "http", cfg.HTTPListen)
	return p.Run(ctx)
}

// reloadOnSIGHUP calls p.Reload on every SIGHUP until ctx ends or the
// returned stop is called. Reload logs its own outcome.
func reloadOnSIGHUP(ctx context.Context, p *pipeline.Pipeline, log *slog.Logger) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-done:
				return
			case <-hup:
				log.Info("SIGHUP: reloading rules and catalog")
				_ = p.Reload()
			}
		}
	}()
	return func() { signal.Stop(hup); close(done) }
}

// loadRunConfig merges defaults, the config file, the environment and the
// flags, then validates. check reports --check. A setting given under its
// former name (see former) is applied, and a warning printed to stderr.
func loadRunConfig(args []string, getenv func(string) string, stderr io.Writer) (cfg pipeline.Config, check bool, err error) {
	rf := newRunFlags(stderr)
	if err := rf.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, false, err
		}
		return cfg, false, usagef("%v", err)
	}
	if rf.fs.NArg() > 0 {
		return cfg, false, usagef("unexpected arguments: %q", rf.fs.Args())
	}
	warn := func(msg string) { fmt.Fprintf(stderr, "precursor run: warning: %s\n", msg) }
	cfg = pipeline.DefaultConfig()
	if rf.configFile == "" {
		rf.configFile = getenv("PRECURSOR_CONFIG")
	}
	if rf.configFile != "" {
		if err := readConfigFile(rf.configFile, &cfg, rf.settings, warn); err != nil {
			return cfg, false, usagef("%v", err)
		}
	}
	if err := rf.apply(&cfg, getenv, warn); err != nil {
		return cfg, false, usagef("%v", err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, false, usagef("invalid configuration:\n%v", err)
	}
	if cfg.SASL.Password == "" && cfg.SASL.PasswordFile != "" {
		b, err := os.ReadFile(cfg.SASL.PasswordFile)
		if err != nil {
			return cfg, false, fmt.Errorf("sasl.password_file: %s", pathProblem(err))
		}
		cfg.SASL.Password = strings.TrimRight(string(b), "\r\n")
		if cfg.SASL.Password == "" {
			return cfg, false, fmt.Errorf("sasl.password_file: %s: empty", cfg.SASL.PasswordFile)
		}
	}
	return cfg, rf.check, nil
}

// runFlags is the flag set of `precursor run`: --config, --check and one
// flag per setting, plus the former names of renamed settings.
type runFlags struct {
	fs         *flag.FlagSet
	configFile string
	check      bool
	settings   []setting
	vals       map[string]*settingValue // by setting key
}

func newRunFlags(stderr io.Writer) *runFlags {
	rf := &runFlags{fs: flag.NewFlagSet("run", flag.ContinueOnError), settings: runSettings(), vals: map[string]*settingValue{}}
	rf.fs.SetOutput(stderr)
	rf.fs.StringVar(&rf.configFile, "config", "", "YAML configuration `FILE` (env PRECURSOR_CONFIG)")
	rf.fs.BoolVar(&rf.check, "check", false, "validate the configuration, load the rules and catalog, read the TLS and SASL files, print the configuration (password redacted) and exit; exit 1 on any problem")
	for _, st := range rf.settings {
		v := &settingValue{isBool: st.isBool}
		rf.vals[st.key] = v
		rf.fs.Var(v, st.flag(), fmt.Sprintf("%s (env %s)", st.usage, st.env()))
		if st.was.flag != "" {
			rf.fs.Var(v, st.was.flag, deprecatedUsage(st.flag()))
		}
	}
	rf.fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: precursor run [--config FILE] [flags]")
		fmt.Fprintln(stderr, "\nConsume manifests from Kafka, score them and emit alerts. Precedence: flags > env > file > defaults.")
		fmt.Fprintln(stderr, "Every flag names a config key, '.' and '_' written '-' (--tls-ca-file is tls.ca_file),")
		fmt.Fprintln(stderr, "and an environment variable (PRECURSOR_TLS_CA_FILE).")
		fmt.Fprintln(stderr, "SIGHUP reloads rules and catalog; SIGINT/SIGTERM drain and stop.\n\nFlags:")
		printFlags(rf.fs)
	}
	return rf
}

// apply sets cfg from the environment, then from the flags given on the
// command line, reporting every bad value at once.
func (rf *runFlags) apply(cfg *pipeline.Config, getenv func(string) string, warn func(string)) error {
	var errs []error
	for _, st := range rf.settings {
		name, v := st.env(), getenv(st.env())
		if old := st.was.env; old != "" && getenv(old) != "" {
			warn(fmt.Sprintf("environment variable %s is deprecated; use %s", old, name))
			if v == "" {
				name, v = old, getenv(old)
			}
		}
		if v == "" {
			continue
		}
		if err := st.set(cfg, v); err != nil {
			errs = append(errs, fmt.Errorf("env %s: %w", name, err))
		}
	}
	if pw := getenv("PRECURSOR_SASL_PASSWORD"); pw != "" {
		cfg.SASL.Password = pw
	}
	given := map[string]bool{}
	rf.fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, st := range rf.settings {
		name := st.flag()
		if old := st.was.flag; given[old] {
			warn(fmt.Sprintf("flag --%s is deprecated; use --%s", old, name))
			name = old
		}
		if !given[st.flag()] && !given[st.was.flag] {
			continue
		}
		if err := st.set(cfg, rf.vals[st.key].val); err != nil {
			errs = append(errs, fmt.Errorf("flag --%s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

// redacted returns cfg with the SASL password hidden, for printing.
func redacted(cfg pipeline.Config) pipeline.Config {
	if cfg.SASL.Password != "" {
		cfg.SASL.Password = "<redacted>"
	}
	return cfg
}

// newLogger builds the service logger on w.
func newLogger(w io.Writer, level, format string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level)) // validated; "" is info
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
