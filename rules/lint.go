package rules

import (
	"io/fs"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// Lint loads and compiles the rule pack in dir ("" = the embedded default
// pack) against the catalog (catalogFile "" = embedded) and returns every
// diagnostic in position order: the errors LoadEngine would report plus
// the format's warnings (rulefmt.Lint). err is only for failures to read
// the pack or catalog.
func Lint(dir, catalogFile string, now time.Time) (yamlsrc.List, error) {
	cat, err := loadCatalog(catalogFile)
	if err != nil {
		return nil, err
	}
	return lintWith(dir, cat, now)
}

// lintWith is Lint with an already loaded catalog.
func lintWith(dir string, cat *chemicals.Catalog, now time.Time) (yamlsrc.List, error) {
	fsys, shown := packFS(dir)
	return lintFS(fsys, shown, cat, now)
}

// lintFS lints the pack held in fsys; shown prefixes file names.
func lintFS(fsys fs.FS, shown string, cat *chemicals.Catalog, now time.Time) (yamlsrc.List, error) {
	files, tests, err := rulefmt.ReadPack(fsys, shown)
	if err != nil {
		return nil, err
	}
	_, pack, ds := buildRuleset(shown, files, cat)
	rulefmt.Lint(pack, tests, now, &ds)
	ds.Sort()
	return ds, nil
}
