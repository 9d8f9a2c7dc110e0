package yamlsrc

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"gopkg.in/yaml.v3"
)

// Bounds on one YAML source. Every loader reads its YAML through
// Unmarshal or Decoder, which enforce them before anything is decoded.
const (
	// maxBytes is the largest YAML source accepted. The largest shipped
	// source (the catalog) is about 125 KiB; a 16 MiB document already
	// takes seconds and hundreds of megabytes to parse.
	maxBytes = 16 << 20
	// maxAliasNodes bounds how many nodes aliases may add to a document.
	// An alias (*a, also in a merge key <<: *a) stands for every node of
	// its anchor, and anchors may hold aliases of earlier anchors, so a
	// few hundred bytes of nested merge keys can stand for billions of
	// nodes: yaml.v3 expands them when decoding into Go values, as does
	// the rule tests' manifest converter. Sharing a base manifest across a
	// hundred test cases adds a few thousand.
	maxAliasNodes = 100_000
)

// Unmarshal parses the first YAML document of data into doc, like
// yaml.Unmarshal into a *yaml.Node, but refuses data over maxBytes and a
// document whose aliases add more than maxAliasNodes nodes. A refusal is
// a Diagnostic positioned in file (at the alias that crosses the bound);
// a syntax error is yaml.v3's, for Syntax to position. An empty source
// leaves doc zero and returns nil.
func Unmarshal(file string, data []byte, doc *yaml.Node) error {
	err := NewDecoder(file, data).Decode(doc)
	if errors.Is(err, io.EOF) {
		*doc = yaml.Node{}
		return nil
	}
	return err
}

// Decoder reads the documents of one YAML source in turn, each checked as
// Unmarshal checks it.
type Decoder struct {
	file string
	dec  *yaml.Decoder
	err  error // the size refusal, returned by every Decode
}

// NewDecoder returns a decoder of the documents of data; file names the
// source in diagnostics.
func NewDecoder(file string, data []byte) *Decoder {
	d := &Decoder{file: file}
	if len(data) > maxBytes {
		d.err = Diagnostic{Pos: Pos{File: file},
			Message: fmt.Sprintf("file is %d bytes, over the limit of %d for a YAML source", len(data), maxBytes)}
		return d
	}
	d.dec = yaml.NewDecoder(bytes.NewReader(data))
	return d
}

// Decode parses the next document into doc. It returns io.EOF when there
// are no more documents, a Diagnostic when the source is too large or the
// document's aliases expand past maxAliasNodes, and yaml.v3's error for a
// syntax error.
func (d *Decoder) Decode(doc *yaml.Node) error {
	if d.err != nil {
		return d.err
	}
	var n yaml.Node
	if err := d.dec.Decode(&n); err != nil {
		return err
	}
	if bad, problem := checkAliases(&n, maxAliasNodes); bad != nil {
		return Diagnostic{Pos: At(d.file, bad), Message: problem}
	}
	*doc = n
	return nil
}

// checkAliases walks doc in document order, counting for every alias the
// nodes it stands for, and returns the alias at which the count passes
// limit (or that refers to a node containing it) with the problem, or nil.
// Each anchor's size is computed once, so the check is linear in the
// document however much its aliases multiply.
func checkAliases(doc *yaml.Node, limit int) (*yaml.Node, string) {
	c := aliasCounter{size: map[*yaml.Node]int{}, open: map[*yaml.Node]bool{}, limit: limit}
	added := 0
	var bad *yaml.Node
	var problem string
	var walk func(n *yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		if n.Kind == yaml.AliasNode {
			s, cyclic := c.sizeOf(n.Alias)
			if cyclic {
				bad, problem = n, fmt.Sprintf("alias *%s refers to a node that contains it", n.Value)
				return false
			}
			if added += s; added > limit {
				bad, problem = n, fmt.Sprintf("alias *%s brings the nodes repeated through aliases past the limit of %d: "+
					"nested anchors and merge keys (<<) multiply, and the document is refused", n.Value, limit)
				return false
			}
			return true
		}
		c.open[n] = true
		defer delete(c.open, n)
		for _, ch := range n.Content {
			if !walk(ch) {
				return false
			}
		}
		return true
	}
	walk(doc)
	return bad, problem
}

// aliasCounter computes the expanded size of alias targets, memoised and
// saturating just past limit.
type aliasCounter struct {
	size  map[*yaml.Node]int
	open  map[*yaml.Node]bool // nodes being walked: an alias to one is a cycle
	limit int
}

// sizeOf returns the number of nodes n stands for with every alias in it
// expanded, at most limit+1, and whether n contains an alias to itself or
// to a node being walked.
func (c *aliasCounter) sizeOf(n *yaml.Node) (int, bool) {
	if n == nil {
		return 1, false
	}
	if n.Kind == yaml.AliasNode {
		return c.sizeOf(n.Alias)
	}
	if s, ok := c.size[n]; ok {
		return s, false
	}
	if c.open[n] {
		return 0, true
	}
	c.open[n] = true
	defer delete(c.open, n)
	s := 1
	for _, ch := range n.Content {
		cs, cyclic := c.sizeOf(ch)
		if cyclic {
			return 0, true
		}
		if s += cs; s > c.limit {
			s = c.limit + 1
			break
		}
	}
	c.size[n] = s
	return s, false
}
