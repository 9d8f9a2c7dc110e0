package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/precursorwatch/precursor/parties/listfmt"
	"github.com/precursorwatch/precursor/parties/sample"
)

// runPartiesLint checks list and exceptions files and prints every
// problem; it returns errFindings when any file has one.
func runPartiesLint(ctx context.Context, args []string, s stdio) error {
	fl := flag.NewFlagSet("parties lint", flag.ContinueOnError)
	fl.SetOutput(s.err)
	fl.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor parties lint [FILE...]")
		fmt.Fprintln(s.err, "\nChecks list files (any supported format) and exceptions files; default: the sample lists.")
	}
	files, err := parseInterleaved(fl, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	var fsys fs.FS
	if len(files) == 0 {
		fsys, files = sample.FS(), sample.Paths()
	}
	failed := false
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !lintPartiesFile(s, fsys, f) {
			failed = true
		}
	}
	if failed {
		return errFindings
	}
	return nil
}

// lintPartiesFile lints one file and reports whether it is clean.
func lintPartiesFile(s stdio, fsys fs.FS, path string) bool {
	if isExceptionsFile(fsys, path) {
		return lintExceptions(s, path)
	}
	f, err := listfmt.ReadFS(fsys, path, "", listfmt.Limits{})
	if err != nil {
		printListErrors(s, path, err)
		return false
	}
	l := f.List
	fmt.Fprintf(s.out, "%s: ok: %s, %d entries, published %s (%s), sha256 %s\n",
		path, l.Format, len(l.Entries), l.Published.Format(time.DateOnly), l.PublishedFrom, f.SHA256)
	return true
}

func lintExceptions(s stdio, path string) bool {
	data, err := os.ReadFile(path)
	if err == nil {
		var xs []listfmt.Exception
		if xs, err = listfmt.ParseExceptions(path, data); err == nil {
			today := time.Now().UTC()
			for _, x := range xs {
				if !today.Before(x.Expires) {
					fmt.Fprintf(s.out, "%s: warning: exception %q expired on %s and clears nothing\n", x.Pos, x.ID, x.Expires.Format(time.DateOnly))
				}
			}
			fmt.Fprintf(s.out, "%s: ok: %d exceptions\n", path, len(xs))
			return true
		}
	}
	printListErrors(s, path, err)
	return false
}

func printListErrors(s stdio, path string, err error) {
	ds := listfmt.Diagnostics(err)
	if len(ds) == 0 {
		fmt.Fprintf(s.out, "%s: %v\n", path, err)
		return
	}
	for _, d := range ds {
		fmt.Fprintln(s.out, d)
	}
}

// isExceptionsFile reports whether a YAML file holds exceptions rather
// than a list (its top-level key is exceptions:).
func isExceptionsFile(fsys fs.FS, path string) bool {
	var data []byte
	var err error
	if fsys == nil {
		data, err = os.ReadFile(path)
	} else {
		data, err = fs.ReadFile(fsys, path)
	}
	if err != nil {
		return false
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("exceptions:")) {
			return true
		}
	}
	return false
}
