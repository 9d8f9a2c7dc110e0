package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/rules/rulediff"
)

// diffOptions are the flags of `precursor rules diff`.
type diffOptions struct {
	baseline, candidate, catalog string
	format, failOn               string
	workers, examples            int
	inputs                       []string
	topic                        topicRangeFlags
}

func parseDiffFlags(args []string, s stdio) (diffOptions, rulediff.Gates, error) {
	var o diffOptions
	fs := flag.NewFlagSet("rules diff", flag.ContinueOnError)
	fs.SetOutput(s.err)
	fs.StringVar(&o.baseline, "baseline", "", "baseline rule pack `DIR` (default: the embedded pack)")
	fs.StringVar(&o.candidate, "candidate", "", "candidate rule pack `DIR` (required)")
	catalogFlag(fs, &o.catalog)
	fs.StringVar(&o.format, "format", "md", "report format: md (Markdown, for people) or json (for CI)")
	fs.StringVar(&o.failOn, "fail-on", "", "exit 1 when any of these `GATES` holds, e.g. lost-critical,lost-high,gained>1% (see below)")
	fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "comparing goroutines")
	fs.IntVar(&o.examples, "examples", 3, "example shipments kept per change")
	o.topic.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor rules diff --candidate DIR [--baseline DIR] [flags] FILE...|-")
		fmt.Fprintln(s.err, "       precursor rules diff --candidate DIR [--baseline DIR] [flags] --topic T --brokers B [--from X] [--to Y]")
		fmt.Fprintln(s.err, "\nScores the same manifests (JSON Lines files, - for stdin, or a range of a Kafka topic)")
		fmt.Fprintln(s.err, "with both packs, decoding and enriching each once, and reports the alerts gained, lost")
		fmt.Fprintln(s.err, "and changed in severity, each rule's change in hits with examples, and the score")
		fmt.Fprintln(s.err, "distributions. Exit 1 when a --fail-on gate holds.")
		fmt.Fprintln(s.err, "\nGates (comma-separated; a bare metric means > 0; N% is a share of the scored shipments):")
		fmt.Fprintln(s.err, "  gained | lost | changed | upgraded | downgraded | rule-errors | gained-SEV | lost-SEV")
		fmt.Fprintln(s.err, "  with SEV low, medium, high or critical, and an optional > N, >= N, > N%")
		fmt.Fprintln(s.err, "\nFlags:")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, nil, err
		}
		return o, nil, usagef("%v", err)
	}
	o.inputs = pos
	gates, err := o.check()
	return o, gates, err
}

// check validates the flags together and parses the gates.
func (o *diffOptions) check() (rulediff.Gates, error) {
	switch {
	case o.candidate == "":
		return nil, usagef("--candidate DIR is required")
	case o.format != "md" && o.format != "json":
		return nil, usagef("--format %q: want md or json", o.format)
	case o.workers < 1 || o.examples < 0:
		return nil, usagef("--workers must be at least 1, --examples not negative")
	case o.topic.topic == "" && len(o.inputs) == 0:
		return nil, usagef("want input FILEs (- for stdin) or --topic")
	case o.topic.topic != "" && len(o.inputs) > 0:
		return nil, usagef("give input FILEs or --topic, not both")
	}
	if err := o.topic.check(); err != nil {
		return nil, err
	}
	gates, err := rulediff.ParseGates(o.failOn)
	if err != nil {
		return nil, usagef("--fail-on: %v", err)
	}
	return gates, nil
}

// runRulesDiff implements `precursor rules diff`.
func runRulesDiff(ctx context.Context, args []string, s stdio) error {
	o, gates, err := parseDiffFlags(args, s)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	base, cand, err := loadDiffEngines(o, s)
	if err != nil {
		return err
	}
	src, closeSrc, err := o.source(ctx, s)
	if err != nil {
		return err
	}
	defer closeSrc()
	d, err := rulediff.New(base, cand, rulediff.Options{Workers: o.workers, Examples: max(o.examples, 0)})
	if err != nil {
		return err
	}
	rep, err := d.Run(ctx, src)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	failed := gates.Check(rep)
	if o.format == "json" {
		err = rep.WriteJSON(s.out)
	} else {
		err = rep.WriteMarkdown(s.out)
	}
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	fmt.Fprintf(s.err, "precursor rules diff: %d events, %d gained, %d lost, %d changed severity in %.1fs (%.0f events/s)\n",
		rep.Events, rep.Gained.Total, rep.Lost.Total, rep.Changed.Total, rep.Seconds, float64(rep.Events)/max(rep.Seconds, 1e-9))
	if len(failed) > 0 {
		for _, g := range failed {
			fmt.Fprintf(s.err, "precursor rules diff: gate %s failed: %g > %g\n", g.Gate, g.Value, g.Limit)
		}
		return errFindings
	}
	return nil
}

// loadDiffEngines loads the catalog once and both packs against it.
func loadDiffEngines(o diffOptions, s stdio) (base, cand *rules.Engine, err error) {
	for _, in := range []struct{ what, dir string }{{"--baseline", o.baseline}, {"--candidate", o.candidate}} {
		if err := checkDir(in.dir); err != nil {
			return nil, nil, fmt.Errorf("%s %w", in.what, err)
		}
	}
	if err := checkFile(o.catalog); err != nil {
		return nil, nil, fmt.Errorf("catalog %w", err)
	}
	var cat *chemicals.Catalog
	if o.catalog == "" {
		cat, err = chemicals.Default()
	} else {
		cat, err = chemicals.LoadFile(o.catalog)
	}
	if err != nil {
		return nil, nil, printProblems(s.err, fmt.Errorf("load catalog: %w", err))
	}
	brs, _, err := rules.LoadRuleset(o.baseline, cat)
	if err != nil {
		fmt.Fprintln(s.err, "the baseline rule pack does not load:")
		return nil, nil, printProblems(s.err, fmt.Errorf("load baseline rules: %w", err))
	}
	crs, _, err := rules.LoadRuleset(o.candidate, cat)
	if err != nil {
		fmt.Fprintln(s.err, "the candidate rule pack does not load:")
		return nil, nil, printProblems(s.err, fmt.Errorf("load candidate rules: %w", err))
	}
	base = rules.NewEngine(cat, brs)
	cand, err = base.WithRuleset(crs)
	return base, cand, err
}

// source opens the inputs: the files in order (- is stdin) or the topic
// range.
func (o *diffOptions) source(ctx context.Context, s stdio) (rulediff.Source, func(), error) {
	if o.topic.topic != "" {
		return o.topic.open(ctx)
	}
	var srcs []rulediff.Source
	var files []*os.File
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	for _, name := range o.inputs {
		if name == "-" {
			srcs = append(srcs, rulediff.NewLinesSource("stdin", s.in))
			continue
		}
		f, err := os.Open(name)
		if err != nil {
			closeAll()
			return nil, nil, fmt.Errorf("open input: %s", pathProblem(err))
		}
		files = append(files, f)
		srcs = append(srcs, rulediff.NewLinesSource(name, f))
	}
	return rulediff.Concat(srcs...), closeAll, nil
}
