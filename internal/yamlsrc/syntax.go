package yamlsrc

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// YAML syntax errors. yaml.v3 reports them as "yaml: line N: problem", but
// N is not always the broken line: its parser numbers lines from 0 and its
// scanner from 1 (decode.go, parser.fail), neither names the first line,
// and when a problem has a context ("while parsing a flow sequence") N is
// the line where the context began, not where the problem is. Syntax
// corrects the numbering and then finds the broken line itself: the first
// line L such that the text up to and including L already fails with the
// same message.

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the problems yaml.v3's parser (as opposed to its
// scanner) reports; its line numbers are 0-based.
var parserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected '-' indicator",
	"did not find expected <document start>", "did not find expected <stream-start>", "did not find expected key",
	"did not find expected node content", "found duplicate %TAG directive", "found duplicate %YAML directive",
	"found incompatible YAML document", "found undefined tag handle",
}

// Syntax returns the position in file of the YAML syntax error err that
// decoding data (its first maxDocs documents) returned, and the problem in
// plain words (see explain) without yaml.v3's "yaml: line N: " prefix.
// Text yaml.v3 rejects before scanning (invalid UTF-8, control characters)
// is placed at its first bad byte; anything else on the broken line, at
// the character at fault when explain can tell which (the "[" never
// closed, the tab, the second ": "), else at its first non-blank
// character.
// A refusal of Unmarshal or Decoder (a Diagnostic) keeps its own position
// and message.
func Syntax(file string, data []byte, err error, maxDocs int) (p Pos, problem string) {
	var d Diagnostic
	if errors.As(err, &d) {
		return d.Pos, d.Message
	}
	msg := err.Error()
	problem, line := strings.TrimPrefix(msg, "yaml: "), 1
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		problem = m[2]
		line, _ = strconv.Atoi(m[1])
		if slices.Contains(parserProblems, problem) {
			line++
		}
	} else if l, c, bad := badTextAt(data); bad {
		return Pos{File: file, Line: l, Col: c}, problem
	}
	if l := brokenLine(data, msg, maxDocs); l > 0 {
		line = l
	}
	at, plain := explain(problem, lines(data), line)
	return Pos{File: file, Line: at.Line, Col: at.Col}, plain
}

// brokenLine returns the first line L (1-based) such that data up to and
// including line L fails to decode with the message msg, or 0 if none does.
// Once the broken line is in, more text does not change the first error, so
// the search is a bisection: a handful of decodes even for a large file.
func brokenLine(data []byte, msg string, maxDocs int) int {
	var ends []int // ends[i]: offset after line i+1
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	i := sort.Search(len(ends), func(i int) bool { return failsWith(data[:ends[i]], msg, maxDocs) })
	if i == len(ends) {
		return 0
	}
	return i + 1
}

// failsWith reports whether decoding the first maxDocs documents of data
// fails with the message msg.
func failsWith(data []byte, msg string, maxDocs int) bool {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for range max(maxDocs, 1) {
		var n yaml.Node
		switch err := dec.Decode(&n); {
		case err == io.EOF:
			return false
		case err != nil:
			return err.Error() == msg
		}
	}
	return false
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
