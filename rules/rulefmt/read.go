package rulefmt

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// isTestFile reports whether a file of a pack is a rule test file
// (*_test.yaml or *_test.yml).
func isTestFile(name string) bool {
	return strings.HasSuffix(name, "_test.yaml") || strings.HasSuffix(name, "_test.yml")
}

// ReadPack reads the YAML files at the top level of the pack in fsys, in
// name order: the rule files (ruleset.yaml included) and, separately, the
// rule test files. Files are named path.Join(shown, name) in messages.
// Subdirectories (testdata/ of the rule tests) are not read.
func ReadPack(fsys fs.FS, shown string) (ruleFiles, testFiles []File, err error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, packErr(shown, ".", err)
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, packErr(shown, name, err)
		}
		f := File{Name: path.Join(shown, name), Data: data}
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
