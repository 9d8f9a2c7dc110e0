package rules

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/manifest"
)

// defaultTests holds the default pack's rule tests and the manifests they
// name, so `precursor rules test` works without a checkout.
//
//go:embed default/*_test.yaml default/testdata
var defaultTests embed.FS

// DefaultTests returns the rule tests of the embedded default pack, rooted
// at the pack directory (paths like "fentanyl_test.yaml").
func DefaultTests() fs.FS {
	sub, err := fs.Sub(defaultTests, "default")
	if err != nil { // cannot happen: the directory is embedded
		panic(err)
	}
	return sub
}

// TestReport is the outcome of running a pack's rule tests.
type TestReport struct {
	// Files are the test files run, as shown in messages.
	Files []string
	Cases []TestCaseResult
	// Errors are problems in the test files themselves (syntax, unknown
	// keys, unknown rule ids). A case with a problem is not run.
	Errors []*TestFileError
	// NoFiringCase and NoNonFiringCase list the rules (active or shadow)
	// that no case names in fires, respectively in not_fires.
	NoFiringCase    []string
	NoNonFiringCase []string
	Duration        time.Duration
}

// TestCaseResult is one case and what the engine made of its manifest.
type TestCaseResult struct {
	TestCase
	Score      float64
	Severity   string
	Emit       bool
	Fired      []string // ids of active and shadow hits, sorted
	Suppressed []string // exceptions that removed a hit, sorted
	// Failures describe each unmet expectation, expected vs got; empty
	// when the case passed.
	Failures []string
	// Got describes the result: hits with their evidence, rule errors.
	Got      []string
	Duration time.Duration
}

// Passed reports whether every expectation of the case held.
func (c *TestCaseResult) Passed() bool { return len(c.Failures) == 0 }

// Failed counts the failing cases.
func (r *TestReport) Failed() int {
	n := 0
	for i := range r.Cases {
		if !r.Cases[i].Passed() {
			n++
		}
	}
	return n
}

// OK reports whether the test files were valid and every case passed.
func (r *TestReport) OK() bool { return len(r.Errors) == 0 && r.Failed() == 0 }

// RunTests runs every *_test.yaml file at the top of fsys against the
// engine: each manifest is decoded with manifest.Decode, enriched and scored
// exactly as the pipeline does, then compared with the case's expectations.
func RunTests(e *Engine, fsys fs.FS) TestReport {
	return RunTestsFS(e, fsys, "")
}

// RunTestsDir runs the rule tests in a directory; messages name files by
// their path under dir.
func RunTestsDir(e *Engine, dir string) TestReport {
	return RunTestsFS(e, os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir)))
}

// RunDefaultTests runs the embedded default pack's tests; messages name
// files like the loader names the pack's rule files (rules/default/...).
func RunDefaultTests(e *Engine) TestReport {
	return RunTestsFS(e, DefaultTests(), defaultDir)
}

// RunTestsFS is RunTests with prefix naming the files in messages.
func RunTestsFS(e *Engine, fsys fs.FS, prefix string) TestReport {
	start := time.Now()
	var rep TestReport
	names, err := rtTestFiles(fsys)
	switch {
	case err != nil:
		rep.Errors = append(rep.Errors, &TestFileError{File: prefix, Msg: err.Error()})
	case len(names) == 0:
		rep.Errors = append(rep.Errors, &TestFileError{File: prefix, Msg: "no rule test files (*_test.yaml)"})
	}
	known := rtRuleIDs(e)
	var all []TestCase
	for _, name := range names {
		shown := path.Join(prefix, name)
		rep.Files = append(rep.Files, shown)
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			rep.Errors = append(rep.Errors, &TestFileError{File: shown, Msg: err.Error()})
			continue
		}
		cases, errs := parseTestFile(fsys, name, shown, data)
		rep.Errors = append(rep.Errors, errs...)
		for _, tc := range cases {
			if errs := rtCheckIDs(tc, known, e); len(errs) > 0 {
				rep.Errors = append(rep.Errors, errs...)
				continue
			}
			all = append(all, tc)
		}
	}
	for _, tc := range all {
		rep.Cases = append(rep.Cases, runCase(e, tc))
	}
	rep.NoFiringCase, rep.NoNonFiringCase = rtCoverage(e, all)
	rep.Duration = time.Since(start)
	return rep
}

