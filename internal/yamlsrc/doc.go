// Package yamlsrc is the shared plumbing for the project's YAML sources
// (the chemical catalog and its generated names, rule packs and rule
// tests, party lists and exceptions, the service configuration): the one
// place where a YAML source is read within bounds (Unmarshal, Decoder: a
// size limit and an alias-expansion budget checked on the node graph
// before anything is decoded), one positioned Diagnostic and its List,
// the one place where a yaml.v3 syntax error is put on the line that is
// really broken, and a walker over mapping pairs that reports non-scalar
// and repeated keys.
//
// It knows nothing of catalogs or rules: each loader words its own
// messages and hands them here to be positioned, collected and formatted
// as file:line:col: [warning: ][subject: ]message.
package yamlsrc
