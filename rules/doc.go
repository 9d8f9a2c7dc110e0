// Package rules is the rule engine of Precursor Watch: it compiles the
// definitions of a rule pack (read by rules/rulefmt) once against the typed
// Env with expr, and scores shipments with them.
//
// The Engine is the unit of hot reload: a catalog, its matcher, a compiled
// Ruleset and, when WithParties gives it, sanctions and watch lists
// (package parties), immutable and safe for concurrent use. Enrich matches
// a manifest's items against the catalog and screens its parties against
// the lists (the pipeline adds the structures the structure resolver
// found, Enrichment.Structures, which become matches of method
// "structure": structure.go); Score evaluates the rules
// (active hits combine by noisy-OR, shadow hits are reported only,
// exceptions in force remove the hits they cover, a rule failing at run
// time becomes a RuleError); Alert builds the explained alert whose
// AppendJSON is the one alert encoder of the project.
//
// The rule language is the Env's fields plus the helper functions of the
// helper table (functions.go), each declared once with its implementation,
// typed fast paths, guards and evidence fields. Loading and Lint report
// every problem at once as a yamlsrc.List, each file:line:col: subject:
// message, positions mapped from expr into the YAML scalar; a rule's
// references must name sources of the catalog's registry.
//
// No evaluation runs unbounded: every condition has a static cost bound
// at load time (cost.go: nested iteration multiplies, helpers declare
// their cost in the helper table), refused over the pack's cost_budget,
// and a run-time budget (budget.go: steps charged by loops and helpers,
// a per-shipment time limit, cancellation by a context) stops a
// condition that runs away, as its RuleError.
//
// The package knows the catalog and manifest types but nothing of Kafka or
// metrics: timing and counting happen in the pipeline around it. Rule
// tests (*_test.yaml) are run by rules/ruletest.
package rules
