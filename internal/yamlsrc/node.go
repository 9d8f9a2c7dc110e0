package yamlsrc

import (
	"iter"

	"gopkg.in/yaml.v3"
)

// At returns the position of node n in file.
func At(file string, n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: file}
	}
	return Pos{File: file, Line: n.Line, Col: n.Column}
}

// Pairs yields the key/value pairs of mapping node n in order. A key that
// is not a scalar, or that repeats an earlier key, is not yielded but
// handed to bad with the node of its first occurrence (nil for a key that
// is not a scalar), so that each loader words the problem its own way.
// Pairs yields nothing for a node that is not a mapping.
func Pairs(n *yaml.Node, bad func(key, first *yaml.Node)) iter.Seq2[*yaml.Node, *yaml.Node] {
	return func(yield func(k, v *yaml.Node) bool) {
		if n == nil || n.Kind != yaml.MappingNode {
			return
		}
		seen := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				bad(k, nil)
				continue
			}
			if first := seen[k.Value]; first != nil {
				bad(k, first)
				continue
			}
			seen[k.Value] = k
			if !yield(k, v) {
				return
			}
		}
	}
}

// Value returns the value of key in mapping node n, or nil.
func Value(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// KindName names a node kind for messages: "a mapping", "a list" (a YAML
// sequence), "a scalar", "an alias" or "a document".
func KindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a scalar"
	case yaml.AliasNode:
		return "an alias"
	}
	return "a document"
}
