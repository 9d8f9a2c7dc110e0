package rules

import "errors"

// ErrOtherCatalog is returned by WithRuleset for a ruleset compiled
// against another catalog than the engine's.
var ErrOtherCatalog = errors.New("the ruleset was compiled against another catalog")

// WithRuleset returns an engine with e's catalog and matcher and the
// ruleset rs, which must have been compiled against e's catalog. A second
// pack scored beside the first (rules diff, a candidate pack in
// production) so shares one enrichment: Enrich with either engine, Score
// with both.
func (e *Engine) WithRuleset(rs *Ruleset) (*Engine, error) {
	if rs.cat != e.cat {
		return nil, ErrOtherCatalog
	}
	o := e.derive()
	o.rs = rs
	return o, nil
}
