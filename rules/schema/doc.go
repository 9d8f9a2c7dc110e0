// Package schema holds the JSON Schemas of the rule pack format, for
// editors with a YAML language server (completion and validation while
// typing) and for `precursor rules init`, which writes them beside a new
// pack: rules.schema.json for rule files, ruleset.schema.json for
// ruleset.yaml and rule-tests.schema.json for rule test files
// (*_test.yaml). They check shape only; `precursor rules lint` checks
// meaning. A test validates the default pack and its tests against them.
package schema

import "embed"

// Files are the schemas, by file name.
//
//go:embed *.schema.json
var Files embed.FS
