package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func runVersion(_ context.Context, _ []string, s stdio) error {
	rev := "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, kv := range info.Settings {
			if kv.Key == "vcs.revision" {
				rev = kv.Value
			}
		}
	}
	fmt.Fprintf(s.out, "precursor %s (revision %s, %s)\n", version, rev, runtime.Version())
	return nil
}
