package pipeline

import (
	"strings"
	"testing"
	"time"
)

func TestDefaultConfigIsDocumentedDefaults(t *testing.T) {
	c := DefaultConfig()
	checks := []struct {
		name      string
		got, want any
	}{
		{"group", c.GroupID, "precursor"},
		{"input", c.Topics.Input, "manifests"},
		{"alerts", c.Topics.Alerts, "precursor-alerts"},
		{"dead letters", c.Topics.DeadLetters, "precursor-dead-letters"},
		{"batch size", c.BatchSize, 500},
		{"batch timeout", c.BatchTimeout, 50 * time.Millisecond},
		{"http", c.HTTPListen, "127.0.0.1:9464"},
		{"web config", c.WebConfigFile, ""},
		{"eval timeout", c.EvalTimeout, 250 * time.Millisecond},
		{"stall timeout", c.StallTimeout, 5 * time.Minute},
		{"partitions", c.Partitions, 6},
		{"replication", c.ReplicationFactor, 1},
		{"shutdown", c.ShutdownTimeout, 15 * time.Second},
		{"watch", c.WatchFiles, true},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("default %s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
	if c.workers() < 1 {
		t.Errorf("workers() = %d", c.workers())
	}
}

func TestConfigValidate(t *testing.T) {
	valid := func() Config { c := DefaultConfig(); c.Brokers = []string{"localhost:9092"}; return c }
	tests := []struct {
		name   string
		edit   func(*Config)
		errors []string // every one must appear; none means valid
	}{
		{"defaults with a broker", func(*Config) {}, nil},
		{"ipv6 broker", func(c *Config) { c.Brokers = []string{"[::1]:9092"} }, nil},
		{"http disabled", func(c *Config) { c.HTTPListen = "" }, nil},
		{"no brokers", func(c *Config) { c.Brokers = nil }, []string{"brokers: at least one broker"}},
		{"broker without port", func(c *Config) { c.Brokers = []string{"kafka"} }, []string{`brokers[0]: "kafka" is not host:port`}},
		{"same topic twice", func(c *Config) { c.Topics.Alerts = c.Topics.Input }, []string{`topics.alerts: "manifests" is also topics.input`}},
		{"bad topic char", func(c *Config) { c.Topics.DeadLetters = "dead letters" }, []string{"topics.dead_letters:", "only letters"}},
		{"all problems at once", func(c *Config) {
			c.GroupID, c.BatchSize, c.BatchTimeout, c.ShutdownTimeout, c.Workers = "", 0, 0, -time.Second, -1
			c.LogFormat, c.LogLevel, c.HTTPListen = "xml", "loud", "nope"
		}, []string{"group_id", "batch_size: 0", "batch_timeout", "shutdown_timeout", "workers: -1", "log_format", "log_level", "http: "}},
		{"timeouts", func(c *Config) { c.EvalTimeout, c.StallTimeout = 0, -time.Second },
			[]string{"eval_timeout: 0s must be positive", "stall_timeout: -1s must be positive"}},
		{"web config without http", func(c *Config) { c.HTTPListen, c.WebConfigFile = "", "web.yml" },
			[]string{"web_config_file: set but http is empty"}},
		{"topic creation sizes", func(c *Config) { c.CreateTopics, c.Partitions, c.ReplicationFactor = true, 0, 0 },
			[]string{"partitions: 0", "replication_factor: 0"}},
		{"tls files without tls", func(c *Config) { c.TLS.CAFile = "ca.pem" }, []string{"tls.enabled is false"}},
		{"tls cert without key", func(c *Config) { c.TLS.Enabled, c.TLS.CertFile = true, "c.pem" }, []string{"cert_file and key_file"}},
		{"unknown sasl", func(c *Config) { c.SASL.Mechanism, c.SASL.Username, c.SASL.Password = "GSSAPI", "u", "p" }, []string{`"GSSAPI" is not PLAIN`}},
		{"sasl without credentials", func(c *Config) { c.SASL.Mechanism = SASLScramSHA256 }, []string{"sasl.username", "sasl.password"}},
		{"credentials without mechanism", func(c *Config) { c.SASL.Username = "u" }, []string{"sasl.mechanism is empty"}},
		{"sasl with password file", func(c *Config) { c.SASL.Mechanism, c.SASL.Username, c.SASL.PasswordFile = SASLPlain, "u", "/run/pw" }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := valid()
			tc.edit(&c)
			err := c.Validate()
			if len(tc.errors) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want errors %q", tc.errors)
			}
			for _, w := range tc.errors {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, lacks %q", err, w)
				}
			}
		})
	}
}

func TestSASLStringRedactsPassword(t *testing.T) {
	s := SASL{Mechanism: SASLPlain, Username: "u", Password: "hunter2"}
	if got := s.String(); strings.Contains(got, "hunter2") {
		t.Errorf("SASL.String() = %q leaks the password", got)
	}
}
