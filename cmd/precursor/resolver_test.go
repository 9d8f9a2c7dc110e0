package main

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/pipeline"
)

// A structure.jar that does not start is logged, and `run` goes on with
// the resolver off instead of failing: screening by the catalog alone.
func TestStartResolverJarThatDoesNotStart(t *testing.T) {
	cfg := pipeline.DefaultConfig()
	cfg.Brokers = []string{"k:9092"}
	cfg.Structure.Jar = filepath.Join(t.TempDir(), "resolver.jar")
	var log bytes.Buffer
	stop := startResolverJar(t.Context(), &cfg, &log, slog.New(slog.NewTextHandler(&log, nil)))
	stop()
	if cfg.Structure.Enabled() {
		t.Errorf("structure config %+v: the resolver should be off", cfg.Structure)
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("config invalid after a failed start: %v", err)
	}
	if !strings.Contains(log.String(), "structure resolver did not start; running without it") {
		t.Errorf("log:\n%s", log.String())
	}
}
