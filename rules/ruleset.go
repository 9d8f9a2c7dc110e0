package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// RuleInfo describes one rule of a loaded ruleset.
type RuleInfo struct {
	ID, Title, Status   string
	Description, Action string
	References          []Reference
}

// Ruleset is a compiled rule pack: immutable and safe for concurrent use.
type Ruleset struct {
	name, version, hash string
	thresholds          rulefmt.Thresholds
	minSeverity         string
	minRank             int
	costBudget          int64 // the limit on a condition's static cost bound (cost_budget)
	stepLimit           int64 // the run-time step limit of a shipment (budget.go)
	info                []RuleInfo
	rules               []*rule // active and shadow rules, in file order
	// batches[have] evaluates, in one program, the rules whose guards
	// the facts in have satisfy; nil when it cannot be built (or holds no
	// rule), in which case Score runs those rules one by one.
	batches [guardStates]*batchProgram
	// hsGuard are the HS prefixes of the fact needHS (guard.go); nil
	// when no rule needs it.
	hsGuard *hsPrefixes
	// idle[have] is set when no rule's guards the facts in have satisfy.
	idle       [guardStates]bool
	exceptions []*exception
	lists      map[string][]string
	// unusedLists and unusedMacros are those no rule or exception uses,
	// directly or through macros.
	unusedLists, unusedMacros []string
	// cat is the catalog the ruleset was compiled against.
	cat *chemicals.Catalog
}

