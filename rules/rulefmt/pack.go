package rulefmt

import (
	"strconv"
	"time"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
)

// SettingsFile is the name of the one ruleset settings file of a pack.
const SettingsFile = "ruleset.yaml"

// Rule statuses.
const (
	StatusActive   = "active"   // evaluated, hits change the score
	StatusShadow   = "shadow"   // evaluated and reported, never scored
	StatusDisabled = "disabled" // not evaluated
)

// File is one file of a pack: its name as shown in messages and its bytes.
type File struct {
	Name string
	Data []byte
}

// Pack is everything parsed from the rule files of a pack, in file order.
type Pack struct {
	Lists      []List
	Macros     []Macro
	Rules      []Rule
	Exceptions []Exception
	Settings   []Settings
}

// List is a named list of strings (lists: NAME: [...]).
type List struct {
	Name   string
	Values []string
	Pos    yamlsrc.Pos
	// valuePos[i] is where Values[i] is written.
	valuePos []yamlsrc.Pos
}

// ValuePos returns where value i of the list is written, or the list's
// position when that is not known.
func (l *List) ValuePos(i int) yamlsrc.Pos {
	if i >= 0 && i < len(l.valuePos) {
		return l.valuePos[i]
	}
	return l.Pos
}

// Macro is a named condition used by its bare name in other conditions.
type Macro struct {
	Name string
	When Expr
	Pos  yamlsrc.Pos
}

// Rule is one rule as written.
type Rule struct {
	ID, Title, Description string
	// Action is what an analyst should do next when the rule fires (hold
	// for inspection, request an end-user certificate, refer to ...);
	// optional, one short paragraph.
	Action     string
	ActionPos  yamlsrc.Pos
	When       Expr
	Score      float64
	Tags       []string
	References []Reference
	Status     string
	Pos        yamlsrc.Pos
}

// Reference cites a source of the catalog's sources registry by key, with
// an optional note on what the source supports (`- S60: seizure origins`).
type Reference struct {
	Key, Note string
	Pos       yamlsrc.Pos
}

// IDRef is a rule id named by an exception, where it is written.
type IDRef struct {
	ID  string
	Pos yamlsrc.Pos
}

// Exception removes the hits of the named rules from shipments matching
// When, until Expires (zero: never).
type Exception struct {
	Name           string
	When           Expr
	Rules          []IDRef
	Reason, Author string
	Expires        time.Time
	ExpiresPos     yamlsrc.Pos
	Pos            yamlsrc.Pos
}

// Settings is the content of ruleset.yaml.
type Settings struct {
	Name, Version string
	Thresholds    Thresholds
	MinSeverity   string
	// CostBudget is the most steps a condition's static cost bound may
	// reach (cost_budget); DefaultCostBudget when the file sets none.
	CostBudget int64
	Pos        yamlsrc.Pos
}

// Subject names the rule in diagnostics: rule "FEN-001".
func (r *Rule) Subject() string { return subject("rule", r.ID) }

// Subject names the exception in diagnostics.
func (x *Exception) Subject() string { return subject("exception", x.Name) }

// Subject names the macro in diagnostics.
func (m *Macro) Subject() string { return subject("macro", m.Name) }

// Subject names the list in diagnostics.
func (l *List) Subject() string { return subject("list", l.Name) }

func subject(kind, name string) string { return kind + " " + strconv.Quote(name) }

// Conditions returns the text of every condition of the pack: macros,
// rules, exceptions.
func (p *Pack) Conditions() []string {
	var out []string
	for _, m := range p.Macros {
		out = append(out, m.When.Text)
	}
	for _, r := range p.Rules {
		out = append(out, r.When.Text)
	}
	for _, x := range p.Exceptions {
		out = append(out, x.When.Text)
	}
	return out
}
