package main

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/pipeline"
)

// setting is one field of pipeline.Config that the config file, the
// environment and a flag of `precursor run` can set, all under one name:
// its config key. The flag is the key with '.' and '_' written '-'
// (tls.ca_file: --tls-ca-file), the environment variable PRECURSOR_ and the
// key in capitals with '.' written '_' (PRECURSOR_TLS_CA_FILE).
type setting struct {
	key, usage string
	isBool     bool
	// isList settings take comma-separated values; a repeated flag adds
	// to them.
	isList bool
	set    func(c *pipeline.Config, v string) error
	// was holds the names the setting had before this release, still
	// accepted, with a warning, for one release.
	was former
}

// former are the retired names of a setting; "" when a name did not
// change.
type former struct{ flag, env, key string }

func (s setting) flag() string { return strings.NewReplacer(".", "-", "_", "-").Replace(s.key) }

func (s setting) env() string {
	return "PRECURSOR_" + strings.ToUpper(strings.ReplaceAll(s.key, ".", "_"))
}

// runSettings lists every field settable from the config file, env and
// flags. The SASL password has no flag (it would show in ps): use the
// environment variable PRECURSOR_SASL_PASSWORD or sasl.password_file.
func runSettings() []setting {
	return []setting{
		{key: "brokers", usage: "comma-separated bootstrap brokers host:port", set: func(c *pipeline.Config, v string) error {
			c.Brokers = nil
			for _, b := range strings.Split(v, ",") {
				if b = strings.TrimSpace(b); b != "" {
					c.Brokers = append(c.Brokers, b)
				}
			}
			return nil
		}},
		{key: "group_id", usage: "consumer group (default precursor)", set: str(func(c *pipeline.Config) *string { return &c.GroupID })},
		{key: "topics.input", usage: "manifest topic (default manifests)", set: str(func(c *pipeline.Config) *string { return &c.Topics.Input }),
			was: former{flag: "input-topic", env: "PRECURSOR_INPUT_TOPIC"}},
		{key: "topics.alerts", usage: "alert topic (default precursor-alerts)", set: str(func(c *pipeline.Config) *string { return &c.Topics.Alerts }),
			was: former{flag: "alerts-topic", env: "PRECURSOR_ALERTS_TOPIC"}},
		{key: "topics.dead_letters", usage: "dead-letter topic (default precursor-dead-letters)", set: str(func(c *pipeline.Config) *string { return &c.Topics.DeadLetters }),
			was: former{flag: "dead-letters-topic", env: "PRECURSOR_DEAD_LETTERS_TOPIC"}},
		{key: "rules", usage: usageRules, set: str(func(c *pipeline.Config) *string { return &c.RulesDir }),
			was: former{flag: "rules-dir", env: "PRECURSOR_RULES_DIR", key: "rules_dir"}},
		{key: "catalog", usage: usageCatalog, set: str(func(c *pipeline.Config) *string { return &c.CatalogFile }),
			was: former{env: "PRECURSOR_CATALOG_FILE", key: "catalog_file"}},
		{key: "candidate_rules", usage: "candidate rule pack `DIR` scored beside the live one; its alerts go to topics.candidate_alerts (default: none)",
			set: str(func(c *pipeline.Config) *string { return &c.CandidateRulesDir })},
		{key: "topics.candidate_alerts", usage: "alert topic of the candidate rule pack (default precursor-candidate-alerts)",
			set: str(func(c *pipeline.Config) *string { return &c.Topics.CandidateAlerts })},
		{key: "workers", usage: "scoring goroutines (default GOMAXPROCS+1)", set: num(func(c *pipeline.Config) *int { return &c.Workers })},
		{key: "batch_size", usage: "events per batch (default 500)", set: num(func(c *pipeline.Config) *int { return &c.BatchSize })},
		{key: "batch_timeout", usage: "max wait to fill a batch (default 50ms)", set: duration(func(c *pipeline.Config) *time.Duration { return &c.BatchTimeout })},
		{key: "http", usage: usageHTTP + " (default " + pipeline.DefaultHTTPListen + ", this host only; :9464 for every interface; empty disables)",
			set: str(func(c *pipeline.Config) *string { return &c.HTTPListen }),
			was: former{flag: "http-listen", env: "PRECURSOR_HTTP_LISTEN", key: "http_listen"}},
		{key: "web_config_file", usage: "exporter-toolkit web configuration `FILE` securing the HTTP endpoints (TLS, basic auth), as --web.config.file of Prometheus exporters",
			set: str(func(c *pipeline.Config) *string { return &c.WebConfigFile })},
		{key: "log_level", usage: "debug, info, warn or error (default info)", set: str(func(c *pipeline.Config) *string { return &c.LogLevel })},
		{key: "log_format", usage: "text or json (default text)", set: str(func(c *pipeline.Config) *string { return &c.LogFormat })},
		{key: "create_topics", usage: "create missing topics at start", isBool: true, set: boolean(func(c *pipeline.Config) *bool { return &c.CreateTopics })},
		{key: "partitions", usage: "partitions of created topics (default 6)", set: num(func(c *pipeline.Config) *int { return &c.Partitions })},
		{key: "replication_factor", usage: "replication factor of created topics (default 1)", set: num(func(c *pipeline.Config) *int { return &c.ReplicationFactor })},
		{key: "shutdown_timeout", usage: "bound on drain at shutdown (default 15s)", set: duration(func(c *pipeline.Config) *time.Duration { return &c.ShutdownTimeout })},
		{key: "eval_timeout", usage: "bound on scoring one event; a rule still running is stopped as a rule error (default 250ms)",
			set: duration(func(c *pipeline.Config) *time.Duration { return &c.EvalTimeout })},
		{key: "stall_timeout", usage: "/healthz fails after this long without a commit while the lag is positive (default 5m)",
			set: duration(func(c *pipeline.Config) *time.Duration { return &c.StallTimeout })},
		{key: "watch_files", usage: "reload when rule, catalog or list files change (default true)", isBool: true, set: boolean(func(c *pipeline.Config) *bool { return &c.WatchFiles })},
		{key: "lists", usage: usageLists, isList: true, set: strs(func(c *pipeline.Config) *[]string { return &c.Lists })},
		{key: "list_exceptions", usage: usageListExceptions, isList: true, set: strs(func(c *pipeline.Config) *[]string { return &c.ListExceptions })},
		{key: "list_max_age", usage: "how old a list's publication date may get before the PrecursorPartyListStale alert fires (default 720h)",
			set: duration(func(c *pipeline.Config) *time.Duration { return &c.ListMaxAge })},
		{key: "tls.enabled", usage: "use TLS to the brokers", isBool: true, set: boolean(func(c *pipeline.Config) *bool { return &c.TLS.Enabled }),
			was: former{flag: "tls"}},
		{key: "tls.ca_file", usage: "PEM CA bundle (default: the system roots)", set: str(func(c *pipeline.Config) *string { return &c.TLS.CAFile }),
			was: former{flag: "tls-ca"}},
		{key: "tls.cert_file", usage: "PEM client certificate", set: str(func(c *pipeline.Config) *string { return &c.TLS.CertFile }),
			was: former{flag: "tls-cert"}},
		{key: "tls.key_file", usage: "PEM client key", set: str(func(c *pipeline.Config) *string { return &c.TLS.KeyFile }),
			was: former{flag: "tls-key"}},
		{key: "tls.insecure_skip_verify", usage: "do not verify broker certificates", isBool: true, set: boolean(func(c *pipeline.Config) *bool { return &c.TLS.InsecureSkipVerify })},
		{key: "sasl.mechanism", usage: "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", set: str(func(c *pipeline.Config) *string { return &c.SASL.Mechanism })},
		{key: "sasl.username", usage: "SASL user", set: str(func(c *pipeline.Config) *string { return &c.SASL.Username })},
		{key: "sasl.password_file", usage: "file holding the SASL password (or env PRECURSOR_SASL_PASSWORD)", set: str(func(c *pipeline.Config) *string { return &c.SASL.PasswordFile })},
		{key: "structure.url", usage: "base URL of a running structure resolver, e.g. http://127.0.0.1:8795 (default: off)", set: str(func(c *pipeline.Config) *string { return &c.Structure.URL })},
		{key: "structure.jar", usage: "structure resolver jar to run as a child process (make resolver builds .cache/resolver/resolver.jar; needs java)", set: str(func(c *pipeline.Config) *string { return &c.Structure.Jar })},
		{key: "structure.timeout", usage: "bound on one structure lookup (default 500ms)", set: duration(func(c *pipeline.Config) *time.Duration { return &c.Structure.Timeout })},
		{key: "structure.budget", usage: "bound on all structure lookups of one manifest (default 1s)", set: duration(func(c *pipeline.Config) *time.Duration { return &c.Structure.Budget })},
		{key: "structure.cache_size", usage: "structure answers kept (default 10000)", set: num(func(c *pipeline.Config) *int { return &c.Structure.CacheSize })},
		{key: "structure.max_in_flight", usage: "concurrent structure resolver requests (default 4)", set: num(func(c *pipeline.Config) *int { return &c.Structure.MaxInFlight })},
	}
}

