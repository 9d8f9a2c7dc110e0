package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties"
	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/structure"
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
	// Config paths. Either way the engine screens parties against the
	// lists of Config.Lists (lists.go).
	Engine *rules.Engine
	// Candidate is the initial candidate engine, beside Engine (with
	// whose catalog it must have been compiled: rules.Engine.WithRuleset).
	// Default nil: load it from Config.CandidateRulesDir when set.
	Candidate *rules.Engine

	// evaluator replaces the engine in unit tests.
	evaluator evaluator
	// structureObserver also receives what the structure client does
	// (benchmarks record request latencies with it).
	structureObserver structure.Observer
}

// engineLoader loads the catalog, the live pack and the candidate pack
// (when configured) from the configured paths, the candidate against the
// live pack's catalog. Its errors say which of the three failed. st (nil
// when the resolver is off) is shared by every engine it loads. Each
// engine bounds its scoring of one event by EvalTimeout.
func engineLoader(c Config, st *structureStage) loadFunc {
	return func() (evaluator, error) {
		cat, err := loadCatalog(c.CatalogFile)
		if err != nil {
			return nil, err
		}
		rs, _, err := rules.LoadRuleset(c.RulesDir, cat)
		if err != nil {
			return nil, fmt.Errorf("load rules: %w", err)
		}
		e := rules.NewEngine(cat, rs).WithEventTimeout(c.EvalTimeout)
		var cand *rules.Engine
		if c.CandidateRulesDir != "" {
			crs, _, err := rules.LoadRuleset(c.CandidateRulesDir, cat)
			if err != nil {
				return nil, fmt.Errorf("load candidate rules: %w", err)
			}
			if cand, err = e.WithRuleset(crs); err != nil {
				return nil, err
			}
		}
		return newEngineEvaluator(e, cand, st), nil
	}
}

// loadCatalog loads the catalog file, "" meaning the embedded catalog.
func loadCatalog(file string) (*chemicals.Catalog, error) {
	var cat *chemicals.Catalog
	var err error
	if file == "" {
		cat, err = chemicals.Default()
	} else {
		cat, err = chemicals.LoadFile(file)
	}
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	return cat, nil
}

func optionsEvaluator(o Options, c Config, st *structureStage) (evaluator, error) {
	switch {
	case o.evaluator != nil:
		return o.evaluator, nil
	case o.Engine != nil:
		if o.Candidate != nil && o.Candidate.Catalog() != o.Engine.Catalog() {
			return nil, rules.ErrOtherCatalog
		}
		cand := o.Candidate
		if cand != nil {
			cand = cand.WithEventTimeout(c.EvalTimeout)
		}
		return newEngineEvaluator(o.Engine.WithEventTimeout(c.EvalTimeout), cand, st), nil
	}
	return nil, nil
}

// engineEvaluator runs a rules.Engine's pure stages for the loop, and
// a candidate engine's scoring beside it.
type engineEvaluator struct {
	e    *rules.Engine
	cand *rules.Engine // nil without a candidate pack
	in   engineInfo
	// structures looks up item structures; nil when the resolver is off.
	structures *structureStage
	// epoch is the origin of the stage clock: time.Since reads only the
	// monotonic clock, about half the cost of time.Now.
	epoch time.Time
}

// workerState is a worker's reusable storage: the decoded manifest, its
// per-item catalog results and the structure finder's buffers.
type workerState struct {
	m      manifest.Manifest
	items  []chemicals.Result
	finder structure.Finder
	// events counts the worker's events, to time one in stageSampleEvery.
	events uint32
}

// stageSampleEvery is the sampling period of the per-event stage timings
// (decode, enrich, score): each worker times its first event and every
// stageSampleEvery-th after it. Reading the clock four times per event
// cost about 0.15 µs, 2 % of a manifest's whole CPU time in precursor
// bench; a systematic sample of a stream of independent events keeps the
// distribution, and so the dashboard's quantiles, and a sampled event is
// timed exactly as before. Kafka Streams keeps its per-record latencies
// off its default recording level for the same reason.
const stageSampleEvery = 8

// stageClock times the stages of one event when on; laps are 0 otherwise.
type stageClock struct {
	on    bool
	epoch time.Time
	last  time.Duration
}

// lap returns the time since the previous lap (the first one: since
// epoch, to be discarded).
func (c *stageClock) lap() time.Duration {
	if !c.on {
		return 0
	}
	now := time.Since(c.epoch)
	d := now - c.last
	c.last = now
	return d
}

