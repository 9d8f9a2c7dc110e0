package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/pipeline"
	"github.com/precursorwatch/precursor/rules"
	"gopkg.in/yaml.v3"
)

// readConfigFile reads a YAML config over cfg. It walks the document
// itself rather than decoding it into pipeline.Config, so that every
// problem is reported at once, at file:line:col, in the words of the
// configuration (an unknown key with the known ones it may have meant, a
// value that is not an integer) and never in Go's (no "field batch_sise
// not found in type pipeline.Config"). A key a setting had before this
// release is applied, and warn told, unless the file also sets the
// setting's new key.
// The file is checked against the YAML bounds (yamlsrc) first; a secret
// written in it is refused by key (configsecret.go), and no error quotes a
// value of the file.
func readConfigFile(path string, cfg *pipeline.Config, settings []setting, warn func(string)) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %s", pathProblem(err))
	}
	var doc yaml.Node
	if err := yamlsrc.Unmarshal(path, data, &doc); err != nil {
		at, problem := yamlsrc.Syntax(path, data, err, 1)
		return fmt.Errorf("config %s: %s", at, withoutValues(problem))
	}
	if len(doc.Content) == 0 {
		return nil // an empty file sets nothing
	}
	if err := refuseSecrets(path, &doc); err != nil {
		return err
	}
	r := &configReader{path: path, cfg: cfg, settings: settings, warn: warn}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("config %s: the file must be a mapping of configuration keys, not %s", r.at(root), yamlsrc.KindName(root.Kind))
	}
	r.given = keysOf(root, "")
	r.mapping(root, "")
	return errors.Join(r.errs...)
}

// configReader applies one config file, collecting every problem.
type configReader struct {
	path     string
	cfg      *pipeline.Config
	settings []setting
	warn     func(string)
	given    map[string]bool // the keys the file sets, dotted
	errs     []error
}

func (r *configReader) at(n *yaml.Node) string { return yamlsrc.At(r.path, n).String() }

func (r *configReader) errorf(n *yaml.Node, format string, args ...any) {
	r.errs = append(r.errs, fmt.Errorf("config %s: "+format, append([]any{r.at(n)}, args...)...))
}

// mapping applies the keys of a mapping whose keys are prefix + name.
func (r *configReader) mapping(n *yaml.Node, prefix string) {
	pairs := yamlsrc.Pairs(n, func(k, first *yaml.Node) {
		if first == nil {
			r.errorf(k, "a configuration key must be a plain name")
			return
		}
		r.errorf(k, "key %s is set twice (first at line %d)", prefix+k.Value, first.Line)
	})
	for k, v := range pairs {
		key := prefix + k.Value
		switch {
		case r.section(key):
			if v.Kind != yaml.MappingNode {
				r.errorf(v, "%s: want a mapping of %s.* keys, not %s", key, key, yamlsrc.KindName(v.Kind))
				continue
			}
			r.mapping(v, key+".")
		default:
			r.value(k, v, key)
		}
	}
}

// section reports whether key groups other keys (tls, sasl, topics).
func (r *configReader) section(key string) bool {
	return slices.ContainsFunc(r.settings, func(s setting) bool { return strings.HasPrefix(s.key, key+".") })
}

// value applies one key: a setting or its former name.
func (r *configReader) value(k, v *yaml.Node, key string) {
	val, ok := r.scalar(v, key)
	if !ok {
		return
	}
	i := slices.IndexFunc(r.settings, func(s setting) bool { return s.key == key })
	if i < 0 {
		i = slices.IndexFunc(r.settings, func(s setting) bool { return s.was.key != "" && s.was.key == key })
		if i < 0 {
			r.errorf(k, "unknown configuration key %q%s", key, rules.DidYouMean(key, r.knownKeys()))
			return
		}
		if st := r.settings[i]; r.given[st.key] {
			r.errorf(k, "%s is the former name of %s, which the file sets too; remove %s", key, st.key, key)
			return
		}
		r.warn(fmt.Sprintf("config %s: key %s is deprecated; use %s", r.at(k), key, r.settings[i].key))
	}
	if err := r.settings[i].set(r.cfg, val); err != nil {
		r.errorf(v, "%s: %v", key, err)
	}
}

// scalar returns a key's value as the setting parses it: a scalar, or for
// a list of scalars (brokers) the items joined by commas.
func (r *configReader) scalar(v *yaml.Node, key string) (string, bool) {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return "", true
		}
		return v.Value, true
	case yaml.SequenceNode:
		items := make([]string, 0, len(v.Content))
		for _, c := range v.Content {
			if c.Kind != yaml.ScalarNode {
				r.errorf(c, "%s: want a list of single values", key)
				return "", false
			}
			items = append(items, c.Value)
		}
		return strings.Join(items, ","), true
	}
	r.errorf(v, "%s: want a single value, not %s", key, yamlsrc.KindName(v.Kind))
	return "", false
}

// knownKeys lists every configuration key, for suggestions.
func (r *configReader) knownKeys() []string {
	var keys []string
	for _, s := range r.settings {
		keys = append(keys, s.key)
	}
	return keys
}

// keysOf returns the dotted keys a mapping sets, at every depth.
func keysOf(n *yaml.Node, prefix string) map[string]bool {
	out := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		out[prefix+k.Value] = true
		if v.Kind == yaml.MappingNode {
			for sub := range keysOf(v, prefix+k.Value+".") {
				out[sub] = true
			}
		}
	}
	return out
}
