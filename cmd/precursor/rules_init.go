package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/rules/schema"
)

// runRulesInit implements `precursor rules init DIR`: it writes the
// default pack, its rule tests and their manifests to DIR as the starting
// point of a new pack, with the JSON Schemas of the format in DIR/schema
// and a modeline in every YAML file so that editors with a YAML language
// server complete and validate it. It never overwrites: DIR must not
// exist or be empty.
func runRulesInit(_ context.Context, args []string, s stdio) error {
	fset := flag.NewFlagSet("rules init", flag.ContinueOnError)
	fset.SetOutput(s.err)
	fset.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor rules init DIR")
		fmt.Fprintln(s.err, "\nWrites the default rule pack and its tests to DIR (new or empty) as a starting point,")
		fmt.Fprintln(s.err, "with the JSON Schemas of the format in DIR/schema for editors.")
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usagef("%v", err)
	}
	if fset.NArg() != 1 {
		fset.Usage()
		return usagef("want exactly one DIR, got %d arguments", fset.NArg())
	}
	dir := fset.Arg(0)
	if err := emptyOrMissing(dir); err != nil {
		return err
	}
	n, err := writePack(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.out, "wrote %d files to %s: the default pack, its rule tests (*_test.yaml, testdata/) and schema/\n", n, dir)
	fmt.Fprintf(s.out, "next: edit the rules, then\n  precursor rules lint %s\n  precursor rules test %s --coverage\n", dir, dir)
	fmt.Fprintf(s.out, "  precursor rules diff --candidate %s manifests.jsonl   (what your change does to the alerts)\n", dir)
	return nil
}

// emptyOrMissing refuses a DIR that holds anything: init never overwrites.
func emptyOrMissing(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return fmt.Errorf("%s is a file: rules init writes a new pack into a new or empty directory", dir)
		}
		return fmt.Errorf("%s", pathProblem(err))
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty (it holds %s): rules init never overwrites; give a new or empty directory", dir, entries[0].Name())
	}
	return nil
}

// writePack writes the embedded default pack and the schemas under dir.
// Files are created exclusively: a file that appears meanwhile is not
// overwritten.
func writePack(dir string) (int, error) {
	n := 0
	err := fs.WalkDir(rules.DefaultFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(rules.DefaultFS(), p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".yaml") && !strings.Contains(p, "/") {
			data = append([]byte(modeline(p)), data...)
		}
		n++
		return writeNew(filepath.Join(dir, filepath.FromSlash(p)), data)
	})
	if err != nil {
		return n, err
	}
	err = fs.WalkDir(schema.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(schema.Files, p)
		if err != nil {
			return err
		}
		n++
		return writeNew(filepath.Join(dir, "schema", p), data)
	})
	return n, err
}

// modeline points a YAML language server at the file's schema.
func modeline(name string) string {
	s := "rules.schema.json"
	switch base := path.Base(name); {
	case base == "ruleset.yaml":
		s = "ruleset.schema.json"
	case strings.HasSuffix(base, "_test.yaml"):
		s = "rule-tests.schema.json"
	}
	return "# yaml-language-server: $schema=schema/" + s + "\n"
}

// writeNew creates name (and its directory) with data, failing if it
// exists.
func writeNew(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("rules init: %w", err)
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("rules init: %s", pathProblem(err))
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("rules init: write %s: %w", name, err)
	}
	return nil
}
