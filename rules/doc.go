// Package rules owns the rule language and the scoring engine of Precursor
// Watch: it loads rule packs (YAML files of lists, macros, rules and
// exceptions plus one ruleset.yaml), compiles every condition once against
// the typed Env with expr, and scores shipments with them.
//
// The Engine is the unit of hot reload: a catalog, its matcher and a
// compiled Ruleset, immutable and safe for concurrent use. Enrich matches
// a manifest's items against the catalog; Score evaluates the rules
// (active hits combine by noisy-OR, shadow hits are reported only,
// exceptions in force remove the hits they cover, a rule failing at run
// time becomes a RuleError); Alert builds the explained alert whose
// AppendJSON is the one alert encoder of the project.
//
// Loading and Lint report every problem at once, each as
// file:line:col: subject: message, positions mapped from expr into the YAML
// scalar. The package knows the catalog and manifest types but nothing of
// Kafka or metrics: timing and counting happen in the pipeline around it.
// Rule tests (*_test.yaml) are run by the rule-test runner in ruletest*.go.
package rules
