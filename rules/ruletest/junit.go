package ruletest

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// JUnit XML shapes, as read by CI systems (Jenkins, GitLab, GitHub
// reporters): one testsuite per test file, one testcase per case.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the report as JUnit XML. Failing cases carry their
// expected-vs-got lines; problems in the test files become errored cases
// of the file they are in.
func (r *Report) WriteJUnit(w io.Writer) error {
	out := r.junit()
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junit builds the XML document: one suite per file, in report order.
func (r *Report) junit() junitSuites {
	var suites []*junitSuite
	byFile := map[string]*junitSuite{}
	suite := func(file string) *junitSuite {
		if s, ok := byFile[file]; ok {
			return s
		}
		s := &junitSuite{Name: file}
		byFile[file] = s
		suites = append(suites, s)
		return s
	}
	for _, f := range r.Files {
		suite(f)
	}
	durations := map[string]time.Duration{}
	for i := range r.Cases {
		c := &r.Cases[i]
		s := suite(c.File)
		s.Tests++
		s.Cases = append(s.Cases, junitCaseOf(c))
		if !c.Passed() {
			s.Failures++
		}
		durations[c.File] += c.Duration
	}
	for _, e := range r.Errors {
		s := suite(e.File)
		s.Tests++
		s.Errors++
		s.Cases = append(s.Cases, junitCase{Name: fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Col),
			Classname: strings.TrimSuffix(e.File, ".yaml"), Time: "0",
			Error: &junitProblem{Type: "test-file", Message: e.Message, Text: e.Error()}})
	}
	out := junitSuites{Name: "precursor rules test", Time: junitSeconds(r.Duration)}
	for _, s := range suites {
		s.Time = junitSeconds(durations[s.Name])
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Suites = append(out.Suites, *s)
	}
	return out
}

// junitCaseOf renders one case; a failing case lists every unmet expectation
// and what the engine produced.
func junitCaseOf(c *CaseResult) junitCase {
	jc := junitCase{Name: c.Name, Classname: strings.TrimSuffix(c.File, ".yaml"), Time: junitSeconds(c.Duration)}
	if !c.Passed() {
		text := strings.Join(c.Failures, "\n") + "\ngot: " + strings.Join(c.Got, "\ngot: ")
		jc.Failure = &junitProblem{Type: "expectation",
			Message: fmt.Sprintf("%s:%d: %s", c.File, c.Line, c.Failures[0]), Text: text}
	}
	return jc
}

func junitSeconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}
