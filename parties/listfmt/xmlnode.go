package listfmt

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// node is one XML element read into memory with its position, so that a
// format's parser can say where a problem is. Only one entry's subtree is
// held at a time.
type node struct {
	name      string // local name, namespace dropped
	attrs     []xml.Attr
	text      string // character data directly inside, trimmed
	kids      []*node
	line, col int
}

// maxNodeDepth bounds nesting inside one entry; the real schemas nest four
// levels at most.
const maxNodeDepth = 16

// xmlReader streams a list file's elements with their positions.
type xmlReader struct {
	p *parser
	d *xml.Decoder
}

func newXMLReader(p *parser, data []byte) *xmlReader {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	return &xmlReader{p: p, d: d}
}

// next returns the next start element and its position, skipping
// everything else; ok is false at the end of input or after a syntax error
// (recorded).
func (r *xmlReader) next() (start xml.StartElement, line, col int, ok bool) {
	for {
		line, col = r.d.InputPos()
		tok, err := r.d.Token()
		if err != nil {
			r.syntax(err, line, col)
			return start, 0, 0, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, line, col, true
		case xml.ProcInst:
			if t.Target == "xml" && !utf8Decl(t.Inst) {
				r.p.errorf(line, col, "XML declaration names an encoding other than UTF-8: convert the file to UTF-8")
				return start, 0, 0, false
			}
		}
	}
}

// syntax records a decoder error, unless it is the normal end of input.
func (r *xmlReader) syntax(err error, line, col int) {
	if errors.Is(err, io.EOF) {
		return
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		l, c := r.d.InputPos()
		r.p.errorf(l, c, "XML syntax: %s", se.Msg)
		return
	}
	r.p.errorf(line, col, "XML: %v", err)
}

// read reads the element that start opened, with all its children.
func (r *xmlReader) read(start xml.StartElement, line, col, depth int) (*node, bool) {
	n := &node{name: start.Name.Local, attrs: start.Attr, line: line, col: col}
	if depth > maxNodeDepth {
		r.p.errorf(line, col, "<%s> nested more than %d levels deep", n.name, maxNodeDepth)
		return nil, false
	}
	var text strings.Builder
	for {
		l, c := r.d.InputPos()
		tok, err := r.d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = &xml.SyntaxError{Msg: "unexpected end of file inside <" + n.name + ">"}
			}
			r.syntax(err, l, c)
			return nil, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			kid, ok := r.read(t, l, c, depth+1)
			if !ok {
				return nil, false
			}
			n.kids = append(n.kids, kid)
		case xml.CharData:
			if text.Len()+len(t) > r.p.lim.MaxField*4 {
				r.p.errorf(l, c, "<%s> holds more than %d bytes of text", n.name, r.p.lim.MaxField*4)
				return nil, false
			}
			text.Write(t)
		case xml.EndElement:
			n.text = strings.TrimSpace(text.String())
			return n, true
		}
	}
}

// skip discards the rest of the element start opened.
func (r *xmlReader) skip() bool {
	if err := r.d.Skip(); err != nil {
		l, c := r.d.InputPos()
		r.syntax(err, l, c)
		return false
	}
	return true
}

// utf8Decl reports whether an XML declaration names UTF-8 or no encoding.
func utf8Decl(inst []byte) bool {
	i := bytes.Index(inst, []byte("encoding"))
	if i < 0 {
		return true
	}
	rest := strings.ToLower(string(inst[i+len("encoding"):]))
	rest = strings.TrimLeft(rest, " =\"'")
	return strings.HasPrefix(rest, "utf-8") || strings.HasPrefix(rest, "utf8")
}

// child returns the first child named name, or nil.
func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// childText returns the text of the first child named name, or "".
func (n *node) childText(name string) string {
	if k := n.child(name); k != nil {
		return k.text
	}
	return ""
}

// all returns every child named name.
func (n *node) all(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// attr returns the value of the attribute named name, or "".
func (n *node) attr(name string) string { return attrValue(n.attrs, name) }

type xmlAttr = xml.Attr

// attrValue returns the trimmed value of the attribute named name, or "".
func attrValue(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}
