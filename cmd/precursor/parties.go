package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/precursorwatch/precursor/parties"
)

// runParties implements `precursor parties lookup|lint`.
func runParties(ctx context.Context, args []string, s stdio) error {
	return dispatch(ctx, args, s, []command{
		{name: "lookup", run: runPartiesLookup},
		{name: "lint", run: runPartiesLint},
	}, partiesUsage)
}

func partiesUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  precursor parties lookup [--lists [ID=]FILE]... [--list-exceptions FILE]... [--country CC] [--role R] [--json] NAME...")
	fmt.Fprintln(w, "  precursor parties lint [FILE...]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "lookup screens a party name (the NAME words joined) against sanctions and watch lists")
	fmt.Fprintln(w, "(default: the embedded sample lists) and explains every hit word by word;")
	fmt.Fprintln(w, "lint checks list and exceptions files (default: the sample lists) and prints every")
	fmt.Fprintln(w, "problem as file:line:col: message, exiting 1 if there are any.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "List formats: OFAC SDN/consolidated XML or CSV (sdn.csv with add.csv, alt.csv beside it),")
	fmt.Fprintln(w, "UN consolidated XML, EU financial sanctions XML, OpenSanctions FollowTheMoney JSON lines,")
	fmt.Fprintln(w, "curated YAML; the format is recognised from the file.")
}

// multiFlag is a flag that may be given several times, each value a
// comma-separated list.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ",") }

func (m *multiFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*m = append(*m, s)
		}
	}
	return nil
}

// listFlags are --lists and --list-exceptions, shared by every command
// that screens parties (run declares them through its settings).
type listFlags struct{ lists, exceptions multiFlag }

func (f *listFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.lists, flagLists, usageLists)
	fs.Var(&f.exceptions, flagListExceptions, usageListExceptions)
}

// config builds the loading configuration: the embedded sample lists
// when no list is given.
func (f *listFlags) config() (parties.Config, error) {
	cfg, err := parties.NewConfig(f.lists, f.exceptions)
	if errors.Is(err, parties.ErrExceptionsWithoutLists) {
		return cfg, usagef("--%s needs --%s: exceptions name entries of lists you load", flagListExceptions, flagLists)
	}
	if err != nil {
		return cfg, usagef("--%s: %v", flagLists, err)
	}
	return cfg, nil
}

// load loads the lists; a problem in any file is an error listing them
// all, positioned.
func (f *listFlags) load(ctx context.Context) (*parties.Snapshot, error) {
	cfg, err := f.config()
	if err != nil {
		return nil, err
	}
	snap, err := parties.Load(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("load lists:\n%w", err)
	}
	return snap, nil
}
