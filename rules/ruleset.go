package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"sort"
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/precursorwatch/precursor/chemicals"
)

// RuleInfo describes one rule of a loaded ruleset.
type RuleInfo struct {
	ID, Title, Status string
}

// Ruleset is a compiled rule pack: immutable and safe for concurrent use.
type Ruleset struct {
	name, version, hash string
	thresholds          Thresholds
	minSeverity         string
	minRank             int
	info                []RuleInfo
	rules               []*rule // active and shadow rules, in file order
	// batches[have] evaluates, in one program, the rules whose guards
	// the facts in have satisfy; nil when it cannot be built (or holds no
	// rule), in which case Score runs those rules one by one.
	batches    [guardStates]*vm.Program
	exceptions []*exception
	lists      map[string][]string
}

// rule is one compiled, non-disabled rule.
type rule struct {
	id, title string
	text      string // the condition as written, for the batch program
	score     float64
	tags      []string
	shadow    bool
	prog      *vm.Program
	refs      refs
	need      guard // facts without which the condition is false
}

// exception is one compiled exception.
type exception struct {
	name    string
	prog    *vm.Program
	rules   []string
	expires time.Time // zero: never; else applies through the end of this day (UTC)
}

// Name returns the ruleset's name from ruleset.yaml.
func (rs *Ruleset) Name() string { return rs.name }

// Version returns the ruleset's version from ruleset.yaml.
func (rs *Ruleset) Version() string { return rs.version }

// Hash returns the hex SHA-256 over the names and bytes of the rule files.
func (rs *Ruleset) Hash() string { return rs.hash }

// Thresholds returns the severity thresholds.
func (rs *Ruleset) Thresholds() Thresholds { return rs.thresholds }

// MinSeverity returns the lowest severity that emits an alert.
func (rs *Ruleset) MinSeverity() string { return rs.minSeverity }

// Rules describes every rule, disabled ones included, in file order.
func (rs *Ruleset) Rules() []RuleInfo { return append([]RuleInfo(nil), rs.info...) }

// Exceptions returns the names of all exceptions, expired ones included.
func (rs *Ruleset) Exceptions() []string {
	out := make([]string, len(rs.exceptions))
	for i, x := range rs.exceptions {
		out[i] = x.name
	}
	return out
}

// activeAt reports whether the exception still applies at t.
func (x *exception) activeAt(t time.Time) bool {
	return x.expires.IsZero() || t.Before(x.expires.AddDate(0, 0, 1))
}

// packFile is one rule file's name (as shown in messages) and bytes.
type packFile struct {
	Name string
	Data []byte
}

// hashFiles hashes the files in name order.
func hashFiles(files []packFile) string {
	sorted := append([]packFile(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	h := sha256.New()
	for _, f := range sorted {
		fmt.Fprintf(h, "%s\x00%d\x00", path.Base(f.Name), len(f.Data))
		h.Write(f.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// buildRuleset parses and compiles files against the catalog. It returns
// the ruleset (nil when there are errors), the parsed definitions (for lint)
// and every diagnostic.
func buildRuleset(dir string, files []packFile, cat *chemicals.Catalog) (*Ruleset, *packDefs, Diagnostics) {
	ds := &diags{}
	defs := &packDefs{}
	for _, f := range files {
		parseFile(f.Name, f.Data, ds, defs)
	}
	rs := &Ruleset{hash: hashFiles(files)}
	settings(dir, defs, rs, ds)
	c := newCompiler(defs, cat, ds)
	rs.lists = c.lists
	c.compileMacros(defs.macros)
	compileRules(c, defs, rs)
	compileExceptions(c, defs, rs)
	if len(ds.list.Errors()) == 0 {
		rs.batches = c.compileBatches(rs.rules)
	}
	ds.list.sort()
	if len(ds.list.Errors()) > 0 {
		return nil, defs, ds.list
	}
	return rs, defs, ds.list
}

func settings(dir string, defs *packDefs, rs *Ruleset, ds *diags) {
	switch len(defs.settings) {
	case 0:
		ds.errorf(pos{File: dir}, "", "no %s settings file in the rule pack", SettingsFile)
		rs.thresholds, rs.minSeverity = DefaultThresholds, SeverityMedium
	default:
		for _, s := range defs.settings[1:] {
			ds.errorf(s.Pos, "", "second settings file: a pack has exactly one %s", SettingsFile)
		}
		s := defs.settings[0]
		rs.name, rs.version = s.Name, s.Version
		rs.thresholds, rs.minSeverity = s.Thresholds, s.MinSeverity
	}
	rs.minRank = severityRank(rs.minSeverity)
}

func compileRules(c *compiler, defs *packDefs, rs *Ruleset) {
	first := map[string]pos{}
	for i := range defs.rules {
		d := &defs.rules[i]
		subj := ruleSubject(d.ID)
		if p, dup := first[d.ID]; dup {
			c.ds.errorf(d.Pos, subj, "duplicate rule id (first defined at %s:%d:%d)", p.File, p.Line, p.Col)
			continue
		}
		first[d.ID] = d.Pos
		if d.ID == "" {
			c.ds.errorf(d.Pos, subj, "rule id must not be empty")
		}
		rs.info = append(rs.info, RuleInfo{ID: d.ID, Title: d.Title, Status: d.Status})
		if d.Status == StatusDisabled {
			c.scan(d.When, subj) // still lint a disabled rule's condition
			continue
		}
		prog, r := c.condition(d.When, subj)
		if prog == nil {
			continue
		}
		rs.rules = append(rs.rules, &rule{text: d.When.Text,
			id: d.ID, title: d.Title, score: d.Score, tags: d.Tags,
			shadow: d.Status == StatusShadow, prog: prog, refs: r,
			need: c.guardOf(d.When.Text),
		})
	}
}

func compileExceptions(c *compiler, defs *packDefs, rs *Ruleset) {
	seen := map[string]bool{}
	for i := range defs.exceptions {
		d := &defs.exceptions[i]
		subj := exceptionSubject(d.Name)
		if seen[d.Name] {
			c.ds.errorf(d.Pos, subj, "duplicate exception name")
			continue
		}
		seen[d.Name] = true
		x := &exception{name: d.Name, expires: d.Expires}
		for _, ref := range d.Rules {
			if !hasRule(rs.info, ref.ID) {
				c.ds.errorf(ref.Pos, subj, "unknown rule %q", ref.ID)
				continue
			}
			x.rules = append(x.rules, ref.ID)
		}
		prog, _ := c.condition(d.When, subj)
		if prog == nil {
			continue
		}
		x.prog = prog
		rs.exceptions = append(rs.exceptions, x)
	}
}

func hasRule(info []RuleInfo, id string) bool {
	for _, r := range info {
		if r.ID == id {
			return true
		}
	}
	return false
}
