package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/precursorwatch/precursor/internal/synth"
)

// runGenerate writes synthetic manifest events as JSON Lines.
func runGenerate(ctx context.Context, args []string, s stdio) error {
	fs := newSynthFlagSet("generate", s)
	count := fs.Int("count", 1000, "number of manifests to write")
	var sf synthFlags
	sf.register(fs, 0)
	base := fs.String("base-time", "2026-01-05T00:00:00Z", "event time of the first manifest (RFC 3339)")
	interval := fs.Duration("interval", time.Second, "mean spacing of event times")
	out := fs.String("o", "-", "output file (\"-\" is stdout)")
	labels := fs.String("labels", "", "also write the ground truth (shipment_id, kind, scenario, chemical) as JSONL to this file")
	if err := parseSynthFlags(fs, args); err != nil {
		return helpIsNotAnError(err)
	}
	if *count < 0 {
		return usagef("--count %d is negative", *count)
	}
	opts, err := synthOptions(sf, *base, *interval)
	if err != nil {
		return err
	}
	w, closeOut, err := createOutput(*out, s.out)
	if err != nil {
		return err
	}
	lw, closeLabels, err := createOutput(*labels, nil)
	if err != nil {
		closeOut()
		return err
	}
	err = writeEvents(ctx, synth.New(sf.seed, opts), *count, w, lw)
	return errors.Join(err, closeLabels(), closeOut())
}

// writeEvents writes n events as JSONL to w, and their labels to lw if not
// nil.
func writeEvents(ctx context.Context, g *synth.Generator, n int, w, lw *bufio.Writer) error {
	type label struct {
		ShipmentID string `json:"shipment_id"`
		Kind       string `json:"kind"`
		Scenario   string `json:"scenario"`
		Chemical   string `json:"chemical,omitempty"`
	}
	for i := range n {
		if i%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		e := g.Next()
		w.Write(e.Value)
		if err := w.WriteByte('\n'); err != nil {
			return fmt.Errorf("write manifests: %w", err)
		}
		if lw == nil {
			continue
		}
		b, _ := json.Marshal(label{e.ShipmentID, string(e.Label.Kind), e.Label.Scenario, e.Label.Chemical})
		lw.Write(b)
		if err := lw.WriteByte('\n'); err != nil {
			return fmt.Errorf("write labels: %w", err)
		}
	}
	return nil
}

// createOutput opens path for writing ("-" means std, "" means none) and
// returns a buffered writer and a function that flushes and closes it.
func createOutput(path string, std io.Writer) (*bufio.Writer, func() error, error) {
	switch {
	case path == "":
		return nil, func() error { return nil }, nil
	case path == "-" && std != nil:
		w := bufio.NewWriterSize(std, 1<<16)
		return w, w.Flush, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	return w, func() error {
		if err := w.Flush(); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
		return f.Close()
	}, nil
}

// synthOptions turns the shared generator flags into synth.Options.
func synthOptions(f synthFlags, base string, interval time.Duration) (synth.Options, error) {
	opts := synth.DefaultOptions()
	opts.RiskyFraction, opts.MalformedFraction = f.riskyPct/100, f.malformedPct/100
	opts.DerivativeFraction = f.derivativePct / 100
	opts.Interval = interval
	if base != "" {
		t, err := time.Parse(time.RFC3339, base)
		if err != nil {
			return opts, usagef("--base-time: %v", err)
		}
		opts.BaseTime = t
	}
	if err := opts.Validate(); err != nil {
		return opts, usagef("%v (percentages are 0..100)", err)
	}
	return opts, nil
}

// newSynthFlagSet returns a flag set for the generate, demo and bench
// commands that prints its usage to s.err.
func newSynthFlagSet(name string, s stdio) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(s.err)
	return fs
}

// parseSynthFlags parses args, maps -h to a clean exit and other problems to
// usage errors, and refuses positional arguments.
func parseSynthFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errSynthHelp
		}
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// errSynthHelp says -h was given and usage has been printed.
var errSynthHelp = errors.New("help shown")

// helpIsNotAnError maps errSynthHelp to nil, so -h exits 0.
func helpIsNotAnError(err error) error {
	if errors.Is(err, errSynthHelp) {
		return nil
	}
	return err
}
