package yamlsrc

import (
	"strings"
	"unicode"
)

// explanation says a yaml.v3 syntax problem in plain words and finds the
// character at fault.
type explanation struct {
	plain string
	// at returns the line and column (1-based, in characters) of the
	// character at fault, given the broken line l; ok is false when it
	// cannot tell, and the problem is put at the first non-blank
	// character of l.
	at func(lines []string, l int) (line, col int, ok bool)
}

// explanations maps yaml.v3's problems (scannerc.go, parserc.go) to plain
// words.
var explanations = map[string]explanation{
	"did not find expected key": {plain: "this line does not fit the mapping above it: " +
		"check its indentation (the keys of one mapping start in the same column) and that the line before it is complete"},
	"did not find expected ',' or ']'": {plain: `a list opened with "[" is not closed with "]" (or two of its items lack a comma between them)`,
		at: unclosed('[', ']')},
	"did not find expected ',' or '}'": {plain: `a mapping opened with "{" is not closed with "}" (or two of its entries lack a comma between them)`,
		at: unclosed('{', '}')},
	"mapping values are not allowed in this context": {plain: `a second ": " on the line: quote a value that holds ": "`,
		at: secondColon},
	"found a tab character that violates indentation":              {plain: tabPlain, at: charIn("\t")},
	"found a tab character where an indentation space is expected": {plain: tabPlain, at: charIn("\t")},
	"found character that cannot start any token": {plain: "a value starts with a character YAML reserves " +
		"(\"@\" or \"`\") or is indented with a tab: quote the value; indent with spaces", at: charIn("\t@`")},
	"did not find expected comment or line break": {plain: `text after a quoted value on the same line: quote the whole value, or start a comment with " #"`},
	"could not find expected ':'":                 {plain: `a line that is neither "key: value" nor part of the value above it: add the ":" or indent it under its key`},
	"block sequence entries are not allowed in this context": {plain: `a list item ("- ") where a value was expected on the same line: start the list on the next line, indented`,
		at: charIn("-")},
	"found unexpected end of stream":      {plain: `the file ends inside a quoted value or a "[ ]" or "{ }" collection: close it`},
	"did not find expected '-' indicator": {plain: `this line does not fit the list above it: the items ("- ") of one list start in the same column`},
	"did not find expected node content":  {plain: `a value is missing (after "-", ":" or ",")`},
	"found unknown escape character": {plain: `a backslash in a double-quoted value starts an escape YAML does not know: use single quotes, or write "\\"`,
		at: charIn(`\`)},
	"found undefined tag handle": {plain: `a "!" starts a tag YAML does not know: quote the value`, at: charIn("!")},
}

const tabPlain = "a tab in the indentation: YAML indents with spaces only"

// explain returns where on (or before) line l the problem is, and the
// problem in plain words (yaml.v3's own when it has no explanation).
func explain(problem string, lines []string, l int) (Pos, string) {
	ex, ok := explanations[problem]
	if !ok {
		ex.plain = problem
	}
	if ex.at != nil {
		if line, col, found := ex.at(lines, l); found {
			return Pos{Line: line, Col: col}, ex.plain
		}
	}
	return Pos{Line: l, Col: firstNonBlank(lines, l)}, ex.plain
}

// lines splits data into lines without their terminators.
func lines(data []byte) []string {
	return strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
}

// firstNonBlank is the column of the first non-blank character of line l,
// 1 when it has none.
func firstNonBlank(lines []string, l int) int {
	if l < 1 || l > len(lines) {
		return 1
	}
	for i, r := range []rune(lines[l-1]) {
		if !unicode.IsSpace(r) {
			return i + 1
		}
	}
	return 1
}

// charIn finds the first character of set on line l.
func charIn(set string) func(lines []string, l int) (int, int, bool) {
	return func(lines []string, l int) (int, int, bool) {
		if l < 1 || l > len(lines) {
			return 0, 0, false
		}
		for i, r := range []rune(lines[l-1]) {
			if strings.ContainsRune(set, r) {
				return l, i + 1, true
			}
		}
		return 0, 0, false
	}
}

// secondColon finds the second ": " of line l (the first separates the
// key), or its only one.
func secondColon(lines []string, l int) (int, int, bool) {
	if l < 1 || l > len(lines) {
		return 0, 0, false
	}
	rs := []rune(lines[l-1])
	var found []int
	for i, r := range rs {
		if r == ':' && (i+1 == len(rs) || rs[i+1] == ' ') {
			found = append(found, i+1)
		}
	}
	switch len(found) {
	case 0:
		return 0, 0, false
	case 1:
		return l, found[0], true
	}
	return l, found[1], true
}

// unclosed finds the last opening bracket up to line l that no closing one
// matches, skipping quoted text and comments.
func unclosed(open, close rune) func(lines []string, l int) (int, int, bool) {
	return func(lines []string, l int) (int, int, bool) {
		type at struct{ line, col int }
		var stack []at
		for n := 1; n <= l && n <= len(lines); n++ {
			var quote rune
			rs := []rune(lines[n-1])
			for i, r := range rs {
				switch {
				case quote != 0:
					if r == quote {
						quote = 0
					}
				case r == '"' || r == '\'':
					quote = r
				case r == '#' && (i == 0 || unicode.IsSpace(rs[i-1])):
					goto nextLine
				case r == open:
					stack = append(stack, at{n, i + 1})
				case r == close && len(stack) > 0:
					stack = stack[:len(stack)-1]
				}
			}
		nextLine:
		}
		if len(stack) == 0 {
			return 0, 0, false
		}
		top := stack[len(stack)-1]
		return top.line, top.col, true
	}
}
