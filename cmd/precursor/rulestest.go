package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/rules/ruletest"
)

// runRulesTest implements `precursor rules test [DIR] [--tests DIR]
// [--catalog FILE] [--lists [ID=]FILE]... [--junit FILE] [-v]`: it runs
// rule tests (*_test.yaml)
// against a pack, like `promtool test rules`. The pack is DIR (default: the
// embedded pack); the tests are the pack's own unless --tests names another
// directory. --coverage prints, per rule and exception, how many cases
// show it firing and not firing, and the lists and macros nothing uses;
// --require-coverage fails when any of that is missing. Exit 1 when a
// test file is invalid, a case fails or required coverage is missing.
func runRulesTest(ctx context.Context, args []string, s stdio) error {
	var catalogFile, junitFile, testsDir string
	var verbose, coverage, requireCoverage bool
	var lists listFlags
	fs := flag.NewFlagSet("rules test", flag.ContinueOnError)
	fs.SetOutput(s.err)
	fs.StringVar(&catalogFile, "catalog", "", "precursor catalog `FILE` (default: the embedded catalog)")
	fs.StringVar(&junitFile, "junit", "", "also write the results as JUnit XML to `FILE`")
	fs.StringVar(&testsDir, "tests", "", "run the *_test.yaml files of `DIR` instead of the pack's own")
	fs.BoolVar(&verbose, "v", false, "list passing cases too")
	lists.register(fs)
	fs.BoolVar(&coverage, "coverage", false, "print per rule and exception whether a case shows it firing and not firing, and unused lists and macros")
	fs.BoolVar(&requireCoverage, "require-coverage", false, "exit 1 unless every rule and exception has a firing and a non-firing case and every list and macro is used")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor rules test [DIR] [flags]")
		fmt.Fprintln(s.err, "\nRuns rule tests (*_test.yaml) against the rule pack in DIR (default: the embedded")
		fmt.Fprintln(s.err, "pack): the pack's own tests, or those in --tests DIR. Parties are screened against")
		fmt.Fprintln(s.err, "--lists (default: the embedded sample lists, which the default pack's tests expect).")
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
	if err := checkDir(testsDir); err != nil {
		return fmt.Errorf("--tests %w", err)
	}
	e, err := rules.LoadEngine(dir, catalogFile)
	if err != nil {
		return printProblems(s.err, fmt.Errorf("load rules: %w", err))
	}
	snap, err := lists.load(ctx)
	if err != nil {
		return printProblems(s.err, err)
	}
	e = e.WithParties(snap)
	var rep ruletest.Report
	switch {
	case testsDir != "":
		rep = ruletest.RunDir(ctx, e, testsDir)
	case dir == "":
		rep = ruletest.RunDefault(ctx, e)
	default:
		rep = ruletest.RunDir(ctx, e, dir)
	}
	if err := ctx.Err(); err != nil {
		return err // interrupted: the report is incomplete
	}
	if err := rep.WriteText(s.out, verbose); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if coverage {
		if err := rep.WriteCoverage(s.out); err != nil {
			return fmt.Errorf("write coverage: %w", err)
		}
	}
	if junitFile != "" {
		if err := writeJUnitFile(junitFile, &rep); err != nil {
			return err
		}
	}
	if !rep.OK() {
		return errFindings
	}
	if requireCoverage && !rep.Coverage.Complete() {
		fmt.Fprintf(s.err, "coverage incomplete: %d gap(s) (--require-coverage)\n", len(rep.Coverage.Gaps()))
		return errFindings
	}
	return nil
}

// parseInterspersed parses flags that may follow positional arguments
// ("rules test DIR --junit out.xml") and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func writeJUnitFile(name string, rep *ruletest.Report) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	err = rep.WriteJUnit(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("junit %s: %w", name, err)
	}
	return nil
}
