// Package rulefmt reads the rule pack format of Precursor Watch: YAML files
// of lists, macros, rules and exceptions plus one ruleset.yaml of settings,
// and rule test files (*_test.yaml) beside them. Parse turns the files into
// definitions (a Pack) and positioned diagnostics, every problem at once;
// Lint adds the format's own warnings (expired exceptions, untested rules).
//
// It checks shape only: names, types, ranges, dates, duplicate keys. What
// a condition means (fields, helpers, catalog ids, source keys) is checked
// by the rules package when it compiles a Pack against a catalog, and rule
// tests are run by rules/ruletest. Conditions keep enough of the YAML
// (Expr.Position) to map an expr error back to file:line:col.
package rulefmt