func newEngineEvaluator(e, cand *rules.Engine, st *structureStage) *engineEvaluator {
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
	if cand != nil {
		crs := cand.Ruleset()
		in.Candidate = &packInfo{Name: crs.Name(), Version: crs.Version(), Hash: crs.Hash(), Rules: map[string]string{}}
		for _, r := range crs.Rules() {
			in.Candidate.Rules[r.ID] = r.Status
		}
	}
	seen := map[string]bool{}
	for _, e := range cat.Entries {
		if e.Family != "" && !seen[e.Family] {
			seen[e.Family] = true
			in.Families = append(in.Families, e.Family)
		}
	}
	if st != nil {
		st.setCatalog(cat)
	}
	return &engineEvaluator{e: e, cand: cand, in: in, structures: st, epoch: time.Now()}
}

func (x *engineEvaluator) info() engineInfo { return x.in }

func (x *engineEvaluator) withLists(lists *parties.Snapshot) evaluator {
	var cand *rules.Engine
	if x.cand != nil {
		cand = x.cand.WithParties(lists)
	}
	return newEngineEvaluator(x.e.WithParties(lists), cand, x.structures)
}

func (x *engineEvaluator) newScratch() *scratch {
	ws := new(workerState)
	if x.structures != nil {
		ws.finder.Budget = x.structures.budget
	}
	return &scratch{state: ws}
}

// alertBufBytes is the storage an alert's JSON is first encoded into. The
// synthetic stream's alerts are 5–21 KB, half of them over 10 KB, nine in
// ten under 16 KB: most are encoded without growing the buffer.
const alertBufBytes = 16 << 10

// evaluate decodes into the worker's manifest, enriches (catalog, then
// structures when the resolver is on), scores and, when the result emits,
// encodes the alert. On one event in stageSampleEvery each stage is timed
// around the call; structure lookups count as enrichment. ctx ending stops
// the scoring (the outcome must then not be delivered).
func (x *engineEvaluator) evaluate(ctx context.Context, value []byte, sc *scratch, out *outcome) {
	ws := sc.state.(*workerState)
	m := &ws.m
	clock := stageClock{on: ws.events%stageSampleEvery == 0, epoch: x.epoch}
	ws.events++
	out.timed = clock.on
	clock.lap()
	// value is the fetched message's own buffer (kafka-go allocates one
	// per message) and nothing writes to it: the dead-letter and alert
	// outputs send it as it came. So the manifest's strings may share it.
	err := manifest.DecodeOwnedInto(value, m)
	out.decode = clock.lap()
	if err != nil {
		out.dead = decodeFailure(err)
		return
	}
	en := x.e.EnrichInto(m, ws.items)
	ws.items = en.Items
	if x.structures != nil {
		en.Structures = x.structures.find(m, en, &ws.finder)
	}
	out.enrich = clock.lap()
	r := x.e.ScoreContext(ctx, m, en)
	out.scoring = clock.lap()
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
		if re.Stopped {
			out.stopped = append(out.stopped, re)
		}
	}
	for i := range en.Parties {
		out.partyHits = append(out.partyHits, partyHit{en.Parties[i].List, en.Parties[i].Cleared != nil})
	}
	for _, it := range en.Items {
		for _, mt := range it.Matches {
			if mt.Entry != nil {
				out.matches = append(out.matches, familyMethod{mt.Entry.Family, string(mt.Method)})
			}
		}
	}
	out.matches = structureFamilies(out.matches, en.Structures)
	if r.Emit {
		a := x.e.Alert(value, m, en, r)
		out.alert, out.full = a.AppendJSON(make([]byte, 0, alertBufBytes)), a
		if len(out.alert) > maxAlertBytes {
			out.alert, out.truncated = a.Minimal().AppendJSON(nil), true
		}
		out.key = append(out.keyBuf[:0], m.ShipmentID...)
		out.keyBuf = out.key
	}
	if x.cand != nil {
		x.scoreCandidate(value, m, en, out)
	}
}

// scoreCandidate scores the event with the candidate pack on the live
// pack's enrichment and encodes the candidate's alert.
func (x *engineEvaluator) scoreCandidate(value []byte, m *manifest.Manifest, en rules.Enrichment, out *outcome) {
	r := x.cand.Score(m, en)
	c := &out.cand
	c.scored, c.severity = true, r.Severity
	for _, h := range r.Hits {
		c.hits = append(c.hits, h.RuleID)
	}
	for _, h := range r.ShadowHits {
		c.hits = append(c.hits, h.RuleID)
	}
	if !r.Emit {
		return
	}
	a := x.cand.Alert(value, m, en, r)
	c.alert, c.full = a.AppendJSON(make([]byte, 0, 2048)), a
	if len(c.alert) > maxAlertBytes {
		c.alert, c.truncated = a.Minimal().AppendJSON(nil), true
	}
	if out.key == nil {
		out.key = []byte(m.ShipmentID)
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
