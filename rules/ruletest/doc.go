// Package ruletest runs the rule tests of a rule pack, the way promtool's
// unit tests sit beside Prometheus' rule engine: YAML files (*_test.yaml)
// of cases, each a manifest (inline or a JSON file) with what the pack
// must make of it (rules that fire or not, exceptions that suppress, the
// severity, a score range, whether an alert is emitted) and, for rules on
// structure matches, what the structure resolver answers for its names
// (recorded, so the tests need no Java).
//
// Run decodes, enriches and scores every case exactly as the pipeline does
// (parties are screened against the engine's lists: `precursor rules
// test` gives it the embedded sample lists unless --lists names others)
// and reports, per case, each unmet expectation as expected vs got; the
// Report prints as text or JUnit XML for CI. Problems in the test files
// themselves are positioned diagnostics (file:line:col), and a case that
// names a rule or exception the pack lacks is an error, not a silent pass.
package ruletest
