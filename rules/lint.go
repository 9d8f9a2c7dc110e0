package rules

import (
	"fmt"
	"io/fs"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// LintSummary counts what a lint read, for its one-line summary.
type LintSummary struct {
	Files, TestFiles                 int // rule files (ruleset.yaml included), rule test files
	Rules, Exceptions, Lists, Macros int
	Tests                            int // cases of the rule test files
}

// String is "9 files: 28 rules, 2 exceptions, 12 lists, 9 macros; 5 test
// files: 92 tests".
func (s LintSummary) String() string {
	return fmt.Sprintf("%d files: %d rules, %d exceptions, %d lists, %d macros; %d test files: %d tests",
		s.Files, s.Rules, s.Exceptions, s.Lists, s.Macros, s.TestFiles, s.Tests)
}

// Lint loads and compiles the rule pack in dir ("" = the embedded default
// pack) against the catalog (catalogFile "" = embedded) and returns every
// diagnostic in position order: the errors LoadEngine would report plus
// the warnings (rulefmt.Lint, unused lists and macros), and what it read.
// err is only for failures to read the pack or catalog.
func Lint(dir, catalogFile string, now time.Time) (yamlsrc.List, LintSummary, error) {
	cat, err := loadCatalog(catalogFile)
	if err != nil {
		return nil, LintSummary{}, err
	}
	return lintWith(dir, cat, now)
}

// lintWith is Lint with an already loaded catalog.
func lintWith(dir string, cat *chemicals.Catalog, now time.Time) (yamlsrc.List, LintSummary, error) {
	fsys, shown := packFS(dir)
	return lintFS(fsys, shown, cat, now)
}

// lintFS lints the pack held in fsys; shown prefixes file names.
func lintFS(fsys fs.FS, shown string, cat *chemicals.Catalog, now time.Time) (yamlsrc.List, LintSummary, error) {
	files, tests, err := rulefmt.ReadPack(fsys, shown)
	if err != nil {
		return nil, LintSummary{}, err
	}
	_, pack, ds := buildRuleset(shown, files, cat)
	rulefmt.Lint(pack, tests, now, &ds)
	ds.Sort()
	sum := LintSummary{
		Files: len(files), TestFiles: len(tests), Rules: len(pack.Rules), Exceptions: len(pack.Exceptions),
		Lists: len(pack.Lists), Macros: len(pack.Macros), Tests: rulefmt.TestCases(tests),
	}
	return ds, sum, nil
}
