package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/pipeline"
	"gopkg.in/yaml.v3"
)

// configFile is the YAML of a config file: pipeline.Config, plus whatever
// other top-level keys the file has. Those are the former names of renamed
// settings (read with a warning for one release) or mistakes.
type configFile struct {
	pipeline.Config `yaml:",inline"`
	Other           map[string]yaml.Node `yaml:",inline"`
}

// readConfigFile decodes a YAML config over cfg. Unknown keys are errors
// with their line; a key a setting had before this release is applied,
// and warn told, unless the file also sets the setting's new key. The
// file is checked against the YAML bounds (yamlsrc) before it is decoded,
// secrets written in it are refused by key (see secretKeys), and no
// error quotes a value of the file.
func readConfigFile(path string, cfg *pipeline.Config, settings []setting, warn func(string)) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	var doc yaml.Node
	if err := yamlsrc.Unmarshal(path, data, &doc); err != nil {
		at, problem := yamlsrc.Syntax(path, data, err, 1)
		return fmt.Errorf("config %s: %s", at, withoutValues(problem))
	}
	if err := refuseSecrets(path, &doc); err != nil {
		return err
	}
	cf := configFile{Config: *cfg}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cf); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("config %s: %s", path, withoutValues(err.Error()))
	}
	keys := topLevelKeys(&doc)
	var errs []error
	for _, key := range sortedKeys(keys, cf.Other) {
		node := cf.Other[key]
		line, col := position(keys, key)
		at := path
		if line > 0 {
			at = fmt.Sprintf("%s:%d:%d", path, line, col)
		}
		i := slices.IndexFunc(settings, func(s setting) bool { return s.was.key == key })
		switch {
		case i < 0:
			errs = append(errs, fmt.Errorf("config %s: unknown key %s", at, key))
		case keys[settings[i].key] != nil:
			errs = append(errs, fmt.Errorf("config %s: %s is the former name of %s, which the file sets too; remove %s", at, key, settings[i].key, key))
		case node.Kind != yaml.ScalarNode:
			errs = append(errs, fmt.Errorf("config %s: %s: want a single value", at, key))
		default:
			warn(fmt.Sprintf("config %s: key %s is deprecated; use %s", at, key, settings[i].key))
			if err := settings[i].set(&cf.Config, node.Value); err != nil {
				errs = append(errs, fmt.Errorf("config %s: %s: %w", at, key, err))
			}
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	*cfg = cf.Config
	return nil
}

// topLevelKeys returns the key nodes of a YAML mapping document by name.
func topLevelKeys(doc *yaml.Node) map[string]*yaml.Node {
	keys := map[string]*yaml.Node{}
	if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		m := doc.Content[0].Content
		for i := 0; i+1 < len(m); i += 2 {
			keys[m[i].Value] = m[i]
		}
	}
	return keys
}

// sortedKeys returns the keys of other in file order.
func sortedKeys(keys map[string]*yaml.Node, other map[string]yaml.Node) []string {
	names := make([]string, 0, len(other))
	for k := range other {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int {
		la, ca := position(keys, a)
		lb, cb := position(keys, b)
		return cmp.Or(cmp.Compare(la, lb), cmp.Compare(ca, cb), cmp.Compare(a, b))
	})
	return names
}

// position is the line and column of a top-level key; 0, 0 for a key that
// is not written at the top level (merged in with <<).
func position(keys map[string]*yaml.Node, key string) (line, col int) {
	if n := keys[key]; n != nil {
		return n.Line, n.Column
	}
	return 0, 0
}
