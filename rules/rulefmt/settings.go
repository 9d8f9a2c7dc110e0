package rulefmt

import (
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Severities, lowest first.
const (
	SeverityNone     = "none"
	SeverityLow      = "low"
	SeverityMedium   = "medium"
	SeverityHigh     = "high"
	SeverityCritical = "critical"
)

// Severities lists every severity, lowest first; metric label values come
// from here.
var Severities = []string{SeverityNone, SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}

// SeverityRank returns the index of s in Severities, -1 if unknown.
func SeverityRank(s string) int { return slices.Index(Severities, s) }

// Thresholds are the lowest scores of each severity.
type Thresholds struct {
	Critical, High, Medium, Low float64
}

// DefaultThresholds apply when ruleset.yaml sets none.
var DefaultThresholds = Thresholds{Critical: 90, High: 70, Medium: 40, Low: 20}

// Severity maps a score to its severity.
func (t Thresholds) Severity(score float64) string {
	switch {
	case score >= t.Critical:
		return SeverityCritical
	case score >= t.High:
		return SeverityHigh
	case score >= t.Medium:
		return SeverityMedium
	case score >= t.Low && score > 0:
		return SeverityLow
	}
	return SeverityNone
}

// DefaultCostBudget is the cost_budget of a pack that sets none: the most
// steps a rule's or exception's static cost bound may reach on the largest
// shipment (1,000 items). Walking every catalog match of every item with a
// predicate of a dozen terms costs about 1.5 million steps; one loop over
// the items nested in another, four million and more; three levels, four
// billion.
const DefaultCostBudget = 10_000_000

var settingsKeys = []string{"name", "version", "thresholds", "min_severity", "cost_budget"}

func (p *fileParser) settings(n *yaml.Node) {
	s := Settings{Pos: p.pos(n), Thresholds: DefaultThresholds, MinSeverity: SeverityMedium, CostBudget: DefaultCostBudget}
	f := p.fields(n, "", settingsKeys, "name", "version")
	if v := f["name"]; v != nil {
		s.Name, _ = p.str(v, "name", "")
	}
	if v := f["version"]; v != nil {
		s.Version, _ = p.str(v, "version", "")
	}
	if v := f["thresholds"]; v != nil && p.kind(v, yaml.MappingNode, "thresholds", "") {
		p.thresholds(v, &s.Thresholds)
	}
	if v := f["min_severity"]; v != nil {
		m, _ := p.str(v, "min_severity", "")
		if SeverityRank(m) < 0 || m == SeverityNone {
			p.ds.Errorf(p.pos(v), "", "min_severity %q: want low, medium, high or critical", m)
		} else {
			s.MinSeverity = m
		}
	}
	if v := f["cost_budget"]; v != nil {
		p.costBudget(v, &s.CostBudget)
	}
	p.out.Settings = append(p.out.Settings, s)
}

// costBudget reads cost_budget: a positive whole number of steps.
func (p *fileParser) costBudget(n *yaml.Node, dst *int64) {
	s, ok := p.str(n, "cost_budget", "")
	if !ok {
		return
	}
	b, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
	if err != nil || b < 1 {
		p.ds.Errorf(p.pos(n), "", "cost_budget %q: want a positive whole number of steps", s)
		return
	}
	*dst = b
}

func (p *fileParser) thresholds(n *yaml.Node, t *Thresholds) {
	f := p.fields(n, "", []string{"critical", "high", "medium", "low"})
	set := func(key string, dst *float64) {
		if v := f[key]; v != nil {
			if x, ok := p.score(v, ""); ok {
				*dst = x
			}
		}
	}
	set("critical", &t.Critical)
	set("high", &t.High)
	set("medium", &t.Medium)
	set("low", &t.Low)
	if !(t.Low <= t.Medium && t.Medium <= t.High && t.High <= t.Critical) {
		p.ds.Errorf(p.pos(n), "", "thresholds must satisfy low <= medium <= high <= critical")
	}
}
