package pipeline

import (
	"log/slog"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
	"github.com/prometheus/client_golang/prometheus"
)

// Options are the pipeline's dependencies; every field is optional.
type Options struct {
	// Logger receives the service log. Default: discard.
	Logger *slog.Logger
	// Registerer registers the metrics. Default: a new registry.
	Registerer prometheus.Registerer
	// Gatherer serves /metrics. Default: Registerer when it is a Gatherer
	// (a *prometheus.Registry), else prometheus.DefaultGatherer.
	Gatherer prometheus.Gatherer
	// Engine is the initial rules engine. Default nil: load it from
	// Config.RulesDir and Config.CatalogFile. Reloads always load from the
	// Config paths.
	Engine *rules.Engine

	// evaluator replaces the engine in unit tests.
	evaluator evaluator
}

// engineLoader loads a complete engine from the configured paths.
func engineLoader(c Config) loadFunc {
	return func() (evaluator, error) {
		e, err := rules.LoadEngine(c.RulesDir, c.CatalogFile)
		if err != nil {
			return nil, err
		}
		return newEngineEvaluator(e), nil
	}
}

func optionsEvaluator(o Options) evaluator {
	switch {
	case o.evaluator != nil:
		return o.evaluator
	case o.Engine != nil:
		return newEngineEvaluator(o.Engine)
	}
	return nil
}

// engineEvaluator runs a rules.Engine's pure stages for the loop.
type engineEvaluator struct {
	e  *rules.Engine
	in engineInfo
	// epoch is the origin of the stage clock: time.Since reads only the
	// monotonic clock, about half the cost of time.Now.
	epoch time.Time
}

// workerState is a worker's reusable storage: the decoded manifest and
// its per-item catalog results.
type workerState struct {
	m     manifest.Manifest
	items []chemicals.Result
}

func newEngineEvaluator(e *rules.Engine) *engineEvaluator {
	rs, cat := e.Ruleset(), e.Catalog()
	in := engineInfo{
		RulesetName: rs.Name(), RulesetVersion: rs.Version(), RulesetHash: rs.Hash(),
		CatalogVersion: cat.Version, CatalogHash: cat.Hash,
		Rules:      map[string]string{},
		Exceptions: rs.Exceptions(),
	}
	for _, r := range rs.Rules() {
		in.Rules[r.ID] = r.Status
	}
	seen := map[string]bool{}
	for _, e := range cat.Entries {
		if e.Family != "" && !seen[e.Family] {
			seen[e.Family] = true
			in.Families = append(in.Families, e.Family)
		}
	}
	return &engineEvaluator{e: e, in: in, epoch: time.Now()}
}

func (x *engineEvaluator) info() engineInfo { return x.in }

func (x *engineEvaluator) newScratch() *scratch { return &scratch{state: new(workerState)} }

// evaluate decodes into the worker's manifest, enriches, scores and, when
// the result emits, encodes the alert. Each stage is timed around the call.
func (x *engineEvaluator) evaluate(value []byte, sc *scratch, out *outcome) {
	ws := sc.state.(*workerState)
	m := &ws.m
	t0 := time.Since(x.epoch)
	err := manifest.DecodeInto(value, m)
	t1 := time.Since(x.epoch)
	out.decode = t1 - t0
	if err != nil {
		out.dead = decodeFailure(err)
		return
	}
	en := x.e.EnrichInto(m, ws.items)
	ws.items = en.Items
	t2 := time.Since(x.epoch)
	r := x.e.Score(m, en)
	t3 := time.Since(x.epoch)
	out.enrich, out.scoring = t2-t1, t3-t2
	out.severity, out.score, out.eventTime = r.Severity, r.Score, m.EventTime
	for _, h := range r.Hits {
		out.hits = append(out.hits, h.RuleID)
	}
	for _, h := range r.ShadowHits {
		out.shadowHits = append(out.shadowHits, h.RuleID)
	}
	for _, s := range r.Suppressed {
		out.suppressions = append(out.suppressions, s.Exception)
	}
	for _, re := range r.RuleErrors {
		out.ruleErrors = append(out.ruleErrors, re.RuleID)
	}
	for _, it := range en.Items {
		for _, mt := range it.Matches {
			if mt.Entry != nil {
				out.matches = append(out.matches, familyMethod{mt.Entry.Family, string(mt.Method)})
			}
		}
	}
	if r.Emit {
		a := x.e.Alert(value, m, en, r)
		if out.alertBuf == nil {
			out.alertBuf = make([]byte, 0, 2048)
		}
		out.alert, out.full = a.AppendJSON(out.alertBuf[:0]), a
		out.alertBuf = out.alert
		if len(out.alert) > maxAlertBytes {
			out.alert, out.truncated = a.Minimal().AppendJSON(nil), true
		}
		out.key = append(out.keyBuf[:0], m.ShipmentID...)
		out.keyBuf = out.key
	}
}

// decodeFailure classifies a decode error into a dead-letter reason and
// stage: syntax, encoding and size problems fail decoding; contract
// violations fail validation.
func decodeFailure(err error) *deadInfo {
	kind := manifest.KindOf(err)
	if kind == "" {
		kind = manifest.KindInvalid
	}
	stage := stageValidateDL
	switch kind {
	case manifest.KindSyntax, manifest.KindEncoding, manifest.KindTooLarge:
		stage = stageDecodeDL
	}
	return &deadInfo{stage: stage, reason: string(kind), err: err.Error()}
}
