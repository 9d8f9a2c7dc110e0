package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/precursorwatch/precursor/pipeline"
	"github.com/precursorwatch/precursor/structure"
)

// startResolverJar runs the structure resolver jar of cfg (structure.jar)
// as a child process and points cfg at it (structure.url). The returned
// stop ends the child (a no-op when none was started). A resolver that
// does not start is logged, and the service runs without it: screening by
// the catalog alone, as with the resolver off.
func startResolverJar(ctx context.Context, cfg *pipeline.Config, stderr io.Writer, log *slog.Logger) (stop func()) {
	jar := cfg.Structure.Jar
	if jar == "" {
		return func() {}
	}
	cfg.Structure.Jar = ""
	start := time.Now()
	p, err := structure.Start(ctx, structure.StartConfig{Jar: jar, Stderr: stderr})
	if err != nil {
		log.Error("structure resolver did not start; running without it", "jar", jar, "err", err)
		return func() {}
	}
	cfg.Structure.URL = p.URL
	log.Info("structure resolver started", "jar", jar, "pid", p.PID(), "url", p.URL, "took", time.Since(start).Round(time.Millisecond))
	return func() { p.Stop(resolverStopGrace) }
}

// checkResolverJar is the --check of structure.jar: the file must exist
// (the resolver itself is not started).
func checkResolverJar(cfg pipeline.Config) []string {
	if cfg.Structure.Jar == "" {
		return nil
	}
	if err := checkFile(cfg.Structure.Jar); err != nil {
		return []string{fmt.Sprintf("structure.jar: %v (build it with make resolver)", err)}
	}
	return nil
}
