package rules

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// packFS opens a rule pack: dir "" is the embedded default pack. It returns
// the file system and the prefix that names its files in messages.
func packFS(dir string) (fs.FS, string) {
	if dir == "" {
		return DefaultFS(), DefaultDir
	}
	return os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir))
}

// LoadRuleset loads and compiles the rule pack in dir ("" = the embedded
// default pack) against the catalog. The list holds every problem,
// warnings included; on errors the ruleset is nil and err is the list's
// errors (a yamlsrc.List). I/O failures are returned as err with no
// diagnostics.
func LoadRuleset(dir string, cat *chemicals.Catalog) (*Ruleset, yamlsrc.List, error) {
	fsys, shown := packFS(dir)
	return LoadRulesetFS(fsys, shown, cat)
}

// LoadRulesetFS is LoadRuleset for a pack held in fsys; shown prefixes file
// names in messages.
func LoadRulesetFS(fsys fs.FS, shown string, cat *chemicals.Catalog) (*Ruleset, yamlsrc.List, error) {
	files, _, err := rulefmt.ReadPack(fsys, shown)
	if err != nil {
		return nil, nil, err
	}
	rs, _, ds := buildRuleset(shown, files, cat)
	if rs == nil {
		return nil, ds, ds.Err()
	}
	return rs, ds, nil
}

// loadCatalog loads catalogFile, "" meaning the embedded catalog.
func loadCatalog(catalogFile string) (*chemicals.Catalog, error) {
	if catalogFile == "" {
		cat, err := chemicals.Default()
		if err != nil {
			return nil, fmt.Errorf("load embedded catalog: %w", err)
		}
		return cat, nil
	}
	cat, err := chemicals.LoadFile(catalogFile)
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	return cat, nil
}
