package pipeline

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/rules"
)

// Config is the pipeline configuration. The zero value is not usable; start
// from DefaultConfig. Every field documents its default; Validate reports all
// problems at once and has no side effects.
type Config struct {
	// Brokers lists the bootstrap brokers as host:port. Required.
	Brokers []string `yaml:"brokers"`
	// GroupID is the consumer group. Default "precursor".
	GroupID string `yaml:"group_id"`
	// Topics names the input, alert and dead-letter topics.
	Topics Topics `yaml:"topics"`
	// TLS configures TLS to the brokers. Default disabled.
	TLS TLS `yaml:"tls"`
	// SASL configures SASL authentication. Default none.
	SASL SASL `yaml:"sasl"`
	// RulesDir is the rule pack directory. Default "" (the embedded pack).
	RulesDir string `yaml:"rules"`
	// CatalogFile is the precursor catalog. Default "" (the embedded catalog).
	CatalogFile string `yaml:"catalog"`
	// CandidateRulesDir is a candidate rule pack evaluated beside the live
	// one on the same events (same decoding and enrichment, a second
	// score) before it is promoted: its alerts go to
	// Topics.CandidateAlerts, never to the analysts' Topics.Alerts, and its
	// metrics carry pack="candidate". It is reloaded with the live pack.
	// Default "" (no candidate).
	CandidateRulesDir string `yaml:"candidate_rules"`
	// Workers is the number of goroutines scoring a batch. Default
	// DefaultWorkers(), one more than runtime.GOMAXPROCS(0); 0 also means
	// that.
	Workers int `yaml:"workers"`
	// BatchSize is the most events fetched, scored, written and committed
	// together. Default 500.
	BatchSize int `yaml:"batch_size"`
	// BatchTimeout is how long a batch waits to fill once its first event
	// has arrived. Default 50ms.
	BatchTimeout time.Duration `yaml:"batch_timeout"`
	// HTTPListen is the address of /metrics, /healthz and /readyz.
	// Default "127.0.0.1:9464": only this host, until a web config file
	// secures the endpoints or a deployment opens them on purpose
	// (":9464", as the Kubernetes and compose configs do for a
	// Prometheus in another pod or container). "" disables the server.
	HTTPListen string `yaml:"http"`
	// WebConfigFile is an exporter-toolkit web configuration file (TLS,
	// basic auth with bcrypt hashes, headers, rate limit) for the HTTP
	// endpoints, the --web.config.file of every Prometheus exporter; it is
	// re-read on every request. Default "" (plain HTTP, no auth).
	WebConfigFile string `yaml:"web_config_file"`
	// LogLevel is debug, info, warn or error. Default "info". Used by
	// cmd/precursor to build the logger.
	LogLevel string `yaml:"log_level"`
	// LogFormat is text or json. Default "text". Used by cmd/precursor.
	LogFormat string `yaml:"log_format"`
	// CreateTopics creates the three topics at start when they are missing
	// (idempotent). Default false.
	CreateTopics bool `yaml:"create_topics"`
	// Partitions is the partition count of created topics. Default 6.
	Partitions int `yaml:"partitions"`
	// ReplicationFactor of created topics. Default 1.
	ReplicationFactor int `yaml:"replication_factor"`
	// ShutdownTimeout bounds the drain on shutdown: finishing the batch in
	// flight, writing its results, committing and leaving the group.
	// Default 15s.
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
	// WatchFiles reloads rules and catalog, and the party lists, when
	// their files change (debounced 250ms). Default true. SIGHUP and
	// Reload always work.
	WatchFiles bool `yaml:"watch_files"`
	// Lists are the sanctions and watch list files the parties are
	// screened against, each PATH or ID=PATH (lists.go). Default none:
	// the embedded sample lists.
	Lists []string `yaml:"lists"`
	// ListExceptions are exceptions files clearing known false matches
	// of the lists. Default none; needs Lists.
	ListExceptions []string `yaml:"list_exceptions"`
	// ListMaxAge is how old a list's publication date may get before the
	// PrecursorPartyListStale alert fires (exported as
	// party_lists_max_age_seconds). Default 720h (30 days).
	ListMaxAge time.Duration `yaml:"list_max_age"`
	// Structure configures the optional structure resolver. Default off.
	Structure StructureConfig `yaml:"structure"`
	// EvalTimeout bounds scoring one event: a rule still running then is
	// stopped and recorded as a rule error, and the event moves on
	// (rules.DefaultEventTimeout, 250ms, by default).
	EvalTimeout time.Duration `yaml:"eval_timeout"`
	// StallTimeout is how long the loop may commit nothing while the
	// group lag is positive before /healthz fails and precursor_stalled
	// is 1. Default 5m.
	StallTimeout time.Duration `yaml:"stall_timeout"`
}

