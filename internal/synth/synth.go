package synth

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/precursorwatch/precursor/manifest"
)

// Kind says what an event is for a test.
type Kind string

// Event kinds.
const (
	Benign    Kind = "benign"    // ordinary trade; should not alert
	Risky     Kind = "risky"     // a precursor shipment; should alert
	Malformed Kind = "malformed" // bad input; should be dead-lettered
)

// Label is the ground truth of one event.
type Label struct {
	Kind Kind
	// Scenario names the tactic (risky) or defect (malformed), e.g.
	// "salt-form" or "invalid-utf8"; for benign events "trade" or
	// LicitChemical.
	Scenario string
	// Chemical is the catalog id of the chemical a risky or
	// licit event carries, e.g. "boc-4-ap" or "p2p"; empty when the goods
	// cannot be identified from the manifest alone (a vague "pharmaceutical
	// intermediate").
	Chemical string
	// Party is PartyListed when a party is an entity of the sample lists,
	// PartyNearMiss when it is a legitimate near miss of one, else "".
	Party string
}

// LicitChemical is the scenario of benign events that carry a catalog
// chemical in legitimate trade (aniline for rubber chemicals, phenylacetic
// acid for penicillin, pseudoephedrine to a drug maker): about 1% of benign
// events. A screener may flag them for a permit check, at low severity.
const LicitChemical = "licit-chemical"

// Event is one generated manifest event.
type Event struct {
	// Value is the JSON message value.
	Value []byte
	// Key is the message key: the shipment id.
	Key        []byte
	ShipmentID string
	Time       time.Time
	Label      Label
}

// Options configure a Generator. The zero value generates only benign
// events; DefaultOptions gives the usual mix.
type Options struct {
	// RiskyFraction is the share of risky events, 0..1 (DefaultOptions: 0.03).
	RiskyFraction float64
	// MalformedFraction is the share of malformed events, 0..1 (default 0).
	MalformedFraction float64
	// BaseTime is the event time of the first event. Default (zero):
	// 2026-01-05T00:00:00Z.
	BaseTime time.Time
	// Interval is the mean spacing of event times (default 1s when zero).
	// Event times strictly increase.
	Interval time.Duration
	// ListedPartyFraction is the share of risky events one of whose
	// parties is an entity of the sample lists (parties/sample), usually
	// respelled, 0..1 (DefaultOptions: 0.2).
	ListedPartyFraction float64
	// NearMissPartyFraction is the share of benign events one of whose
	// parties is a legitimate near miss of a listed company, 0..1
	// (DefaultOptions: 0.01).
	NearMissPartyFraction float64
	// DerivativeFraction is the share of risky events that name an
	// uncatalogued derivative of a precursor family by a systematic name
	// (derivatives.go), 0..1 (default 0: streams as without it).
	DerivativeFraction float64
}

// DefaultOptions returns 3% risky, no malformed events, a fixed base time,
// one event per second of event time, a listed party on a fifth of the
// risky events and a near-miss party on 1% of the benign ones.
func DefaultOptions() Options {
	return Options{
		RiskyFraction:         0.03,
		BaseTime:              time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC),
		Interval:              time.Second,
		ListedPartyFraction:   0.2,
		NearMissPartyFraction: 0.01,
	}
}

// Validate reports options that cannot be honoured.
func (o Options) Validate() error {
	switch {
	case o.RiskyFraction < 0 || o.RiskyFraction > 1:
		return fmt.Errorf("risky fraction %v not in [0,1]", o.RiskyFraction)
	case o.MalformedFraction < 0 || o.MalformedFraction > 1:
		return fmt.Errorf("malformed fraction %v not in [0,1]", o.MalformedFraction)
	case o.RiskyFraction+o.MalformedFraction > 1:
		return fmt.Errorf("risky (%v) and malformed (%v) fractions add up to more than 1", o.RiskyFraction, o.MalformedFraction)
	case o.DerivativeFraction < 0 || o.DerivativeFraction > 1:
		return fmt.Errorf("derivative fraction %v not in [0,1]", o.DerivativeFraction)
	case o.Interval < 0:
		return fmt.Errorf("negative interval %v", o.Interval)
	case o.ListedPartyFraction < 0 || o.ListedPartyFraction > 1:
		return fmt.Errorf("listed party fraction %v not in [0,1]", o.ListedPartyFraction)
	case o.NearMissPartyFraction < 0 || o.NearMissPartyFraction > 1:
		return fmt.Errorf("near-miss party fraction %v not in [0,1]", o.NearMissPartyFraction)
	}
	return nil
}

