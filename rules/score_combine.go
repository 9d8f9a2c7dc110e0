package rules

import "math"

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
