package rules

import (
	"embed"
	"io/fs"
)

// defaultPack is the rule pack shipped in the binary.
//
//go:embed default/*.yaml
var defaultPack embed.FS

// DefaultFS returns the embedded default rule pack (rule files, ruleset.yaml
// and rule tests) as a flat file system.
func DefaultFS() fs.FS {
	sub, err := fs.Sub(defaultPack, "default")
	if err != nil {
		panic(err) // unreachable: "default" is a valid, embedded directory
	}
	return sub
}

// defaultDir is how files of the embedded pack are named in messages.
const defaultDir = "rules/default"
