package rulefmt

import (
	"strings"
	"unicode"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"gopkg.in/yaml.v3"
)

// Expr is a condition as written in a rule file, with what is needed to
// map expr's positions back into the file.
type Expr struct {
	Text string
	// What is "when" or "macro", for messages.
	What string
	node *yaml.Node
	file string
	raw  []string // the file's lines
}

// CommentHint explains the classic YAML trap when it may apply: in a plain
// scalar " #" starts a comment, so `any(x, # > 1)` is cut short. It
// returns "" or a parenthesised hint to append to an error message.
func (e Expr) CommentHint() string {
	if e.node == nil || e.node.Style != 0 {
		return ""
	}
	l := e.node.Line - 1
	if l < 0 || l >= len(e.raw) {
		return ""
	}
	line := []rune(e.raw[l])
	if c := e.node.Column - 1; c >= 0 && c < len(line) && strings.Contains(string(line[c:]), " #") {
		return " (a plain YAML scalar ends at \" #\", which starts a comment: quote the expression or use a block scalar >)"
	}
	return ""
}

// Position maps a rune offset in the condition text to its position in the
// rule file. YAML may fold lines, strip indentation and unescape quotes, so
// the text is aligned greedily against the file: every non-space rune of the
// text is found in order in the file, skipping only white space, line
// breaks, quotes and backslashes. Where the alignment fails the position of
// the scalar itself is returned; offset -1 asks for that position.
func (e Expr) Position(offset int) yamlsrc.Pos {
	if e.node == nil {
		return yamlsrc.Pos{File: e.file}
	}
	start := yamlsrc.Pos{File: e.file, Line: e.node.Line, Col: e.node.Column}
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

func (a *aligner) here(file string) yamlsrc.Pos {
	return yamlsrc.Pos{File: file, Line: a.line + 1, Col: a.col + 1}
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