// settingValue is a flag.Value remembering the raw text; the setting
// parses it once precedence is resolved.
type settingValue struct {
	val            string
	isBool, isList bool
}

func (v *settingValue) String() string { return v.val }

func (v *settingValue) Set(s string) error {
	if v.isList && v.val != "" {
		s = v.val + "," + s
	}
	v.val = s
	return nil
}
func (v *settingValue) IsBoolFlag() bool { return v.isBool }

func str(f func(c *pipeline.Config) *string) func(*pipeline.Config, string) error {
	return func(c *pipeline.Config, v string) error { *f(c) = v; return nil }
}

// strs sets a list from comma-separated values (YAML config files write a
// list).
func strs(f func(c *pipeline.Config) *[]string) func(*pipeline.Config, string) error {
	return func(c *pipeline.Config, v string) error {
		var out []string
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		*f(c) = out
		return nil
	}
}

func num(f func(c *pipeline.Config) *int) func(*pipeline.Config, string) error {
	return func(c *pipeline.Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return errors.New("the value is not an integer") // never quoted: it may be a secret in the wrong place
		}
		*f(c) = n
		return nil
	}
}

func boolean(f func(c *pipeline.Config) *bool) func(*pipeline.Config, string) error {
	return func(c *pipeline.Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("the value is not true or false")
		}
		*f(c) = b
		return nil
	}
}

func duration(f func(c *pipeline.Config) *time.Duration) func(*pipeline.Config, string) error {
	return func(c *pipeline.Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return errors.New("the value is not a duration such as 50ms or 15s")
		}
		*f(c) = d
		return nil
	}
}
