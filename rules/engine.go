package rules

import (
	"sync"
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
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
	timeout time.Duration // bounds scoring one shipment (budget.go)
	pool    sync.Pool     // *evalState
}

// evalState is the per-goroutine scratch of Score: the Env and the VM are
// reused across shipments.
type evalState struct {
	env Env
	vm  vm.VM
}

// NewEngine combines a catalog and a ruleset compiled against it.
func NewEngine(cat *chemicals.Catalog, rs *Ruleset) *Engine {
	return newEngine(cat, newCatalogMatcher(cat), rs, DefaultEventTimeout)
}

func newEngine(cat *chemicals.Catalog, m itemMatcher, rs *Ruleset, timeout time.Duration) *Engine {
	e := &Engine{cat: cat, matcher: m, rs: rs, timeout: timeout}
	e.pool.New = func() any { return &evalState{vm: vm.VM{MemoryBudget: memoryBudget}} }
	return e
}

// WithEventTimeout returns an engine sharing e's catalog, matcher and
// rules whose scoring of one shipment is stopped after d (d <= 0:
// DefaultEventTimeout). See budget.go.
func (e *Engine) WithEventTimeout(d time.Duration) *Engine {
	if d <= 0 {
		d = DefaultEventTimeout
	}
	return newEngine(e.cat, e.matcher, e.rs, d)
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

// Enrich matches every item of m against the catalog. It is pure.
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
	return en
}
