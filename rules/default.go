package rules

import (
	"embed"
	"io/fs"
)

// defaultPack is the rule pack shipped in the binary: rule files,
// ruleset.yaml, the rule tests and the manifests they name (testdata/), so
// `precursor rules test` works without a checkout.
//
//go:embed default/*.yaml default/testdata
var defaultPack embed.FS

// DefaultDir is how files of the embedded default pack are named in
// messages, as in the repository.
const DefaultDir = "rules/default"

// DefaultFS returns the embedded default rule pack as a file system rooted
// at the pack directory (paths like "fentanyl.yaml").
func DefaultFS() fs.FS {
	sub, err := fs.Sub(defaultPack, "default")
	if err != nil {
		panic(err) // unreachable: "default" is a valid, embedded directory
	}
	return sub
}
