// Package sample embeds the sample lists shipped with Precursor Watch: an
// extract, in OFAC's SDN XML schema, of the precursor-related OFAC
// designations cited in the catalog's sources registry, and the curated
// list of indicted precursor suppliers. The demo, `precursor parties
// lookup` without --lists and the tests screen against them.
//
// They are samples, not the published lists: screen production traffic
// against the lists OFAC, the UN, the EU or OpenSanctions publish.
package sample

import (
	"embed"
	"io/fs"
)

//go:embed us_ofac_sdn.xml precursor_indictments.yaml
var files embed.FS

// FS returns the embedded sample files.
func FS() fs.FS { return files }

// Paths returns the paths in FS of the sample lists.
func Paths() []string { return []string{"us_ofac_sdn.xml", "precursor_indictments.yaml"} }
