package rules

import "math"

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

// severityRank returns the index of s in Severities, -1 if unknown.
func severityRank(s string) int {
	for i, v := range Severities {
		if v == s {
			return i
		}
	}
	return -1
}

// combine is the noisy-OR of rule scores on a 0..100 scale:
// 100 * (1 - Π(1 - s_i/100)). Independent indications reinforce each other
// without ever exceeding 100, and one rule alone keeps its own score.
type combine struct{ miss float64 }

func newCombine() combine { return combine{miss: 1} }

func (c *combine) add(score float64) { c.miss *= 1 - score/100 }

// score is rounded to 1/100 so alerts and thresholds see stable values.
func (c combine) score() float64 {
	s := math.Round(100*(1-c.miss)*100) / 100
	if s < 0 {
		return 0
	}
	if s > 100 {
		return 100
	}
	return s
}
