package rules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/precursorwatch/precursor/manifest"
	"gopkg.in/yaml.v3"
)

// rtYAMLToJSON converts a YAML node (a rule test's inline manifest) into JSON,
// keeping mapping key order so that decode errors name fields the way the
// author wrote them. Aliases are resolved and merge keys (<<) are applied,
// so test files can share a base manifest through anchors. Scalars keep
// their YAML type: !!int and !!float become JSON numbers, !!bool and !!null
// their JSON counterparts, everything else (including timestamps) a string.
func rtYAMLToJSON(n *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	if err := rtWriteNode(&buf, n, 0); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// rtMaxDepth bounds alias and merge expansion so that a self-referencing
// anchor cannot loop; the JSON size limit (manifest.MaxEventBytes) stops
// alias bombs that grow in breadth.
const rtMaxDepth = 64

func rtWriteNode(buf *bytes.Buffer, n *yaml.Node, depth int) error {
	if depth > rtMaxDepth {
		return rtErrorf(n, "manifest nested deeper than %d levels", rtMaxDepth)
	}
	if buf.Len() > manifest.MaxEventBytes {
		return rtErrorf(n, "manifest expands to more than %d bytes of JSON", manifest.MaxEventBytes)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			buf.WriteString("null")
			return nil
		}
		return rtWriteNode(buf, n.Content[0], depth+1)
	case yaml.AliasNode:
		return rtWriteNode(buf, n.Alias, depth+1)
	case yaml.MappingNode:
		return rtWriteMapping(buf, n, depth)
	case yaml.SequenceNode:
		buf.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := rtWriteNode(buf, c, depth+1); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	case yaml.ScalarNode:
		return rtWriteScalar(buf, n)
	}
	return rtErrorf(n, "unsupported YAML node")
}

// rtWriteMapping writes a mapping, applying merge keys first so that keys
// written in the mapping itself override merged ones (YAML merge semantics).
func rtWriteMapping(buf *bytes.Buffer, n *yaml.Node, depth int) error {
	keys, vals, err := rtFlattenMapping(n, depth)
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
		if err := rtWriteNode(buf, vals[i], depth+1); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

// rtFlattenMapping returns the keys and values of a mapping in order, with
// merge keys expanded and later keys replacing earlier ones in place.
func rtFlattenMapping(n *yaml.Node, depth int) ([]string, []*yaml.Node, error) {
	if depth > rtMaxDepth {
		return nil, nil, rtErrorf(n, "merge keys nested deeper than %d levels", rtMaxDepth)
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
			return nil, nil, rtErrorf(k, "mapping keys must be scalars")
		}
		if k.Tag != "!!merge" {
			set(k.Value, v)
			continue
		}
		if err := rtMergeInto(v, depth, set); err != nil {
			return nil, nil, err
		}
	}
	return keys, vals, nil
}

// rtMergeInto applies a merge value: one mapping or a sequence of mappings.
func rtMergeInto(v *yaml.Node, depth int, set func(string, *yaml.Node)) error {
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
			return rtErrorf(s, "merge key (<<) needs a mapping")
		}
		keys, vals, err := rtFlattenMapping(s, depth+1)
		if err != nil {
			return err
		}
		for i := range keys {
			set(keys[i], vals[i])
		}
	}
	return nil
}

func rtWriteScalar(buf *bytes.Buffer, n *yaml.Node) error {
	switch n.ShortTag() {
	case "!!null":
		buf.WriteString("null")
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return rtErrorf(n, "bad boolean %q", n.Value)
		}
		buf.WriteString(strconv.FormatBool(b))
	case "!!int", "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return rtErrorf(n, "bad number %q", n.Value)
		}
		b, err := json.Marshal(f)
		if err != nil { // NaN or Inf
			return rtErrorf(n, "number %q has no JSON form", n.Value)
		}
		buf.Write(b)
	default:
		b, _ := json.Marshal(n.Value)
		buf.Write(b)
	}
	return nil
}

// rtPosError is a problem at a YAML node; the caller adds the file name.
type rtPosError struct {
	Line, Col int
	Msg       string
}

func (e *rtPosError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

func rtErrorf(n *yaml.Node, format string, args ...any) error {
	return &rtPosError{Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)}
}

// rtNodeKind reports a node's kind for error messages.
func rtNodeKind(n *yaml.Node) string {
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
