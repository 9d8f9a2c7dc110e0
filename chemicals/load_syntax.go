package chemicals

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// YAML syntax errors. yaml.v3 reports them as "yaml: line N: problem", but
// N is not always the broken line: its parser numbers lines from 0 and its
// scanner from 1 (decode.go, parser.fail), neither names its first line,
// and when a problem has a context ("while parsing a block collection") N
// is the line where the context began, not where the problem is. syntax
// corrects the first two and finds the broken line itself: the first line
// L such that the text up to and including L already fails with the same
// message.

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the problems yaml.v3's parser (as opposed to its
// scanner) reports; its line numbers are 0-based.
var parserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected '-' indicator",
	"did not find expected <document start>", "did not find expected <stream-start>", "did not find expected key",
	"did not find expected node content", "found duplicate %TAG directive", "found duplicate %YAML directive",
	"found incompatible YAML document", "found undefined tag handle",
}

// syntax records a YAML syntax error at file:line:1. Text yaml.v3 rejects
// before scanning (invalid UTF-8, control characters) is placed at its
// first bad byte.
func (p *parser) syntax(err error, data []byte) {
	msg := err.Error()
	problem, line := strings.TrimPrefix(msg, "yaml: "), 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		problem = m[2]
		line, _ = strconv.Atoi(m[1])
		if contains(parserProblems, problem) {
			line++
		}
	} else if l, c, bad := badTextAt(data); bad {
		p.errs.Add(p.file, l, c, "yaml: %s", problem)
		return
	}
	if l := brokenLine(data, msg); l > 0 {
		line = l
	}
	p.errs.Add(p.file, line, 1, "yaml: %s", problem)
}

// brokenLine returns the first line L (1-based) such that data up to and
// including line L fails to parse with the message msg, or 0 if none does.
// Once the broken line is in, more text does not change the first error, so
// the search is a bisection: a handful of parses even for a large catalog.
func brokenLine(data []byte, msg string) int {
	var ends []int // ends[i]: offset after line i+1
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	fails := func(i int) bool {
		var doc yaml.Node
		err := yaml.Unmarshal(data[:ends[i]], &doc)
		return err != nil && err.Error() == msg
	}
	i := sort.Search(len(ends), fails)
	if i == len(ends) {
		return 0
	}
	return i + 1
}

// badTextAt returns the position of the first byte of data that YAML does
// not accept: invalid UTF-8 or a control character other than tab, line
// feed and carriage return.
func badTextAt(data []byte) (line, col int, bad bool) {
	line, col = 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7F {
			return line, col, true
		}
		if r == '\n' {
			line, col = line+1, 0
		}
		col++
		i += size
	}
	return 0, 0, false
}
