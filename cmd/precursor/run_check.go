package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/parties"
	"github.com/precursorwatch/precursor/pipeline"
	"github.com/precursorwatch/precursor/rules"
	"gopkg.in/yaml.v3"
)

// checkRun is `precursor run --check`: everything the service does at
// start short of connecting. With the configuration's own problems
// (config, env and flag values, the SASL password file) it loads the
// catalog, the rules, the candidate rules and the party lists and reads
// the TLS files, prints every problem to stderr and returns errFindings
// (exit 1), or prints the redacted configuration and what it loaded.
func checkRun(cfg pipeline.Config, configProblems []error, s stdio, now time.Time) error {
	var problems []string
	for _, p := range configProblems {
		problems = append(problems, strings.Split(p.Error(), "\n")...)
	}
	e, engineProblems := checkEngine(cfg)
	problems = append(problems, engineProblems...)
	lists, listProblems := checkLists(cfg)
	problems = append(problems, listProblems...)
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
	rs, cat := e.live.Ruleset(), e.live.Catalog()
	fmt.Fprintf(s.out, "# configuration is valid\n# rules: %s %s (%d rules, hash %.12s)\n", rs.Name(), rs.Version(), len(rs.Rules()), rs.Hash())
	if e.candidate != nil {
		crs := e.candidate.Ruleset()
		fmt.Fprintf(s.out, "# candidate rules: %s %s (%d rules, hash %.12s), alerts to %s\n", crs.Name(), crs.Version(),
			len(crs.Rules()), crs.Hash(), cfg.Topics.CandidateAlerts)
	}
	fmt.Fprintf(s.out, "# catalog: %s (%d entries, hash %.12s)\n", cat.Version, cat.Len(), cat.Hash)
	printLists(s.out, lists, cfg, now)
	_, err = s.out.Write(out)
	return err
}

// checkLists loads the party lists the service would start with: the
// embedded sample lists when none are configured.
func checkLists(cfg pipeline.Config) (*parties.Snapshot, []string) {
	pc, err := parties.NewConfig(cfg.Lists, cfg.ListExceptions)
	if err != nil {
		return nil, []string{"lists: " + err.Error()}
	}
	snap, err := parties.Load(context.Background(), pc)
	if err != nil {
		return nil, problemLines(err)
	}
	return snap, nil
}

// printLists describes the lists loaded, as comments, warning about a
// list older than list_max_age (PrecursorPartyListStale would fire).
func printLists(w io.Writer, snap *parties.Snapshot, cfg pipeline.Config, now time.Time) {
	if len(cfg.Lists) == 0 {
		fmt.Fprintln(w, "# lists: the embedded sample lists (configure lists: to screen against the published ones)")
	}
	for _, l := range snap.Lists() {
		fmt.Fprintf(w, "# list %s: %d entries, published %s, sha256 %.12s\n", l.ID, l.Entries, l.Published.Format(time.DateOnly), l.SHA256)
		if age := now.Sub(l.Published); !l.Published.IsZero() && age > cfg.ListMaxAge {
			fmt.Fprintf(w, "# warning: list %s is %.0f days old, over list_max_age %v: PrecursorPartyListStale will fire\n",
				l.ID, age.Hours()/24, cfg.ListMaxAge)
		}
	}
	for _, d := range snap.Warnings() {
		fmt.Fprintf(w, "# %s\n", d.Error())
	}
}

// checkedEngines are the engines the service would start with.
type checkedEngines struct{ live, candidate *rules.Engine }

// checkEngine loads the catalog, the rules and the candidate rules the
// service would start with; problems holds one line per problem,
// positioned when the loader knows where. The rules are compiled against
// the catalog, so they are not checked when it does not load (saying so).
func checkEngine(cfg pipeline.Config) (checkedEngines, []string) {
	var problems []string
	var e checkedEngines
	paths := []struct{ what, dir string }{{"rules", cfg.RulesDir}, {"candidate_rules", cfg.CandidateRulesDir}}
	for _, p := range paths {
		if err := checkDir(p.dir); err != nil {
			problems = append(problems, p.what+": "+err.Error())
		}
	}
	if err := checkFile(cfg.CatalogFile); err != nil {
		return e, append(problems, "catalog: "+err.Error(), "rules: not checked: the catalog does not load")
	}
	cat, err := loadCatalogFile(cfg.CatalogFile)
	if err != nil {
		return e, append(append(problems, problemLines(err)...), "rules: not checked: the catalog does not load")
	}
	if len(problems) > 0 {
		return e, problems
	}
	rs, _, err := rules.LoadRuleset(cfg.RulesDir, cat)
	if err != nil {
		problems = append(problems, problemLines(err)...)
	} else {
		e.live = rules.NewEngine(cat, rs)
	}
	if cfg.CandidateRulesDir != "" {
		crs, _, err := rules.LoadRuleset(cfg.CandidateRulesDir, cat)
		switch {
		case err != nil:
			problems = append(problems, problemLines(err)...)
		case e.live != nil:
			e.candidate, _ = e.live.WithRuleset(crs) // one catalog: cannot fail
		}
	}
	return e, problems
}

// loadCatalogFile loads a catalog, "" meaning the embedded one.
func loadCatalogFile(name string) (*chemicals.Catalog, error) {
	if name == "" {
		return chemicals.Default()
	}
	return chemicals.LoadFile(name)
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
