// Command precursor screens shipment manifests for fentanyl and
// methamphetamine precursor chemicals.
//
// main only wires subcommands, signals (signals.go) and exit codes; the
// work is done by the chemicals, rules and pipeline packages.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// Exit codes shared by every subcommand.
const (
	exitOK       = 0
	exitFindings = 1 // the command ran and found problems (lint errors, failing tests)
	exitUsage    = 2 // bad flags or arguments
)

// errFindings tells main to exit with exitFindings without printing anything
// more: the command has already reported what it found.
var errFindings = errors.New("findings reported")

// errUsage wraps a usage problem; main prints it and exits with exitUsage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// stdio carries the streams a command writes to, so tests can capture them.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, s stdio) error
}

func commands() []command {
	return []command{
		{"demo", "run the pipeline on an embedded Kafka broker with synthetic manifests", runDemo},
		{"run", "consume manifests from Kafka, score them, emit alerts (the service)", runRun},
		{"score", "score manifest JSONL offline and write alerts", runScore},
		{"generate", "write synthetic manifests as JSONL", runGenerate},
		{"bench", "measure pipeline throughput against the raw Kafka read rate", runBench},
		{"soak", "run `precursor run` against a broker with a steady feed; fail on memory or goroutine growth", runSoak},
		{"catalog", "look up, list and lint the precursor catalog", runCatalog},
		{"rules", "lint, test, compare, start and document rule packs; measure them from dispositions", runRules},
		{"parties", "screen a party name against sanctions lists; lint list files", runParties},
		{"console", "serve the analysts' triage console (alert queue, alert pages, dispositions)", runConsole},
		{"version", "print version information", runVersion},
	}
}

func main() {
	name := ""
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	in, stop := watchSignals(name, os.Stderr, os.Exit)
	code := run(in.ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
	stop()
	os.Exit(in.exitCode(code))
}

// run dispatches to a subcommand and maps its error to an exit code.
func run(ctx context.Context, args []string, s stdio) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(s.err)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], s)
		var ue usageError
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, errFindings):
			return exitFindings
		case errors.As(err, &ue):
			fmt.Fprintf(s.err, "precursor %s: %v\n", c.name, err)
			return exitUsage
		case ctx.Err() != nil && errors.Is(err, context.Canceled):
			fmt.Fprintf(s.err, "precursor %s: interrupted\n", c.name)
			return exitFindings
		default:
			fmt.Fprintf(s.err, "precursor %s: %v\n", c.name, err)
			return exitFindings
		}
	}
	fmt.Fprintf(s.err, "precursor: unknown command %q\n\n", args[0])
	printUsage(s.err)
	return exitUsage
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: precursor COMMAND [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'precursor COMMAND -h' for a command's flags.")
}
