package ruletest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/manifest"
	"gopkg.in/yaml.v3"
)

// yamlToJSON converts a YAML node (a rule test's inline manifest) into JSON,
// keeping mapping key order so that decode errors name fields the way the
// author wrote them. Aliases are resolved and merge keys (<<) are applied,
// so test files can share a base manifest through anchors. Scalars keep
// their YAML type: !!int and !!float become JSON numbers, !!bool and !!null
// their JSON counterparts, everything else (including timestamps) a string.
func yamlToJSON(n *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	if err := writeNode(&buf, n, 0); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxDepth bounds alias and merge expansion so that a self-referencing
// anchor cannot loop; the JSON size limit (manifest.MaxEventBytes) stops
// alias bombs that grow in breadth.
const maxDepth = 64

func writeNode(buf *bytes.Buffer, n *yaml.Node, depth int) error {
	if depth > maxDepth {
		return errorAt(n, "manifest nested deeper than %d levels", maxDepth)
	}
	if buf.Len() > manifest.MaxEventBytes {
		return errorAt(n, "manifest expands to more than %d bytes of JSON", manifest.MaxEventBytes)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			buf.WriteString("null")
			return nil
		}
		return writeNode(buf, n.Content[0], depth+1)
	case yaml.AliasNode:
		return writeNode(buf, n.Alias, depth+1)
	case yaml.MappingNode:
		return writeMapping(buf, n, depth)
	case yaml.SequenceNode:
		buf.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeNode(buf, c, depth+1); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	case yaml.ScalarNode:
		return writeScalar(buf, n)
	}
	return errorAt(n, "unsupported YAML node")
}

// writeMapping writes a mapping, applying merge keys first so that keys
// written in the mapping itself override merged ones (YAML merge semantics).
func writeMapping(buf *bytes.Buffer, n *yaml.Node, depth int) error {
	keys, vals, err := flattenMapping(n, depth)
	if err != nil {
		return err
	}
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		if err := writeNode(buf, vals[i], depth+1); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

// flattenMapping returns the keys and values of a mapping in order, with
// merge keys expanded and later keys replacing earlier ones in place.
func flattenMapping(n *yaml.Node, depth int) ([]string, []*yaml.Node, error) {
	if depth > maxDepth {
		return nil, nil, errorAt(n, "merge keys nested deeper than %d levels", maxDepth)
	}
	var keys []string
	var vals []*yaml.Node
	set := func(k string, v *yaml.Node) {
		for i := range keys {
			if keys[i] == k {
				vals[i] = v
				return
			}
		}
		keys = append(keys, k)
		vals = append(vals, v)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, nil, errorAt(k, "mapping keys must be scalars")
		}
		if k.Tag != "!!merge" {
			set(k.Value, v)
			continue
		}
		if err := mergeInto(v, depth, set); err != nil {
			return nil, nil, err
		}
	}
	return keys, vals, nil
}

// mergeInto applies a merge value: one mapping or a sequence of mappings.
func mergeInto(v *yaml.Node, depth int, set func(string, *yaml.Node)) error {
	for v.Kind == yaml.AliasNode {
		v = v.Alias
	}
	srcs := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		srcs = v.Content
	}
	for _, s := range srcs {
		for s.Kind == yaml.AliasNode {
			s = s.Alias
		}
		if s.Kind != yaml.MappingNode {
			return errorAt(s, "merge key (<<) needs a mapping")
		}
		keys, vals, err := flattenMapping(s, depth+1)
		if err != nil {
			return err
		}
		for i := range keys {
			set(keys[i], vals[i])
		}
	}
	return nil
}

func writeScalar(buf *bytes.Buffer, n *yaml.Node) error {
	switch n.ShortTag() {
	case "!!null":
		buf.WriteString("null")
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return errorAt(n, "bad boolean %q", n.Value)
		}
		buf.WriteString(strconv.FormatBool(b))
	case "!!int", "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return errorAt(n, "bad number %q", n.Value)
		}
		b, err := json.Marshal(f)
		if err != nil { // NaN or Inf
			return errorAt(n, "number %q has no JSON form", n.Value)
		}
		buf.Write(b)
	default:
		b, _ := json.Marshal(n.Value)
		buf.Write(b)
	}
	return nil
}

func errorAt(n *yaml.Node, format string, args ...any) error {
	return yamlsrc.Diagnostic{Pos: yamlsrc.At("", n), Message: fmt.Sprintf(format, args...)}
}

// nodeKind reports a node's kind for error messages.
func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	case yaml.ScalarNode:
		return strings.TrimPrefix(n.ShortTag(), "!!")
	}
	return "document"
}
