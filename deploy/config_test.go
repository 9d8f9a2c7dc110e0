package deploy_test

import (
	"bytes"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/pipeline"
	"gopkg.in/yaml.v3"
)

// httpDrain is how long the HTTP server may finish requests after the
// pipeline stopped (pipeline's httpShutdownTimeout): grace periods must
// cover ShutdownTimeout plus this.
const httpDrain = 2 * time.Second

// metricsPort is the documented metrics port (pipeline.DefaultConfig's
// http, the Dockerfile's EXPOSE, the ServiceMonitor's target).
const metricsPort = "9464"

// loadConfig decodes a precursor run configuration the way cmd/precursor
// does (defaults, then the file with unknown keys rejected) and validates it.
func loadConfig(t *testing.T, path string) pipeline.Config {
	t.Helper()
	cfg := pipeline.DefaultConfig()
	dec := yaml.NewDecoder(bytes.NewReader(readFile(t, path)))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("%s: invalid configuration:\n%v", path, err)
	}
	return cfg
}

// listFiles returns the paths of a configuration's list and list
// exceptions files (a list is PATH or ID=PATH).
func listFiles(cfg pipeline.Config) []string {
	var paths []string
	for _, l := range cfg.Lists {
		if _, path, ok := strings.Cut(l, "="); ok {
			l = path
		}
		paths = append(paths, l)
	}
	return append(paths, cfg.ListExceptions...)
}

// listenPort returns the port of an http address (config key http).
func listenPort(t *testing.T, addr string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("http %q: %v", addr, err)
	}
	return port
}

func TestDefaultMetricsPort(t *testing.T) {
	if got := listenPort(t, pipeline.DefaultConfig().HTTPListen); got != metricsPort {
		t.Errorf("pipeline's default http port is %s; the deploy files use %s", got, metricsPort)
	}
}

// TestLoadConfigRejects makes sure the strict decoding above can fail: an
// unknown key and an invalid value are both errors.
func TestLoadConfigRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"unknown key":   "brokers: [k:9092]\nbroker_list: [k:9092]\n",
		"invalid value": "brokers: [k:9092]\nbatch_size: 0\n",
		"no brokers":    "group_id: g\n",
	} {
		cfg := pipeline.DefaultConfig()
		dec := yaml.NewDecoder(bytes.NewReader([]byte(doc)))
		dec.KnownFields(true)
		err := dec.Decode(&cfg)
		if err == nil {
			err = cfg.Validate()
		}
		if err == nil {
			t.Errorf("%s: accepted %q", name, doc)
		}
	}
}

// TestExampleConfig keeps the documented example (owned by the pipeline)
// loadable the way the service loads it, on the documented port.
func TestExampleConfig(t *testing.T) {
	cfg := loadConfig(t, "precursor.example.yaml")
	if got := listenPort(t, cfg.HTTPListen); got != metricsPort {
		t.Errorf("precursor.example.yaml: http port %s, want %s", got, metricsPort)
	}
}
