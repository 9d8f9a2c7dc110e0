package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/precursorwatch/precursor/chemicals"
)

// packFS opens a rule pack: dir "" is the embedded default pack. It returns
// the file system and the prefix that names its files in messages.
func packFS(dir string) (fs.FS, string) {
	if dir == "" {
		return DefaultFS(), defaultDir
	}
	return os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir))
}

// isTestFile reports whether a file of a pack is a rule test file.
func isTestFile(name string) bool {
	return strings.HasSuffix(name, "_test.yaml") || strings.HasSuffix(name, "_test.yml")
}

// readPack reads the rule files (and, separately, the rule test files) at the
// top level of a pack, in name order.
func readPack(fsys fs.FS, shown string) (ruleFiles, testFiles []packFile, err error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, packErr(shown, ".", err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, packErr(shown, name, err)
		}
		f := packFile{Name: path.Join(shown, name), Data: data}
		if isTestFile(name) {
			testFiles = append(testFiles, f)
		} else {
			ruleFiles = append(ruleFiles, f)
		}
	}
	return ruleFiles, testFiles, nil
}

// packErr wraps an error reading name of the pack shown. The *fs.PathError
// of an fs.FS names the path inside the pack ("open ."), so it is unwrapped
// and the path as shown named instead; errors.Is still sees the cause.
func packErr(shown, name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("read rule pack %s: %w", path.Join(shown, name), err)
}

// LoadRuleset loads and compiles the rule pack in dir ("" = the embedded
// default pack) against the catalog. Diagnostics holds every problem,
// warnings included; on errors the ruleset is nil and err is a *LoadError.
// I/O failures are returned as err with no diagnostics.
func LoadRuleset(dir string, cat *chemicals.Catalog) (*Ruleset, Diagnostics, error) {
	fsys, shown := packFS(dir)
	return loadRulesetFS(fsys, shown, cat)
}

// LoadRulesetFS is LoadRuleset for a pack held in fsys; shown prefixes file
// names in messages.
func LoadRulesetFS(fsys fs.FS, shown string, cat *chemicals.Catalog) (*Ruleset, Diagnostics, error) {
	return loadRulesetFS(fsys, shown, cat)
}

func loadRulesetFS(fsys fs.FS, shown string, cat *chemicals.Catalog) (*Ruleset, Diagnostics, error) {
	files, _, err := readPack(fsys, shown)
	if err != nil {
		return nil, nil, err
	}
	rs, _, ds := buildRuleset(shown, files, cat)
	if rs == nil {
		return nil, ds, &LoadError{Diagnostics: ds.Errors()}
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
