package ruletest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
)

// Report is the outcome of running a pack's rule tests.
type Report struct {
	// Files are the test files run, as shown in messages.
	Files []string
	Cases []CaseResult
	// Errors are problems in the test files themselves (syntax, unknown
	// keys, unknown rule ids). A case with a problem is not run.
	Errors yamlsrc.List
	// Coverage says which rules and exceptions the cases show firing and
	// not firing, and which lists and macros nothing uses.
	Coverage Coverage
	Duration time.Duration
}

// CaseResult is one case and what the engine made of its manifest.
type CaseResult struct {
	Case
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
func (c *CaseResult) Passed() bool { return len(c.Failures) == 0 }

// Failed counts the failing cases.
func (r *Report) Failed() int {
	n := 0
	for i := range r.Cases {
		if !r.Cases[i].Passed() {
			n++
		}
	}
	return n
}

// OK reports whether the test files were valid and every case passed.
func (r *Report) OK() bool { return len(r.Errors) == 0 && r.Failed() == 0 }

// RunDir runs the rule tests in a directory; messages name files by
// their path under dir. When ctx ends, no further case runs, the one
// running is stopped, and the report is incomplete: check ctx.Err().
func RunDir(ctx context.Context, e *rules.Engine, dir string) Report {
	return run(ctx, e, os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir)))
}

// RunDefault runs the embedded default pack's tests; messages name
// files like the loader names the pack's rule files (rules/default/...).
// ctx is as for RunDir.
func RunDefault(ctx context.Context, e *rules.Engine) Report {
	return run(ctx, e, rules.DefaultFS(), rules.DefaultDir)
}

// run runs every *_test.yaml file at the top of fsys against the engine:
// each manifest is decoded with manifest.Decode, enriched and scored exactly
// as the pipeline does, then compared with the case's expectations. prefix
// names the files in messages.
func run(ctx context.Context, e *rules.Engine, fsys fs.FS, prefix string) Report {
	start := time.Now()
	var rep Report
	names, err := testFiles(fsys)
	switch {
	case err != nil:
		rep.Errors.Errorf(yamlsrc.Pos{File: cmp.Or(prefix, ".")}, "", "%v", err)
	case len(names) == 0:
		rep.Errors.Errorf(yamlsrc.Pos{File: cmp.Or(prefix, ".")}, "", "no rule test files (*_test.yaml)")
	}
	known := ruleIDs(e)
	var all []Case
	for _, name := range names {
		shown := path.Join(prefix, name)
		rep.Files = append(rep.Files, shown)
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			rep.Errors.Errorf(yamlsrc.Pos{File: shown}, "", "%v", err)
			continue
		}
		cases, errs := parseTestFile(fsys, name, shown, data)
		rep.Errors = append(rep.Errors, errs...)
		for _, tc := range cases {
			if errs := append(checkIDs(tc, known, e), checkPatterns(tc, e.Catalog())...); len(errs) > 0 {
				rep.Errors = append(rep.Errors, errs...)
				continue
			}
			all = append(all, tc)
		}
	}
	for _, tc := range all {
		if ctx.Err() != nil {
			break
		}
		rep.Cases = append(rep.Cases, runCase(ctx, e, tc))
	}
	rep.Coverage = coverageOf(e, all)
	rep.Duration = time.Since(start)
	return rep
}

// testFiles lists the *_test.yaml files at the top level of fsys (where
// the loader finds rule files), in lexical order. Subdirectories such as
// testdata/ hold the JSON manifests cases name with manifest_file.
func testFiles(fsys fs.FS) ([]string, error) {
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

// ruleIDs maps every rule id of the engine's ruleset to its status.
func ruleIDs(e *rules.Engine) map[string]string {
	m := map[string]string{}
	for _, r := range e.Ruleset().Rules() {
		m[r.ID] = r.Status
	}
	return m
}

// checkIDs reports rule ids and exception names a case names that the
// ruleset does not define: a typo would otherwise make not_fires pass
// forever.
func checkIDs(tc Case, known map[string]string, e *rules.Engine) yamlsrc.List {
	var errs yamlsrc.List
	at := func(list []yamlsrc.Pos, i int, format string, args ...any) {
		errs.Errorf(tc.entryPos(list, i), "", format, args...)
	}
	for _, l := range []struct {
		ids []string
		at  []yamlsrc.Pos
	}{{tc.Fires, tc.firesAt}, {tc.NotFires, tc.notFiresAt}} {
		for i, id := range l.ids {
			if _, ok := known[id]; !ok {
				at(l.at, i, "test %q: unknown rule %q%s", tc.Name, id, rules.DidYouMean(id, slices.Collect(maps.Keys(known))))
			}
		}
	}
	exc := e.Ruleset().Exceptions()
	for _, l := range []struct {
		names []string
		at    []yamlsrc.Pos
	}{{tc.Suppressed, tc.suppressedAt}, {tc.NotSuppressed, tc.notSuppressedAt}} {
		for i, name := range l.names {
			if !slices.Contains(exc, name) {
				at(l.at, i, "test %q: unknown exception %q%s", tc.Name, name, rules.DidYouMean(name, exc))
			}
		}
	}
	return errs
}

// runCase decodes, enriches and scores one case and checks it.
func runCase(ctx context.Context, e *rules.Engine, tc Case) CaseResult {
	start := time.Now()
	res := CaseResult{Case: tc}
	m, err := manifest.Decode(withDefaults(tc))
	if err != nil {
		res.Failures = append(res.Failures, "manifest does not decode: "+err.Error())
		res.Duration = time.Since(start)
		return res
	}
	if !tc.At.IsZero() {
		m.EventTime = tc.At
	}
	en := e.Enrich(m)
	if en.Structures, err = recordedStructures(e, tc, m, en); err != nil {
		res.Failures = append(res.Failures, "structures: "+err.Error())
	}
	r := e.ScoreContext(ctx, m, en)
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
	res.Failures = compare(tc, &res)
	res.Got = describe(r)
	res.Duration = time.Since(start)
	return res
}

// withDefaults fills what a test manifest may leave out: a shipment_id
// derived from the case position and, when the case sets at, the
// event_time. Anything else is decoded exactly as written.
func withDefaults(tc Case) []byte {
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
