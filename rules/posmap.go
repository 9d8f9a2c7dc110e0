package rules

import (
	"unicode"

	"gopkg.in/yaml.v3"
)

// position maps a rune offset in the condition text to its position in the
// rule file. YAML may fold lines, strip indentation and unescape quotes, so
// the text is aligned greedily against the file: every non-space rune of the
// text is found in order in the file, skipping only white space, line
// breaks, quotes and backslashes. Where the alignment fails the position of
// the scalar itself is returned.
func (e exprSrc) position(offset int) pos {
	if e.node == nil {
		return pos{File: e.file}
	}
	start := pos{File: e.file, Line: e.node.Line, Col: e.node.Column}
	if offset < 0 || len(e.raw) == 0 || e.node.Line < 1 {
		return start
	}
	line, col := e.node.Line-1, e.node.Column-1
	switch e.node.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		line, col = line+1, 0 // content starts after the header line
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		col++
	}
	a := aligner{raw: e.raw, line: line}
	if line >= len(e.raw) {
		return start
	}
	a.cur = []rune(e.raw[line])
	a.col = col
	i := 0
	for _, r := range e.Text {
		if i == offset {
			if unicode.IsSpace(r) {
				return a.here(e.file)
			}
			if !a.find(r) {
				return start
			}
			return a.here(e.file)
		}
		if !unicode.IsSpace(r) && !a.find(r) {
			return start
		}
		if !unicode.IsSpace(r) {
			a.col++
		}
		i++
	}
	// Offset at the end of the text: just after the last rune.
	return a.here(e.file)
}

// aligner walks the raw lines of a file.
type aligner struct {
	raw  []string
	line int
	cur  []rune
	col  int
}

func (a *aligner) here(file string) pos {
	return pos{File: file, Line: a.line + 1, Col: a.col + 1}
}

// find advances to the next occurrence of r, skipping only characters YAML
// may have removed or rewritten. It reports false when another character is
// in the way.
func (a *aligner) find(r rune) bool {
	for {
		for a.col < len(a.cur) {
			c := a.cur[a.col]
			if c == r {
				return true
			}
			if !unicode.IsSpace(c) && c != '"' && c != '\'' && c != '\\' {
				return false
			}
			a.col++
		}
		a.line++
		if a.line >= len(a.raw) {
			return false
		}
		a.cur = []rune(a.raw[a.line])
		a.col = 0
	}
}
