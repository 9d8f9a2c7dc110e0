package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/precursorwatch/precursor/rules"
)

// runRules implements `precursor rules lint|env|test`.
func runRules(ctx context.Context, args []string, s stdio) error {
	return dispatch(ctx, args, s, []command{
		{name: "lint", run: runRulesLint},
		{name: "env", run: runRulesEnv},
		{name: "test", run: runRulesTest},
		{name: "diff", run: runRulesDiff},
		{name: "init", run: runRulesInit},
		{name: "show", run: runRulesShow},
		{name: "stats", run: runRulesStats},
	}, rulesUsage)
}

func rulesUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  precursor rules lint [--catalog FILE] [--rules DIR | DIR]")
	fmt.Fprintln(w, "  precursor rules env")
	fmt.Fprintln(w, "  precursor rules init DIR")
	fmt.Fprintln(w, "  precursor rules show [--rules DIR] [--catalog FILE] ID")
	fmt.Fprintln(w, "  precursor rules test [--rules DIR | DIR] [--tests DIR] [--catalog FILE] [--lists [ID=]FILE]... [--list-exceptions FILE]... [--junit FILE] [-v] [--coverage] [--require-coverage]")
	fmt.Fprintln(w, "  precursor rules diff --candidate DIR [--baseline DIR] [--catalog FILE] [--format md|json] [--fail-on GATES] [--examples N] [--workers N] FILE...|- | [--topic T [--brokers B] [--config FILE] [--from X] [--to Y]]")
	fmt.Fprintln(w, "  precursor rules stats (--file FILE | --brokers HOST:PORT [--topic T]) [--json]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "lint loads and compiles a rule pack (default: the embedded one) and prints every")
	fmt.Fprintln(w, "problem as file:line:col: subject: message; warnings do not fail, errors exit 1.")
	fmt.Fprintln(w, "env prints the reference of rule conditions: fields and helper functions.")
	fmt.Fprintln(w, "test runs rule tests (*_test.yaml) against the pack: its own, or those in --tests DIR.")
	fmt.Fprintln(w, "diff scores the same manifests with two packs and reports what the candidate changes.")
	fmt.Fprintln(w, "init writes the default pack and its tests to a new DIR as a starting point.")
	fmt.Fprintln(w, "show prints a rule: description, condition, references, exceptions and covering tests.")
	fmt.Fprintln(w, "stats prints each rule's precision from analysts' dispositions (file or topic).")
}

// printProblems prints a load error one problem per line (every catalog
// error, not just the first) and returns errFindings; an error with a
// single problem is returned for main to print.
func printProblems(w io.Writer, err error) error {
	lines := problemLines(err)
	if len(lines) == 1 {
		return err
	}
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintf(w, "%d error(s)\n", len(lines))
	return errFindings
}

// runRulesLint implements `precursor rules lint [--catalog FILE] [DIR]`.
func runRulesLint(_ context.Context, args []string, s stdio) error {
	var catalogFile string
	fs := flag.NewFlagSet("rules lint", flag.ContinueOnError)
	fs.SetOutput(s.err)
	fs.StringVar(&catalogFile, "catalog", "", "precursor catalog `FILE` (default: the embedded catalog)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor rules lint [--catalog FILE] [DIR]")
		fmt.Fprintln(s.err, "\nLints the rule pack in DIR (default: the embedded pack).")
		fmt.Fprintln(s.err, "\nFlags:")
		fs.PrintDefaults()
	}
	dir, err := parsePackArgs(fs, args, &catalogFile)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	ds, sum, err := rules.Lint(dir, catalogFile, time.Now().UTC())
	if err != nil {
		return printProblems(s.err, err)
	}
	for _, d := range ds {
		fmt.Fprintln(s.out, d.Error())
	}
	errs, warns := len(ds.Errors()), len(ds.Warnings())
	if errs > 0 {
		fmt.Fprintf(s.err, "%d error(s), %d warning(s) in %s\n", errs, warns, sum)
		return errFindings
	}
	fmt.Fprintf(s.out, "ok: %s; %d warning(s)\n", sum, warns)
	return nil
}

// runRulesEnv implements `precursor rules env`.
func runRulesEnv(_ context.Context, args []string, s stdio) error {
	fs := flag.NewFlagSet("rules env", flag.ContinueOnError)
	fs.SetOutput(s.err)
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor rules env")
		fmt.Fprintln(s.err, "\nPrints the fields and helper functions rule conditions can use (Markdown).")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("rules env takes no arguments")
	}
	_, err := io.WriteString(s.out, rules.EnvReference())
	return err
}
