package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/rules/rulefmt"
	"github.com/precursorwatch/precursor/rules/ruletest"
)

// runRulesShow implements `precursor rules show ID`: a rule as an author
// or analyst wants to read it: title, where it is defined, status, score
// and tags, description, condition, the sources it cites (title and URL
// from the catalog's registry), the exceptions that silence it, and the
// rule tests that cover it with their outcome.
func runRulesShow(ctx context.Context, args []string, s stdio) error {
	var catalogFile string
	fset := flag.NewFlagSet("rules show", flag.ContinueOnError)
	fset.SetOutput(s.err)
	catalogFlag(fset, &catalogFile)
	fset.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor rules show [--rules DIR] [--catalog FILE] ID")
		fmt.Fprintln(s.err, "\nPrints rule ID of the pack (default: the embedded one): description, condition,")
		fmt.Fprintln(s.err, "references, the exceptions that silence it and the rule tests that cover it.")
		fmt.Fprintln(s.err, "\nFlags:")
		fset.PrintDefaults()
	}
	var dir string
	rulesFlag(fset, &dir)
	pos, err := parseInterspersed(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return usagef("%v", err)
	}
	if len(pos) != 1 {
		fset.Usage()
		return usagef("want exactly one rule ID, got %d arguments", len(pos))
	}
	if err := checkPackInputs(dir, catalogFile); err != nil {
		return err
	}
	e, err := rules.LoadEngine(dir, catalogFile)
	if err != nil {
		return printProblems(s.err, fmt.Errorf("load rules: %w", err))
	}
	pack, err := parsePack(dir)
	if err != nil {
		return err
	}
	id := pos[0]
	i := slices.IndexFunc(pack.Rules, func(r rulefmt.Rule) bool { return r.ID == id })
	if i < 0 {
		ids := make([]string, len(pack.Rules))
		for j, r := range pack.Rules {
			ids[j] = r.ID
		}
		return fmt.Errorf("no rule %q in the pack%s", id, rules.DidYouMean(id, ids))
	}
	var rep ruletest.Report
	if dir == "" {
		rep = ruletest.RunDefault(ctx, e)
	} else {
		rep = ruletest.RunDir(ctx, e, dir)
	}
	return writeRule(s.out, &pack.Rules[i], e, pack, &rep)
}

// parsePack reads the definitions of the pack in dir ("" = embedded).
func parsePack(dir string) (*rulefmt.Pack, error) {
	fsys, shown := rules.DefaultFS(), rules.DefaultDir
	if dir != "" {
		fsys, shown = os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir))
	}
	files, _, err := rulefmt.ReadPack(fsys, shown)
	if err != nil {
		return nil, err
	}
	var ds yamlsrc.List
	return rulefmt.Parse(files, &ds), nil // the engine loaded: no errors
}

// writeRule prints one rule.
func writeRule(w io.Writer, r *rulefmt.Rule, e *rules.Engine, pack *rulefmt.Pack, rep *ruletest.Report) error {
	ew := &errWriter{w: w}
	ew.printf("%s: %s\n", r.ID, r.Title)
	ew.printf("  defined at %s\n  status %s, score %g", r.Pos, r.Status, r.Score)
	if len(r.Tags) > 0 {
		ew.printf(", tags %s", strings.Join(r.Tags, ", "))
	}
	ew.printf("\n")
	if d := strings.TrimSpace(r.Description); d != "" {
		ew.printf("\n%s\n", wrap(d, 76, "  "))
	}
	if a := strings.TrimSpace(r.Action); a != "" {
		ew.printf("\naction:\n%s\n", wrap(a, 76, "  "))
	}
	ew.printf("\nwhen:\n%s\n", indent(strings.TrimSpace(r.When.Text), "  "))
	info := e.Ruleset().Rules()[slices.IndexFunc(e.Ruleset().Rules(), func(ri rules.RuleInfo) bool { return ri.ID == r.ID })]
	ew.printf("\nreferences:\n")
	if len(info.References) == 0 {
		ew.printf("  none\n")
	}
	for _, ref := range info.References {
		ew.printf("  %s %s", ref.Source, ref.Title)
		if ref.URL != "" {
			ew.printf(" <%s>", ref.URL)
		}
		if ref.Note != "" {
			ew.printf("\n      %s", ref.Note)
		}
		ew.printf("\n")
	}
	writeSilencers(ew, r.ID, pack)
	writeCoveringTests(ew, r.ID, rep)
	return ew.err
}

// writeSilencers lists the exceptions that remove the rule's hits.
func writeSilencers(ew *errWriter, id string, pack *rulefmt.Pack) {
	var lines []string
	for _, x := range pack.Exceptions {
		if !slices.ContainsFunc(x.Rules, func(ref rulefmt.IDRef) bool { return ref.ID == id }) {
			continue
		}
		l := fmt.Sprintf("  %s (%s)", x.Name, x.Pos)
		if !x.Expires.IsZero() {
			l += ", until " + x.Expires.Format(time.DateOnly)
		}
		lines = append(lines, l)
	}
	if len(lines) > 0 {
		ew.printf("\nsilenced by exceptions:\n%s\n", strings.Join(lines, "\n"))
	}
}

// writeCoveringTests lists the rule test cases that name the rule.
func writeCoveringTests(ew *errWriter, id string, rep *ruletest.Report) {
	ew.printf("\ntests:\n")
	n := 0
	for i := range rep.Cases {
		c := &rep.Cases[i]
		kind := ""
		switch {
		case slices.Contains(c.Fires, id):
			kind = "fires    "
		case slices.Contains(c.NotFires, id):
			kind = "not fires"
		default:
			continue
		}
		verdict := "ok"
		if !c.Passed() {
			verdict = "FAIL"
		}
		ew.printf("  %s %-4s %s:%d: %s\n", kind, verdict, c.File, c.Line, c.Name)
		n++
	}
	if n == 0 {
		ew.printf("  none: add a case with fires: [%s] and one with not_fires: [%s] to a *_test.yaml\n", id, id)
	}
}

// wrap folds text to width, each line indented.
func wrap(text string, width int, prefix string) string {
	var lines []string
	line := prefix
	for _, w := range strings.Fields(text) {
		if len(line) > len(prefix) && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = prefix
		}
		if len(line) > len(prefix) {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

func indent(text, prefix string) string {
	return prefix + strings.ReplaceAll(text, "\n", "\n"+prefix)
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
