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
// SIGHUP reloads the party lists, rules and catalog; SIGINT/SIGTERM
// (main's context) drain and stop.
func runRun(ctx context.Context, args []string, s stdio) error {
	rf, err := parseRunArgs(args, s.err)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	cfg, problems := buildRunConfig(rf, os.Getenv, s.err)
	if rf.check {
		return checkRun(cfg, problems, s, time.Now())
	}
	if len(problems) > 0 {
		return usagef("invalid configuration:\n%v", errors.Join(problems...))
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
	if cfg.CandidateRulesDir != "" {
		log.Info("scoring a candidate rule pack beside the live one", "candidate_rules", cfg.CandidateRulesDir,
			"candidate_alerts", cfg.Topics.CandidateAlerts)
	}
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
				log.Info("SIGHUP: reloading party lists, rules and catalog")
				_ = p.Reload()
			}
		}
	}()
	return func() { signal.Stop(hup); close(done) }
}

// loadRunConfig merges defaults, the config file, the environment and the
// flags, then validates; every problem is in the one usage error. check
// reports --check. A setting given under its former name (see former) is
// applied, and a warning printed to stderr.
func loadRunConfig(args []string, getenv func(string) string, stderr io.Writer) (cfg pipeline.Config, check bool, err error) {
	rf, err := parseRunArgs(args, stderr)
	if err != nil {
		return cfg, false, err
	}
	cfg, problems := buildRunConfig(rf, getenv, stderr)
	if len(problems) > 0 {
		return cfg, rf.check, usagef("invalid configuration:\n%v", errors.Join(problems...))
	}
	return cfg, rf.check, nil
}

// parseRunArgs parses the flags of `precursor run`.
func parseRunArgs(args []string, stderr io.Writer) (*runFlags, error) {
	rf := newRunFlags(stderr)
	if err := rf.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usagef("%v", err)
	}
	if rf.fs.NArg() > 0 {
		return nil, usagef("unexpected arguments: %q", rf.fs.Args())
	}
	return rf, nil
}

// buildRunConfig merges defaults, the config file, the environment and
// the flags, validates, and reads the SASL password file. It returns
// every problem, each with its file:line:col, variable or flag: the
// configuration is complete as far as the problems allow, so that run
// --check can go on to check the rules, catalog and TLS files.
func buildRunConfig(rf *runFlags, getenv func(string) string, stderr io.Writer) (pipeline.Config, []error) {
	warn := func(msg string) { fmt.Fprintf(stderr, "precursor run: warning: %s\n", msg) }
	cfg := pipeline.DefaultConfig()
	var problems []error
	add := func(err error) {
		if err == nil {
			return
		}
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			problems = append(problems, joined.Unwrap()...)
			return
		}
		problems = append(problems, err)
	}
	if rf.configFile == "" {
		rf.configFile = getenv("PRECURSOR_CONFIG")
	}
	if rf.configFile != "" {
		add(readConfigFile(rf.configFile, &cfg, rf.settings, warn))
	}
	add(rf.apply(&cfg, getenv, warn))
	add(cfg.Validate())
	if cfg.SASL.Password == "" && cfg.SASL.PasswordFile != "" {
		b, err := os.ReadFile(cfg.SASL.PasswordFile)
		switch {
		case err != nil:
			add(fmt.Errorf("sasl.password_file: %s", pathProblem(err)))
		case strings.TrimRight(string(b), "\r\n") == "":
			add(fmt.Errorf("sasl.password_file: %s: empty", cfg.SASL.PasswordFile))
		default:
			cfg.SASL.Password = strings.TrimRight(string(b), "\r\n")
		}
	}
	return cfg, problems
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
		v := &settingValue{isBool: st.isBool, isList: st.isList}
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
		fmt.Fprintln(stderr, "SIGHUP reloads the party lists, rules and catalog; SIGINT/SIGTERM drain and stop.\n\nFlags:")
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
