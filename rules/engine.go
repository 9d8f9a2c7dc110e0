package rules

import (
	"sync"
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties"
)

// memoryBudget bounds what one condition may allocate in expr's VM (in expr's
// units: roughly elements of built collections) before it fails with a
// RuleError instead of slowing the pipeline down.
const memoryBudget = 200_000

// Engine is a catalog, its matcher and a compiled ruleset: the unit of hot
// reload. It is immutable and safe for concurrent use.
type Engine struct {
	cat     *chemicals.Catalog
	matcher itemMatcher
	rs      *Ruleset
	structs *structureIndex // catalog entries by structure (structure.go)
	timeout time.Duration   // bounds scoring one shipment (budget.go)
	pool    sync.Pool       // *evalState
	// parties screens the parties when set (engine_parties.go); lists
	// describes its lists for alerts.
	parties *parties.Snapshot
	lists   []ListRef
}

// evalState is the per-goroutine scratch of Score: the Env and the VM are
// reused across shipments.
type evalState struct {
	env Env
	vm  vm.VM
	// about marks the items a hit is about while explain runs.
	about []bool
}

// NewEngine combines a catalog and a ruleset compiled against it.
func NewEngine(cat *chemicals.Catalog, rs *Ruleset) *Engine {
	e := &Engine{cat: cat, matcher: newCatalogMatcher(cat), rs: rs, structs: newStructureIndex(cat), timeout: DefaultEventTimeout}
	e.pool.New = func() any { return &evalState{vm: vm.VM{MemoryBudget: memoryBudget}} }
	return e
}

// derive returns a copy of e that shares its catalog, matcher, ruleset,
// structure index, lists and event timeout, for the With* methods to
// change one of them. (The pool is not copied: a copy gets its own.)
func (e *Engine) derive() *Engine {
	n := &Engine{cat: e.cat, matcher: e.matcher, rs: e.rs, structs: e.structs, timeout: e.timeout,
		parties: e.parties, lists: e.lists}
	n.pool.New = e.pool.New
	return n
}

// WithEventTimeout returns an engine sharing e's catalog, matcher and
// rules whose scoring of one shipment is stopped after d (d <= 0:
// DefaultEventTimeout). See budget.go.
func (e *Engine) WithEventTimeout(d time.Duration) *Engine {
	if d <= 0 {
		d = DefaultEventTimeout
	}
	n := e.derive()
	n.timeout = d
	return n
}

// LoadEngine loads the catalog (catalogFile "" = embedded) and the rule pack
// (rulesDir "" = embedded default pack). On rule errors it returns a
// yamlsrc.List listing every problem with file:line:col.
func LoadEngine(rulesDir, catalogFile string) (*Engine, error) {
	cat, err := loadCatalog(catalogFile)
	if err != nil {
		return nil, err
	}
	rs, _, err := LoadRuleset(rulesDir, cat)
	if err != nil {
		return nil, err
	}
	return NewEngine(cat, rs), nil
}

// Catalog returns the engine's catalog.
func (e *Engine) Catalog() *chemicals.Catalog { return e.cat }

// Ruleset returns the engine's compiled ruleset.
func (e *Engine) Ruleset() *Ruleset { return e.rs }

// Enrich matches every item of m against the catalog and, when the engine
// has lists, screens its parties. It is pure.
func (e *Engine) Enrich(m *manifest.Manifest) Enrichment {
	return e.EnrichInto(m, nil)
}

// EnrichInto is Enrich reusing dst's storage for the per-item results
// (hot paths keep one per worker). The Enrichment aliases dst.
func (e *Engine) EnrichInto(m *manifest.Manifest, dst []chemicals.Result) Enrichment {
	if cap(dst) < len(m.Items) {
		dst = make([]chemicals.Result, len(m.Items))
	}
	en := Enrichment{Items: dst[:len(m.Items)]}
	for i := range m.Items {
		it := &m.Items[i]
		en.Items[i] = e.matcher.Match(chemicals.Item{Description: it.Description, CAS: it.CAS, HSCode: it.HSCode})
	}
	en.Parties = e.screen(m)
	return en
}