// rule is one compiled, non-disabled rule.
type rule struct {
	id, title string
	// description and action are the rule's text for analysts, carried
	// by every hit.
	description, action string
	text                string // the condition as written, for the batch program
	score               float64
	tags                []string
	sources             []Reference // what it cites, from the catalog's registry
	shadow              bool
	prog                *vm.Program
	refs                refs
	need                guard // facts without which the condition is false
	// itemFilters select the items a hit is about (see evidence_items.go).
	itemFilters []*vm.Program
	// static is the hit's JSON that never changes: encoded once here.
	static []byte
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
func (rs *Ruleset) Thresholds() rulefmt.Thresholds { return rs.thresholds }

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

// hashFiles hashes the files in name order.
func hashFiles(files []rulefmt.File) string {
	sorted := append([]rulefmt.File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	h := sha256.New()
	for _, f := range sorted {
		fmt.Fprintf(h, "%s\x00%d\x00", path.Base(f.Name), len(f.Data))
		h.Write(f.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// buildRuleset parses and compiles files against the catalog. It returns
// the ruleset (nil when there are errors), the parsed pack (for lint) and
// every diagnostic, sorted.
func buildRuleset(dir string, files []rulefmt.File, cat *chemicals.Catalog) (*Ruleset, *rulefmt.Pack, yamlsrc.List) {
	var ds yamlsrc.List
	pack := rulefmt.Parse(files, &ds)
	rs := &Ruleset{hash: hashFiles(files), cat: cat}
	settings(dir, pack, rs, &ds)
	c := newCompiler(pack, cat, &ds)
	c.costBudget = rs.costBudget
	rs.lists = c.lists
	c.compileMacros(pack.Macros)
	compileRules(c, pack, rs)
	compileExceptions(c, pack, rs)
	rs.unusedLists, rs.unusedMacros = c.unused(pack)
	if ds.Err() == nil {
		rs.batches = c.compileBatches(rs.rules)
	}
	if len(c.hsGuard) > 0 {
		rs.hsGuard = newHSPrefixes(c.hsGuard)
	}
	for have := range guardStates {
		rs.idle[have] = !slices.ContainsFunc(rs.rules, func(r *rule) bool { return r.need&^guard(have) == 0 })
	}
	rs.stepLimit = rs.costBudget * int64(len(rs.rules)+len(rs.exceptions))
	ds.Sort()
	if ds.Err() != nil {
		return nil, pack, ds
	}
	return rs, pack, ds
}

func settings(dir string, pack *rulefmt.Pack, rs *Ruleset, ds *yamlsrc.List) {
	switch len(pack.Settings) {
	case 0:
		ds.Errorf(yamlsrc.Pos{File: dir}, "", "no %s settings file in the rule pack", rulefmt.SettingsFile)
		rs.thresholds, rs.minSeverity = rulefmt.DefaultThresholds, rulefmt.SeverityMedium
		rs.costBudget = rulefmt.DefaultCostBudget
	default:
		for _, s := range pack.Settings[1:] {
			ds.Errorf(s.Pos, "", "second settings file: a pack has exactly one %s", rulefmt.SettingsFile)
		}
		s := pack.Settings[0]
		rs.name, rs.version = s.Name, s.Version
		rs.thresholds, rs.minSeverity = s.Thresholds, s.MinSeverity
		rs.costBudget = s.CostBudget
	}
	rs.minRank = rulefmt.SeverityRank(rs.minSeverity)
}

func compileRules(c *compiler, pack *rulefmt.Pack, rs *Ruleset) {
	first := map[string]yamlsrc.Pos{}
	for i := range pack.Rules {
		d := &pack.Rules[i]
		subj := d.Subject()
		if p, dup := first[d.ID]; dup {
			c.ds.Errorf(d.Pos, subj, "duplicate rule id (first defined at %s:%d:%d)", p.File, p.Line, p.Col)
			continue
		}
		first[d.ID] = d.Pos
		if d.ID == "" {
			c.ds.Errorf(d.Pos, subj, "rule id must not be empty")
		}
		sources := c.references(d)
		rs.info = append(rs.info, RuleInfo{ID: d.ID, Title: d.Title, Status: d.Status,
			Description: strings.TrimSpace(d.Description), Action: strings.TrimSpace(d.Action), References: sources})
		if d.Status == rulefmt.StatusDisabled {
			r, _ := c.scan(d.When, subj) // still lint a disabled rule's condition
			c.markUsed(r)
			continue
		}
		prog, r := c.condition(d.When, subj)
		c.markUsed(r)
		if prog == nil {
			continue
		}
		ru := &rule{text: d.When.Text,
			id: d.ID, title: d.Title, score: d.Score, tags: d.Tags, sources: sources,
			description: strings.TrimSpace(d.Description), action: strings.TrimSpace(d.Action),
			shadow: d.Status == rulefmt.StatusShadow, prog: prog, refs: r,
			need: c.guardOf(d.When.Text),
		}
		ru.itemFilters = c.itemFilters(r.itemPreds)
		ru.static = ru.staticJSON()
		rs.rules = append(rs.rules, ru)
	}
}

func compileExceptions(c *compiler, pack *rulefmt.Pack, rs *Ruleset) {
	seen := map[string]bool{}
	for i := range pack.Exceptions {
		d := &pack.Exceptions[i]
		subj := d.Subject()
		if seen[d.Name] {
			c.ds.Errorf(d.Pos, subj, "duplicate exception name")
			continue
		}
		seen[d.Name] = true
		x := &exception{name: d.Name, expires: d.Expires}
		for _, ref := range d.Rules {
			if !hasRule(rs.info, ref.ID) {
				c.ds.Errorf(ref.Pos, subj, "unknown rule %q%s", ref.ID, didYouMeanQuoted(nearest(ref.ID, ruleIDs(rs.info))))
				continue
			}
			x.rules = append(x.rules, ref.ID)
		}
		prog, r := c.condition(d.When, subj)
		c.markUsed(r)
		if prog == nil {
			continue
		}
		x.prog = prog
		rs.exceptions = append(rs.exceptions, x)
	}
}

func ruleIDs(info []RuleInfo) []string {
	ids := make([]string, len(info))
	for i, r := range info {
		ids[i] = r.ID
	}
	return ids
}

func hasRule(info []RuleInfo, id string) bool {
	for _, r := range info {
		if r.ID == id {
			return true
		}
	}
	return false
}