// Topics names the three topics the pipeline uses.
type Topics struct {
	// Input carries manifest events. Default "manifests".
	Input string `yaml:"input"`
	// Alerts receives alert JSON keyed by shipment id. Default "precursor-alerts".
	Alerts string `yaml:"alerts"`
	// DeadLetters receives events that cannot be decoded or validated,
	// unchanged, with precursor-* headers. Default "precursor-dead-letters".
	DeadLetters string `yaml:"dead_letters"`
	// CandidateAlerts receives the alerts of the candidate rule pack
	// (Config.CandidateRulesDir), in the alert JSON of Alerts. Used only
	// with a candidate. Default "precursor-candidate-alerts".
	CandidateAlerts string `yaml:"candidate_alerts"`
}

// DefaultConfig returns the documented defaults. Brokers is empty and must
// be set.
func DefaultConfig() Config {
	return Config{
		GroupID: "precursor",
		Topics: Topics{
			Input:           "manifests",
			Alerts:          "precursor-alerts",
			DeadLetters:     "precursor-dead-letters",
			CandidateAlerts: "precursor-candidate-alerts",
		},
		Workers:           DefaultWorkers(),
		BatchSize:         500,
		BatchTimeout:      50 * time.Millisecond,
		HTTPListen:        DefaultHTTPListen,
		LogLevel:          "info",
		LogFormat:         "text",
		Partitions:        6,
		ReplicationFactor: 1,
		ShutdownTimeout:   15 * time.Second,
		WatchFiles:        true,
		ListMaxAge:        defaultListMaxAge,
		Structure:         defaultStructureConfig(),
		EvalTimeout:       rules.DefaultEventTimeout,
		StallTimeout:      5 * time.Minute,
	}
}

// DefaultHTTPListen is the default address of the HTTP endpoints: this
// host only (see Config.HTTPListen).
const DefaultHTTPListen = "127.0.0.1:9464"

// Validate reports every problem of c at once, joined with errors.Join. It
// reads no files and opens no connections.
func (c Config) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if len(c.Brokers) == 0 {
		add("brokers: at least one broker is required")
	}
	for i, b := range c.Brokers {
		if !validHostPort(b) {
			add("brokers[%d]: %q is not host:port", i, b)
		}
	}
	if strings.TrimSpace(c.GroupID) == "" {
		add("group_id: must not be empty")
	}
	errs = append(errs, c.Topics.validate(c.CandidateRulesDir != "")...)
	errs = append(errs, c.TLS.validate()...)
	errs = append(errs, c.SASL.validate()...)
	errs = append(errs, c.validateRuntime()...)
	errs = append(errs, c.validateLists()...)
	errs = append(errs, c.Structure.validate()...)
	return errors.Join(errs...)
}