// rtTestFiles lists the *_test.yaml files at the top level of fsys (where
// the loader finds rule files), in lexical order. Subdirectories such as
// testdata/ hold the JSON manifests cases name with manifest_file.
func rtTestFiles(fsys fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	var names []string
	for _, d := range entries {
		if !d.IsDir() && (strings.HasSuffix(d.Name(), "_test.yaml") || strings.HasSuffix(d.Name(), "_test.yml")) {
			names = append(names, d.Name())
		}
	}
	sort.Strings(names)
	return names, err
}

// rtRuleIDs maps every rule id of the engine's ruleset to its status.
func rtRuleIDs(e *Engine) map[string]string {
	m := map[string]string{}
	for _, r := range e.Ruleset().Rules() {
		m[r.ID] = r.Status
	}
	return m
}

// rtCheckIDs reports rule ids and exception names a case names that the
// ruleset does not define: a typo would otherwise make not_fires pass
// forever.
func rtCheckIDs(tc TestCase, known map[string]string, e *Engine) []*TestFileError {
	var errs []*TestFileError
	at := func(list []pos, i int, format string, args ...any) {
		line, col := tc.entryPos(list, i)
		errs = append(errs, &TestFileError{File: tc.File, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
	}
	for _, l := range []struct {
		ids []string
		at  []pos
	}{{tc.Fires, tc.firesAt}, {tc.NotFires, tc.notFiresAt}} {
		for i, id := range l.ids {
			if _, ok := known[id]; !ok {
				at(l.at, i, "test %q: unknown rule %q", tc.Name, id)
			}
		}
	}
	exc := e.Ruleset().Exceptions()
	for i, name := range tc.Suppressed {
		if !slices.Contains(exc, name) {
			at(tc.suppressedAt, i, "test %q: unknown exception %q", tc.Name, name)
		}
	}
	return errs
}

// rtCoverage returns the non-disabled rules without a firing case and
// without a non-firing case.
func rtCoverage(e *Engine, cases []TestCase) (noFire, noNonFire []string) {
	fires, notFires := map[string]bool{}, map[string]bool{}
	for _, tc := range cases {
		for _, id := range tc.Fires {
			fires[id] = true
		}
		for _, id := range tc.NotFires {
			notFires[id] = true
		}
	}
	for _, r := range e.Ruleset().Rules() {
		if r.Status == "disabled" {
			continue
		}
		if !fires[r.ID] {
			noFire = append(noFire, r.ID)
		}
		if !notFires[r.ID] {
			noNonFire = append(noNonFire, r.ID)
		}
	}
	return noFire, noNonFire
}

// runCase decodes, enriches and scores one case and checks it.
func runCase(e *Engine, tc TestCase) TestCaseResult {
	start := time.Now()
	res := TestCaseResult{TestCase: tc}
	m, err := manifest.Decode(rtWithDefaults(tc))
	if err != nil {
		res.Failures = append(res.Failures, "manifest does not decode: "+err.Error())
		res.Duration = time.Since(start)
		return res
	}
	if !tc.At.IsZero() {
		m.EventTime = tc.At
	}
	en := e.Enrich(m)
	r := e.Score(m, en)
	res.Score, res.Severity, res.Emit = r.Score, r.Severity, r.Emit
	for _, h := range r.Hits {
		res.Fired = append(res.Fired, h.RuleID)
	}
	for _, h := range r.ShadowHits {
		res.Fired = append(res.Fired, h.RuleID)
	}
	for _, s := range r.Suppressed {
		res.Suppressed = append(res.Suppressed, s.Exception)
	}
	sort.Strings(res.Fired)
	sort.Strings(res.Suppressed)
	res.Failures = rtCompare(tc, &res)
	res.Got = rtDescribe(r)
	res.Duration = time.Since(start)
	return res
}

// rtWithDefaults fills what a test manifest may leave out: a shipment_id
// derived from the case position and, when the case sets at, the
// event_time. Anything else is decoded exactly as written.
func rtWithDefaults(tc TestCase) []byte {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(tc.Manifest, &obj); err != nil || obj == nil {
		return tc.Manifest // let manifest.Decode report the problem
	}
	changed := false
	if _, ok := obj["shipment_id"]; !ok {
		id, _ := json.Marshal(fmt.Sprintf("test-%s-%d", path.Base(tc.File), tc.Line))
		obj["shipment_id"] = id
		changed = true
	}
	if _, ok := obj["event_time"]; !ok && !tc.At.IsZero() {
		t, _ := json.Marshal(tc.At.Format(time.RFC3339))
		obj["event_time"] = t
		changed = true
	}
	if !changed {
		return tc.Manifest
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return tc.Manifest
	}
	return b
}
