package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/pipeline"
	"github.com/precursorwatch/precursor/rules"
	"gopkg.in/yaml.v3"
)

// checkRun is `precursor run --check`: everything the service does at
// start short of connecting. It loads the rules and catalog and reads the
// TLS files, prints every problem to stderr and returns errFindings, or
// prints the redacted configuration and what it loaded.
func checkRun(cfg pipeline.Config, s stdio, now time.Time) error {
	e, problems := checkEngine(cfg.RulesDir, cfg.CatalogFile)
	if err := pipeline.CheckSecurity(cfg, now); err != nil {
		problems = append(problems, strings.Split(err.Error(), "\n")...)
	}
	problems = append(problems, checkResolverJar(cfg)...)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(s.err, p)
		}
		fmt.Fprintf(s.err, "configuration is invalid: %d problem(s)\n", len(problems))
		return errFindings
	}
	out, err := yaml.Marshal(redacted(cfg))
	if err != nil {
		return fmt.Errorf("print configuration: %w", err)
	}
	rs, cat := e.Ruleset(), e.Catalog()
	fmt.Fprintf(s.out, "# configuration is valid\n# rules: %s %s (%d rules, hash %.12s)\n# catalog: %s (%d entries, hash %.12s)\n%s",
		rs.Name(), rs.Version(), len(rs.Rules()), rs.Hash(), cat.Version, cat.Len(), cat.Hash, out)
	return nil
}

// checkEngine loads the engine the service would start with; problems
// holds one line per problem, positioned when the loader knows where.
func checkEngine(rulesDir, catalogFile string) (*rules.Engine, []string) {
	var problems []string
	if err := checkDir(rulesDir); err != nil {
		problems = append(problems, "rules: "+err.Error())
	}
	if err := checkFile(catalogFile); err != nil {
		problems = append(problems, "catalog: "+err.Error())
	}
	if len(problems) > 0 {
		return nil, problems
	}
	e, err := rules.LoadEngine(rulesDir, catalogFile)
	if err != nil {
		return nil, problemLines(err)
	}
	return e, nil
}

// checkDir reports, naming it, a directory given by the user that does
// not exist or is not a directory; "" (an embedded default) is fine.
func checkDir(dir string) error {
	if dir == "" {
		return nil
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return errors.New(pathProblem(err))
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s: not a directory", dir)
	}
	return nil
}

// checkFile reports, naming it, a file given by the user that does not
// exist or is a directory; "" (an embedded default) is fine.
func checkFile(name string) error {
	if name == "" {
		return nil
	}
	fi, err := os.Stat(name)
	if err != nil {
		return errors.New(pathProblem(err))
	}
	if fi.IsDir() {
		return fmt.Errorf("%s: is a directory, want a file", name)
	}
	return nil
}

// checkPackInputs checks the rule pack directory and catalog file of the
// rules subcommands before loading, so that a wrong path is named as given.
func checkPackInputs(dir, catalogFile string) error {
	if err := checkDir(dir); err != nil {
		return fmt.Errorf("rule pack %w", err)
	}
	if err := checkFile(catalogFile); err != nil {
		return fmt.Errorf("catalog %w", err)
	}
	return nil
}

// pathProblem words a failed os.Stat as "PATH: reason".
func pathProblem(err error) string {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	if errors.Is(err, fs.ErrNotExist) {
		return pe.Path + ": no such file or directory"
	}
	return pe.Path + ": " + pe.Err.Error()
}

// problemLines splits a load error into one line per problem: every
// diagnostic of a rule pack or a catalog.
func problemLines(err error) []string {
	var list yamlsrc.List
	if errors.As(err, &list) && len(list) > 0 {
		lines := make([]string, len(list))
		for i, d := range list {
			lines[i] = d.Error()
		}
		return lines
	}
	return []string{err.Error()}
}
