package pipeline

import (
	"time"

	"github.com/precursorwatch/precursor/rules"
)

// evaluator is what the consume loop needs from a loaded rule set: the pure
// stages for one event, and a description for metrics and logs. A
// rules.Engine is adapted to it by engineEvaluator; unit tests use fakes.
// Implementations must be safe for concurrent use; each worker passes its
// own scratch.
type evaluator interface {
	// evaluate runs decode, enrich and score (and encodes the alert) for one
	// event value. It never panics and never returns an error: an event that
	// cannot be decoded becomes a dead-letter outcome.
	evaluate(value []byte, sc *scratch, out *outcome)
	// newScratch returns per-worker reusable state.
	newScratch() *scratch
	// info describes the loaded rule set and catalog.
	info() engineInfo
}

// scratch is per-worker state reused across events (the decoded manifest).
type scratch struct {
	state any
}

// engineInfo describes a loaded rule set for metrics, logs and /readyz.
type engineInfo struct {
	RulesetName, RulesetVersion, RulesetHash string
	CatalogVersion, CatalogHash              string
	// Rules maps rule id to its status ("active", "shadow", ...).
	Rules map[string]string
	// Exceptions lists the exception ids.
	Exceptions []string
	// Families lists the catalog's chemical families.
	Families []string
}

// outcome is the result of evaluating one event. The loop turns it into
// Kafka messages and metrics.
type outcome struct {
	// dead is set when the event could not be decoded or validated.
	dead *deadInfo
	// alert is the encoded alert JSON, nil when no alert is emitted; key is
	// the shipment id used as the message key.
	alert []byte
	key   []byte
	// full is the alert alert encodes, when there is one, to build its
	// minimal form if the alert topic refuses it; nil from fakes.
	full *rules.Alert
	// truncated is set when alert holds the minimal form of full;
	// alertDead when even that was refused and the event was dead-lettered
	// instead (reason alert_too_large).
	truncated, alertDead bool

	severity  string
	score     float64
	eventTime time.Time

	hits, shadowHits []string // rule ids
	suppressions     []string // exception ids
	ruleErrors       []string // rule ids
	matches          []familyMethod

	// stage durations measured around the pure calls.
	decode, enrich, scoring time.Duration
}

// deadInfo says why an event is a dead letter.
type deadInfo struct {
	stage  string // "decode" or "validate"
	reason string // manifest.KindOf
	err    string
}

type familyMethod struct{ family, method string }

// reset clears o for reuse, keeping slice capacity.
func (o *outcome) reset() {
	*o = outcome{
		hits:         o.hits[:0],
		shadowHits:   o.shadowHits[:0],
		suppressions: o.suppressions[:0],
		ruleErrors:   o.ruleErrors[:0],
		matches:      o.matches[:0],
	}
}
