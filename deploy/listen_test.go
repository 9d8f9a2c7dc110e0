package deploy_test

import (
	"net"
	"testing"

	"github.com/precursorwatch/precursor/pipeline"
)

// TestScrapedConfigsListenOnEveryInterface: the service's default http
// answers its own host only, so every deployment that Prometheus scrapes
// from another container or pod must open it explicitly.
func TestScrapedConfigsListenOnEveryInterface(t *testing.T) {
	if host, _, _ := net.SplitHostPort(pipeline.DefaultConfig().HTTPListen); host != "127.0.0.1" {
		t.Errorf("default http host %q, want 127.0.0.1", host)
	}
	for _, path := range []string{"precursor.compose.yaml", "kubernetes/config/precursor.yaml"} {
		cfg := loadConfig(t, path)
		if host, _, err := net.SplitHostPort(cfg.HTTPListen); err != nil || host != "" && host != "0.0.0.0" && host != "::" {
			t.Errorf("%s: http %q does not listen on every interface; Prometheus scrapes from elsewhere", path, cfg.HTTPListen)
		}
	}
}