// Generator yields a deterministic sequence of events. It is not safe for
// concurrent use; give each goroutine its own Generator (with its own seed).
type Generator struct {
	rng  *rand.Rand
	opts Options
	seed int64
	n    int64     // events generated so far
	t    time.Time // event time of the last event
	m    manifest.Manifest
	buf  []byte
	lane []int // cumulative lane weights
	pg   *partyGen
}

// New returns a Generator. Options out of range are clamped: negative
// fractions count as 0 and the sum of fractions is capped at 1.
func New(seed int64, opts Options) *Generator {
	opts.RiskyFraction = clamp01(opts.RiskyFraction)
	opts.MalformedFraction = min(clamp01(opts.MalformedFraction), 1-opts.RiskyFraction)
	opts.ListedPartyFraction = clamp01(opts.ListedPartyFraction)
	opts.NearMissPartyFraction = clamp01(opts.NearMissPartyFraction)
	opts.DerivativeFraction = clamp01(opts.DerivativeFraction)
	if opts.Interval <= 0 {
		opts.Interval = time.Second
	}
	if opts.BaseTime.IsZero() {
		opts.BaseTime = DefaultOptions().BaseTime
	}
	g := &Generator{
		rng:  rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		opts: opts,
		seed: seed,
		t:    opts.BaseTime,
		buf:  make([]byte, 0, 2048),
		pg:   newPartyGen(seed),
	}
	total := 0
	for _, l := range benignLanes {
		total += l.weight
		g.lane = append(g.lane, total)
	}
	return g
}

func clamp01(f float64) float64 { return max(0, min(1, f)) }

// Next returns the next event. Its Value and Key are freshly allocated and
// owned by the caller.
func (g *Generator) Next() Event {
	g.n++
	if g.n > 1 {
		// Strictly increasing times, spaced Interval on average.
		step := time.Duration(float64(g.opts.Interval) * (0.5 + g.rng.Float64()))
		g.t = g.t.Add(max(step, time.Microsecond))
	}
	id := fmt.Sprintf("SYN-%04X-%09d", uint16(g.seed), g.n)
	g.reset(id)
	var label Label
	switch x := g.rng.Float64(); {
	case x < g.opts.RiskyFraction:
		label = g.risky()
	case x < g.opts.RiskyFraction+g.opts.MalformedFraction:
		g.benign()
		label = Label{Kind: Malformed}
	case g.rng.IntN(licitRate) == 0:
		label = Label{Kind: Benign, Scenario: LicitChemical, Chemical: g.licit()}
	default:
		g.benign()
		label = Label{Kind: Benign, Scenario: "trade"}
	}
	g.parties(&label)
	g.buf = appendManifest(g.buf[:0], &g.m)
	if label.Kind == Malformed {
		g.buf, label.Scenario = g.malform(g.buf)
	}
	value := make([]byte, len(g.buf)+len(id))
	copy(value, g.buf)
	copy(value[len(g.buf):], id)
	return Event{
		Value:      value[:len(g.buf):len(g.buf)],
		Key:        value[len(g.buf):],
		ShipmentID: id,
		Time:       g.t,
		Label:      label,
	}
}

// reset clears the reusable manifest for the next event.
func (g *Generator) reset(id string) {
	items := g.m.Items[:0]
	route := g.m.Route[:0]
	g.m = manifest.Manifest{
		SchemaVersion: manifest.SchemaVersion,
		ShipmentID:    id,
		EventType:     manifest.EventFiled,
		EventTime:     g.t,
		Items:         items,
		Route:         route,
	}
	if g.rng.IntN(20) == 0 {
		g.m.EventType = manifest.EventAmended
	}
}

// pick returns a uniformly chosen element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// between returns a value in [lo, hi) rounded to two decimals.
func between(r *rand.Rand, lo, hi float64) float64 {
	return round2(lo + r.Float64()*(hi-lo))
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }
