package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/precursorwatch/precursor/parties"
	"github.com/precursorwatch/precursor/parties/sample"
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
	fmt.Fprintln(w, "  precursor parties lookup [--lists [ID=]FILE]... [--exceptions FILE]... [--country CC] [--role R] [--json] NAME...")
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

// multiFlag is a flag that may be given several times.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// partiesConfig builds the loading configuration from --lists and
// --exceptions: the embedded sample lists when no list is given.
func partiesConfig(lists, exceptions []string) (parties.Config, error) {
	cfg := parties.Config{Match: parties.DefaultMatchConfig(), Exceptions: exceptions}
	if len(lists) == 0 {
		if len(exceptions) > 0 {
			return cfg, usagef("--exceptions needs --lists: exceptions name entries of lists you load")
		}
		cfg.FS = sample.FS()
		for _, p := range sample.Paths() {
			cfg.Lists = append(cfg.Lists, parties.Source{Path: p})
		}
		return cfg, nil
	}
	for _, arg := range lists {
		src, err := parties.ParseSource(arg)
		if err != nil {
			return cfg, usagef("--lists: %v", err)
		}
		cfg.Lists = append(cfg.Lists, src)
	}
	return cfg, nil
}
