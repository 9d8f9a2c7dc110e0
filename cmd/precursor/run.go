package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/precursorwatch/precursor/pipeline"
	"gopkg.in/yaml.v3"
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
// flags, then validates. check reports --check.
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
	cfg = pipeline.DefaultConfig()
	if rf.configFile == "" {
		rf.configFile = getenv("PRECURSOR_CONFIG")
	}
	if rf.configFile != "" {
		if err := readConfigFile(rf.configFile, &cfg); err != nil {
			return cfg, false, usagef("%v", err)
		}
	}
	if err := rf.apply(&cfg, getenv); err != nil {
		return cfg, false, usagef("%v", err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, false, usagef("invalid configuration:\n%v", err)
	}
	if cfg.SASL.Password == "" && cfg.SASL.PasswordFile != "" {
		b, err := os.ReadFile(cfg.SASL.PasswordFile)
		if err != nil {
			return cfg, false, fmt.Errorf("sasl password_file: %s", pathProblem(err))
		}
		cfg.SASL.Password = strings.TrimRight(string(b), "\r\n")
		if cfg.SASL.Password == "" {
			return cfg, false, fmt.Errorf("sasl password_file: %s: empty", cfg.SASL.PasswordFile)
		}
	}
	return cfg, rf.check, nil
}

// runFlags is the flag set of `precursor run`: --config, --check and one
// flag per setting.
type runFlags struct {
	fs         *flag.FlagSet
	configFile string
	check      bool
	settings   []setting
	vals       map[string]*settingValue
}

func newRunFlags(stderr io.Writer) *runFlags {
	rf := &runFlags{fs: flag.NewFlagSet("run", flag.ContinueOnError), settings: runSettings(), vals: map[string]*settingValue{}}
	rf.fs.SetOutput(stderr)
	rf.fs.StringVar(&rf.configFile, "config", "", "YAML configuration file (env PRECURSOR_CONFIG)")
	rf.fs.BoolVar(&rf.check, "check", false, "validate the configuration, load the rules and catalog, read the TLS and SASL files, print the configuration (password redacted) and exit; exit 1 on any problem")
	for _, st := range rf.settings {
		v := &settingValue{isBool: st.isBool}
		rf.vals[st.flag] = v
		rf.fs.Var(v, st.flag, fmt.Sprintf("%s (env %s)", st.usage, st.env))
	}
	rf.fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: precursor run [--config FILE] [flags]")
		fmt.Fprintln(stderr, "\nConsume manifests from Kafka, score them and emit alerts. Precedence: flags > env > file > defaults.")
		fmt.Fprintln(stderr, "SIGHUP reloads rules and catalog; SIGINT/SIGTERM drain and stop.\n\nFlags:")
		rf.fs.PrintDefaults()
	}
	return rf
}

// apply sets cfg from the environment, then from the flags given on the
// command line, reporting every bad value at once.
func (rf *runFlags) apply(cfg *pipeline.Config, getenv func(string) string) error {
	var errs []error
	for _, st := range rf.settings {
		if v := getenv(st.env); v != "" {
			if err := st.set(cfg, v); err != nil {
				errs = append(errs, fmt.Errorf("env %s: %w", st.env, err))
			}
		}
	}
	if pw := getenv("PRECURSOR_SASL_PASSWORD"); pw != "" {
		cfg.SASL.Password = pw
	}
	for _, st := range rf.settings {
		if !rf.isSet(st.flag) {
			continue
		}
		if err := st.set(cfg, rf.vals[st.flag].val); err != nil {
			errs = append(errs, fmt.Errorf("flag --%s: %w", st.flag, err))
		}
	}
	return errors.Join(errs...)
}

// isSet reports whether the flag was given on the command line.
func (rf *runFlags) isSet(name string) bool {
	set := false
	rf.fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// readConfigFile decodes a YAML config over cfg; unknown keys are errors
// with their line.
func readConfigFile(path string, cfg *pipeline.Config) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("config %s: %w", path, err)
	}
	return nil
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

// settingValue is a flag.Value remembering the raw text; the setting
// parses it once precedence is resolved.
type settingValue struct {
	val    string
	isBool bool
}

func (v *settingValue) String() string     { return v.val }
func (v *settingValue) Set(s string) error { v.val = s; return nil }
func (v *settingValue) IsBoolFlag() bool   { return v.isBool }

// setting is one configuration field settable by env and flag.
type setting struct {
	flag, env, usage string
	isBool           bool
	set              func(c *pipeline.Config, v string) error
}

func str(f func(c *pipeline.Config) *string) func(*pipeline.Config, string) error {
	return func(c *pipeline.Config, v string) error { *f(c) = v; return nil }
}

func num(f func(c *pipeline.Config) *int) func(*pipeline.Config, string) error {
	return func(c *pipeline.Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%q is not an integer", v)
		}
		*f(c) = n
		return nil
	}
}

func boolean(f func(c *pipeline.Config) *bool) func(*pipeline.Config, string) error {
	return func(c *pipeline.Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		*f(c) = b
		return nil
	}
}

func duration(f func(c *pipeline.Config) *time.Duration) func(*pipeline.Config, string) error {
	return func(c *pipeline.Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%q is not a duration such as 50ms or 15s", v)
		}
		*f(c) = d
		return nil
	}
}

