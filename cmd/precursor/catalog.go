package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
)

// runCatalog implements `precursor catalog lookup|list|show|lint`.
func runCatalog(ctx context.Context, args []string, s stdio) error {
	return dispatch(ctx, args, s, []command{
		{name: "lookup", run: runCatalogLookup},
		{name: "list", run: runCatalogList},
		{name: "show", run: runCatalogShow},
		{name: "lint", run: runCatalogLint},
		{name: "diff", run: runCatalogDiff},
	}, catalogUsage)
}

func catalogUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  precursor catalog lookup [--catalog FILE] [--json] [--hs CODE] [--cas NUMBER] [--at DATE] TEXT...")
	fmt.Fprintln(w, "  precursor catalog list [--catalog FILE] [--role R] [--family F] [--controlled-in J] [--at DATE] [--json]")
	fmt.Fprintln(w, "  precursor catalog show [--catalog FILE] [--at DATE] [--json] ID|CAS")
	fmt.Fprintln(w, "  precursor catalog lint [--catalog FILE] [--structure [--resolver URL | --resolver-jar JAR]] [FILE...]")
	fmt.Fprintln(w, "  precursor catalog diff [--json] OLD NEW")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "lookup resolves an item description (the TEXT words joined) against the catalog;")
	fmt.Fprintln(w, "list prints catalog entries; show prints one entry with its controls and sources;")
	fmt.Fprintln(w, "lint checks catalog files (default: the embedded one)")
	fmt.Fprintln(w, "and prints every problem as file:line:col: message, exiting 1 if there are any;")
	fmt.Fprintln(w, "diff prints the entries, names and controls NEW adds, removes or changes against OLD.")
}

// catalogFlags are the flags shared by lookup and list.
type catalogFlags struct {
	file string // "" = embedded catalog
	json bool
	at   string // YYYY-MM-DD; "" = today
}

func (f *catalogFlags) register(fs *flag.FlagSet) {
	catalogFlag(fs, &f.file)
	fs.BoolVar(&f.json, "json", false, "write JSON instead of a table")
	fs.StringVar(&f.at, "at", "", "`DATE` (YYYY-MM-DD) at which control status is evaluated (default: today, UTC)")
}

// date returns the evaluation instant: the start of --at, or now.
func (f *catalogFlags) date() (time.Time, error) {
	if f.at == "" {
		return time.Now().UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, f.at)
	if err != nil {
		return time.Time{}, usagef("--at %q: want a YYYY-MM-DD date", f.at)
	}
	return t, nil
}

// loadCatalog loads a catalog file, or the embedded catalog for "".
func loadCatalog(file string) (*chemicals.Catalog, error) {
	if file == "" {
		return chemicals.Default()
	}
	return chemicals.LoadFile(file)
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments ("lookup 4-AP --json"), and returns the positionals.
// Everything after "--" is positional.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// runCatalogLint loads each file (or the embedded catalog) and prints every
// problem. It returns errFindings if any file has problems.
func runCatalogLint(ctx context.Context, args []string, s stdio) error {
	var file string
	fs := flag.NewFlagSet("catalog lint", flag.ContinueOnError)
	fs.SetOutput(s.err)
	catalogFlag(fs, &file)
	var sl structureLint
	sl.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor catalog lint [--catalog FILE] [--structure [--resolver URL | --resolver-jar JAR]] [FILE...]")
		fmt.Fprintln(s.err, "\nChecks catalog files (default: the embedded catalog) and prints every problem.")
		fmt.Fprintln(s.err, "\nFlags:")
		fs.PrintDefaults()
	}
	files, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if file != "" {
		files = append([]string{file}, files...)
	}
	if len(files) == 0 {
		files = []string{""}
	}
	url, stop := "", func() {}
	if sl.on {
		if url, stop, err = sl.open(ctx); err != nil {
			return fmt.Errorf("%w: %v", errNoResolver, err)
		}
	}
	defer stop()
	bad := false
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		c, err := loadCatalog(f)
		var list yamlsrc.List
		switch {
		case errors.As(err, &list):
			for _, e := range list {
				fmt.Fprintln(s.out, e)
			}
			bad = true
		case err != nil:
			fmt.Fprintln(s.out, err)
			bad = true
		default:
			fmt.Fprintf(s.out, "%s: ok: %s, %d families, version %s, sha256 %s\n",
				c.Source, entriesCount(len(c.Entries)), len(c.Families()), c.Version, c.Hash[:12])
			if sl.on {
				found, err := sl.check(ctx, url, c, s)
				if err != nil {
					return err
				}
				bad = bad || found
			}
		}
	}
	if bad {
		return errFindings
	}
	return nil
}
