package pipeline

import (
	"context"
	"time"

	"github.com/precursorwatch/precursor/parties"
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
	// cannot be decoded becomes a dead-letter outcome. Scoring is bounded by
	// the engine's budget and stopped when ctx ends; an outcome evaluated
	// after ctx ended is incomplete and must not be delivered.
	evaluate(ctx context.Context, value []byte, sc *scratch, out *outcome)
	// newScratch returns per-worker reusable state.
	newScratch() *scratch
	// info describes the loaded rule set and catalog.
	info() engineInfo
	// withLists returns the evaluator screening parties against lists
	// (lists.go); the receiver is unchanged.
	withLists(lists *parties.Snapshot) evaluator
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
	// Candidate describes the candidate pack; nil without one.
	Candidate *packInfo
}

// packInfo describes the candidate rule pack for metrics and logs.
type packInfo struct {
	Name, Version, Hash string
	// Rules maps rule id to its status.
	Rules map[string]string
}

// outcome is the result of evaluating one event. Outputs turn it into
// messages (alerts, dead letters), the loop into metrics.
type outcome struct {
	// dead is set when the event could not be decoded or validated.
	dead *deadInfo
	// alert is the encoded alert JSON, nil when no alert is emitted; key is
	// the shipment id used as the message key.
	alert []byte
	key   []byte
	// keyBuf keeps the storage of key from one batch to the next: an
	// outcome is reused only after its batch is committed, when no writer
	// holds its bytes any more. Alert storage is not kept: an outcome
	// that alerted once would pin its alert's size for good, and every
	// outcome of every batch buffer comes to alert in time (docs/performance.md).
	keyBuf []byte
	// full is the alert alert encodes, when there is one, to build its
	// minimal form if an output refuses it as too large; nil from fakes.
	full *rules.Alert
	// truncated is set when alert holds the minimal form of full (the
	// full alert exceeded maxAlertBytes).
	truncated bool
	// refused is set, after the batch's first delivery round, when an
	// output refused the alert for good (reason alert_too_large): the
	// event is then a dead letter of stage emit, written in a second round.
	refused *deadInfo

	severity  string
	score     float64
	eventTime time.Time

	hits, shadowHits []string // rule ids
	suppressions     []string // exception ids
	ruleErrors       []string // rule ids
	// stopped are the rule errors the run-time budget caused, logged
	// with the event's coordinates.
	stopped   []rules.RuleError
	matches   []familyMethod
	partyHits []partyHit

	// stage durations measured around the pure calls, when timed (one
	// event in stageSampleEvery; fakes time none).
	timed                   bool
	decode, enrich, scoring time.Duration

	// cand is the candidate pack's result, when there is a candidate.
	cand candOutcome
}

// candOutcome is what the candidate pack made of an event: only its
// alert, for the candidate alert topic, and what its metrics count.
type candOutcome struct {
	scored   bool // false without a candidate, and for dead letters
	severity string
	hits     []string // rule ids, active and shadow
	alert    []byte   // the encoded alert, nil when it emits none
	full     *rules.Alert
	// truncated: alert holds the minimal form of full.
	truncated bool
}

// deadLetter returns why the event is a dead letter, or nil when it is
// not one.
func (o *outcome) deadLetter() *deadInfo {
	if o.dead != nil {
		return o.dead
	}
	return o.refused
}

// emits reports whether the event has an alert for outputs to write: it
// has one and is not a dead letter.
func (o *outcome) emits() bool {
	return o.alert != nil && o.dead == nil && o.refused == nil
}

// deadInfo says why an event is a dead letter.
type deadInfo struct {
	stage  string // stageDecodeDL, stageValidateDL, stageEvaluateDL or stageEmitDL
	reason string // manifest.KindOf, reasonInternal or reasonAlertTooLarge
	err    string
}

type familyMethod struct{ family, method string }

// reset clears o for reuse, keeping slice capacity.
func (o *outcome) reset() {
	*o = outcome{
		keyBuf:       o.keyBuf[:0],
		hits:         o.hits[:0],
		shadowHits:   o.shadowHits[:0],
		suppressions: o.suppressions[:0],
		ruleErrors:   o.ruleErrors[:0],
		stopped:      o.stopped[:0],
		matches:      o.matches[:0],
		partyHits:    o.partyHits[:0],
		cand:         candOutcome{hits: o.cand.hits[:0]},
	}
}