// validateRuntime checks the batching, logging, topic-creation, shutdown
// and HTTP settings.
func (c Config) validateRuntime() []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Workers < 0 {
		add("workers: %d is negative", c.Workers)
	}
	if c.BatchSize < 1 || c.BatchSize > maxBatchSize {
		add("batch_size: %d is outside 1..%d", c.BatchSize, maxBatchSize)
	}
	if c.BatchTimeout <= 0 {
		add("batch_timeout: %v must be positive", c.BatchTimeout)
	}
	switch strings.ToLower(c.LogLevel) {
	case "", "debug", "info", "warn", "error":
	default:
		add("log_level: %q is not debug, info, warn or error", c.LogLevel)
	}
	switch c.LogFormat {
	case "", "text", "json":
	default:
		add("log_format: %q is not text or json", c.LogFormat)
	}
	if c.CreateTopics && c.Partitions < 1 {
		add("partitions: %d must be at least 1", c.Partitions)
	}
	if c.CreateTopics && c.ReplicationFactor < 1 {
		add("replication_factor: %d must be at least 1", c.ReplicationFactor)
	}
	if c.ShutdownTimeout <= 0 {
		add("shutdown_timeout: %v must be positive", c.ShutdownTimeout)
	}
	if c.HTTPListen != "" && !validListen(c.HTTPListen) {
		add("http: %q is not [host]:port", c.HTTPListen)
	}
	if c.WebConfigFile != "" && c.HTTPListen == "" {
		add("web_config_file: set but http is empty (the HTTP server is disabled)")
	}
	if c.EvalTimeout <= 0 {
		add("eval_timeout: %v must be positive", c.EvalTimeout)
	}
	if c.StallTimeout <= 0 {
		add("stall_timeout: %v must be positive", c.StallTimeout)
	}
	return errs
}

// maxBatchSize bounds BatchSize: one batch is held in memory and written in
// one request per topic.
const maxBatchSize = 100000

// validate checks the topic names; the candidate alert topic only when
// there is a candidate pack.
func (t Topics) validate(candidate bool) []error {
	var errs []error
	names := map[string]string{}
	topics := []struct{ field, name string }{
		{"topics.input", t.Input}, {"topics.alerts", t.Alerts}, {"topics.dead_letters", t.DeadLetters},
	}
	if candidate {
		topics = append(topics, struct{ field, name string }{"topics.candidate_alerts", t.CandidateAlerts})
	}
	for _, f := range topics {
		if err := validTopic(f.name); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.field, err))
			continue
		}
		if other, dup := names[f.name]; dup {
			errs = append(errs, fmt.Errorf("%s: %q is also %s", f.field, f.name, other))
		}
		names[f.name] = f.field
	}
	return errs
}

// validTopic applies Kafka's topic name rules.
func validTopic(name string) error {
	switch {
	case name == "":
		return errors.New("must not be empty")
	case len(name) > 249:
		return fmt.Errorf("%q is longer than 249 characters", name)
	case name == "." || name == "..":
		return fmt.Errorf("%q is not a valid topic name", name)
	}
	for _, r := range name {
		if !(r == '.' || r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return fmt.Errorf("%q has %q; only letters, digits, '.', '_' and '-' are allowed", name, r)
		}
	}
	return nil
}

func validHostPort(s string) bool {
	i := strings.LastIndexByte(s, ':')
	return i > 0 && validPort(s[i+1:])
}

func validListen(s string) bool {
	i := strings.LastIndexByte(s, ':')
	return i >= 0 && validPort(s[i+1:])
}

func validPort(p string) bool {
	if p == "" || len(p) > 5 {
		return false
	}
	n := 0
	for _, r := range p {
		if r < '0' || r > '9' {
			return false
		}
		n = n*10 + int(r-'0')
	}
	return n <= 65535
}

// DefaultWorkers is the default number of scoring goroutines: one more
// than runtime.GOMAXPROCS(0). Workers yield their thread every few events
// so that the Kafka reader fills the next batch meanwhile (yieldEvery,
// evaluate.go), and with one worker per thread a thread was left idle for
// about 6% of the bench's pipeline phase while scoring waited for its
// workers. With the spare worker, precursor bench on 2 cores used 1.91
// instead of 1.86 cores and the pipeline ran 5–7% faster; a fourth worker
// was slower again (docs/performance.md).
func DefaultWorkers() int { return runtime.GOMAXPROCS(0) + 1 }

// workers resolves the Workers default.
func (c Config) workers() int {
	if c.Workers <= 0 {
		return DefaultWorkers()
	}
	return c.Workers
}