// runSettings lists every field settable from env and flags. The SASL
// password has no flag (it would show in ps): use PRECURSOR_SASL_PASSWORD or
// a file.
func runSettings() []setting {
	return []setting{
		{flag: "brokers", env: "PRECURSOR_BROKERS", usage: "comma-separated bootstrap brokers host:port", set: func(c *pipeline.Config, v string) error {
			c.Brokers = nil
			for _, b := range strings.Split(v, ",") {
				if b = strings.TrimSpace(b); b != "" {
					c.Brokers = append(c.Brokers, b)
				}
			}
			return nil
		}},
		{flag: "group-id", env: "PRECURSOR_GROUP_ID", usage: "consumer group (default precursor)", set: str(func(c *pipeline.Config) *string { return &c.GroupID })},
		{flag: "input-topic", env: "PRECURSOR_INPUT_TOPIC", usage: "manifest topic (default manifests)", set: str(func(c *pipeline.Config) *string { return &c.Topics.Input })},
		{flag: "alerts-topic", env: "PRECURSOR_ALERTS_TOPIC", usage: "alert topic (default precursor-alerts)", set: str(func(c *pipeline.Config) *string { return &c.Topics.Alerts })},
		{flag: "dead-letters-topic", env: "PRECURSOR_DEAD_LETTERS_TOPIC", usage: "dead-letter topic (default precursor-dead-letters)", set: str(func(c *pipeline.Config) *string { return &c.Topics.DeadLetters })},
		{flag: "rules-dir", env: "PRECURSOR_RULES_DIR", usage: "rule pack directory (default: embedded pack)", set: str(func(c *pipeline.Config) *string { return &c.RulesDir })},
		{flag: "catalog", env: "PRECURSOR_CATALOG_FILE", usage: "catalog file (default: embedded catalog)", set: str(func(c *pipeline.Config) *string { return &c.CatalogFile })},
		{flag: "workers", env: "PRECURSOR_WORKERS", usage: "scoring goroutines (default GOMAXPROCS)", set: num(func(c *pipeline.Config) *int { return &c.Workers })},
		{flag: "batch-size", env: "PRECURSOR_BATCH_SIZE", usage: "events per batch (default 500)", set: num(func(c *pipeline.Config) *int { return &c.BatchSize })},
		{flag: "batch-timeout", env: "PRECURSOR_BATCH_TIMEOUT", usage: "max wait to fill a batch (default 50ms)", set: duration(func(c *pipeline.Config) *time.Duration { return &c.BatchTimeout })},
		{flag: "http-listen", env: "PRECURSOR_HTTP_LISTEN", usage: "metrics/health address (default :9464; empty disables)", set: str(func(c *pipeline.Config) *string { return &c.HTTPListen })},
		{flag: "log-level", env: "PRECURSOR_LOG_LEVEL", usage: "debug, info, warn or error (default info)", set: str(func(c *pipeline.Config) *string { return &c.LogLevel })},
		{flag: "log-format", env: "PRECURSOR_LOG_FORMAT", usage: "text or json (default text)", set: str(func(c *pipeline.Config) *string { return &c.LogFormat })},
		{flag: "create-topics", env: "PRECURSOR_CREATE_TOPICS", usage: "create missing topics at start", isBool: true, set: boolean(func(c *pipeline.Config) *bool { return &c.CreateTopics })},
		{flag: "partitions", env: "PRECURSOR_PARTITIONS", usage: "partitions of created topics (default 6)", set: num(func(c *pipeline.Config) *int { return &c.Partitions })},
		{flag: "replication-factor", env: "PRECURSOR_REPLICATION_FACTOR", usage: "replication factor of created topics (default 1)", set: num(func(c *pipeline.Config) *int { return &c.ReplicationFactor })},
		{flag: "shutdown-timeout", env: "PRECURSOR_SHUTDOWN_TIMEOUT", usage: "bound on drain at shutdown (default 15s)", set: duration(func(c *pipeline.Config) *time.Duration { return &c.ShutdownTimeout })},
		{flag: "watch-files", env: "PRECURSOR_WATCH_FILES", usage: "reload when rule or catalog files change (default true)", isBool: true, set: boolean(func(c *pipeline.Config) *bool { return &c.WatchFiles })},
		{flag: "tls", env: "PRECURSOR_TLS_ENABLED", usage: "use TLS to the brokers", isBool: true, set: boolean(func(c *pipeline.Config) *bool { return &c.TLS.Enabled })},
		{flag: "tls-ca", env: "PRECURSOR_TLS_CA_FILE", usage: "PEM CA bundle", set: str(func(c *pipeline.Config) *string { return &c.TLS.CAFile })},
		{flag: "tls-cert", env: "PRECURSOR_TLS_CERT_FILE", usage: "PEM client certificate", set: str(func(c *pipeline.Config) *string { return &c.TLS.CertFile })},
		{flag: "tls-key", env: "PRECURSOR_TLS_KEY_FILE", usage: "PEM client key", set: str(func(c *pipeline.Config) *string { return &c.TLS.KeyFile })},
		{flag: "tls-insecure-skip-verify", env: "PRECURSOR_TLS_INSECURE_SKIP_VERIFY", usage: "do not verify broker certificates", isBool: true, set: boolean(func(c *pipeline.Config) *bool { return &c.TLS.InsecureSkipVerify })},
		{flag: "sasl-mechanism", env: "PRECURSOR_SASL_MECHANISM", usage: "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", set: str(func(c *pipeline.Config) *string { return &c.SASL.Mechanism })},
		{flag: "sasl-username", env: "PRECURSOR_SASL_USERNAME", usage: "SASL user", set: str(func(c *pipeline.Config) *string { return &c.SASL.Username })},
		{flag: "sasl-password-file", env: "PRECURSOR_SASL_PASSWORD_FILE", usage: "file holding the SASL password (or env PRECURSOR_SASL_PASSWORD)", set: str(func(c *pipeline.Config) *string { return &c.SASL.PasswordFile })},
	}
}
