package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// scoreOptions are the flags of `precursor score`.
type scoreOptions struct {
	rulesDir    string // "" = embedded default pack
	catalogFile string // "" = embedded catalog
	format      string // jsonl or table
	minSeverity string // "" = the ruleset's min_severity (Result.Emit)
	workers     int
	progress    string // auto, always or never
	input       string // file path or "-"
	lists       listFlags
}

func parseScoreFlags(args []string, stderr io.Writer) (scoreOptions, error) {
	var o scoreOptions
	fs := flag.NewFlagSet("score", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rulesFlag(fs, &o.rulesDir)
	catalogFlag(fs, &o.catalogFile)
	o.lists.register(fs)
	fs.StringVar(&o.format, "format", "jsonl", "output format: jsonl (one alert per line) or table")
	fs.StringVar(&o.minSeverity, "min-severity", "", "lowest `SEVERITY` written: none, low, medium, high, critical (default: the ruleset's min_severity)")
	fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "scoring goroutines")
	fs.StringVar(&o.progress, "progress", "auto", "progress bar on stderr: auto (when stderr is a terminal), always or never")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: precursor score [flags] FILE|-")
		fmt.Fprintln(stderr, "\nScores manifest JSONL (one event per line) offline: alerts go to stdout in")
		fmt.Fprintln(stderr, "input order, a summary (invalid lines, alerts by severity, hits per rule) to stderr.")
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, usagef("%v", err)
	}
	if len(pos) != 1 {
		fs.Usage()
		return o, usagef("want exactly one input FILE or - for stdin, got %d arguments", len(pos))
	}
	o.input = pos[0]
	if o.format != "jsonl" && o.format != "table" {
		return o, usagef("--format %q: want jsonl or table", o.format)
	}
	if o.minSeverity != "" && !slices.Contains(rulefmt.Severities, o.minSeverity) {
		return o, usagef("--min-severity %q: want one of %s", o.minSeverity, strings.Join(rulefmt.Severities, ", "))
	}
	if o.workers < 1 {
		return o, usagef("--workers %d: want at least 1", o.workers)
	}
	if o.progress != "auto" && o.progress != "always" && o.progress != "never" {
		return o, usagef("--progress %q: want auto, always or never", o.progress)
	}
	return o, nil
}

// runScore implements `precursor score`. It exits 0 when the whole input
// was read and at least one line was scored, whatever it found: invalid
// lines and alerts are reported, not failures. Exit 1 when no line could
// be scored (an empty input, or nothing but invalid lines: a wrong file or
// format), and for reading or writing errors and engine load errors.
func runScore(ctx context.Context, args []string, s stdio) error {
	o, err := parseScoreFlags(args, s.err)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	e, err := rules.LoadEngine(o.rulesDir, o.catalogFile)
	if err != nil {
		return fmt.Errorf("load rules: %w", err)
	}
	// Not cancellable: a Ctrl-C during the load still prints the (empty)
	// summary, as one during scoring does.
	lists, err := o.lists.load(context.WithoutCancel(ctx))
	if err != nil {
		return err
	}
	return scoreWith(ctx, e.WithParties(lists), o, s)
}

// scoreWith scores the input named by o with a loaded engine.
func scoreWith(ctx context.Context, e *rules.Engine, o scoreOptions, s stdio) error {
	in, size, closeIn, err := openScoreInput(o.input, s.in)
	if err != nil {
		return err
	}
	defer closeIn()
	var bar *progressBar
	if showProgress(o.progress, s.err) {
		bar = newProgressBar(s.err, size)
	}
	sc := &scorer{engine: e, opts: o}
	sum := newScoreSummary(e)
	err = sc.run(ctx, in, s.out, sum, bar)
	bar.finish()
	if werr := sum.write(s.err, o.input); err == nil {
		err = werr
	}
	if err == nil && sum.scoredN == 0 {
		fmt.Fprintf(s.err, "precursor score: no line of %s could be scored (%d lines, %d invalid, %d blank)\n",
			o.input, sum.lines, sum.invalidN, sum.blanks)
		return errFindings
	}
	return err
}

// openScoreInput opens FILE, or stdin for "-". size is the file size when
// known (for the progress bar), else -1.
func openScoreInput(name string, stdin io.Reader) (io.Reader, int64, func(), error) {
	if name == "-" {
		return stdin, -1, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("open input: %w", err)
	}
	size := int64(-1)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return f, size, func() { f.Close() }, nil
}

// showProgress decides whether to draw the progress bar: with "auto" only
// when stderr is a terminal (a character device), so redirected output
// and tests stay clean.
func showProgress(mode string, stderr io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	f, ok := stderr.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
