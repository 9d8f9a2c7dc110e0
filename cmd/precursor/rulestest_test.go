package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func runRulesTestCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := runRulesTest(context.Background(), args, stdio{in: strings.NewReader(""), out: &out, err: &errb})
	return out.String(), errb.String(), err
}

// TestRulesTestDefaultPack runs the embedded pack's tests and the same
// tests from the directory: both pass.
func TestRulesTestDefaultPack(t *testing.T) {
	for _, args := range [][]string{{}, {"../../rules/default"}} {
		out, stderr, err := runRulesTestCmd(t, args...)
		if err != nil {
			t.Fatalf("args %q: %v\n%s%s", args, err, out, stderr)
		}
		if !strings.HasPrefix(out, "ok: ") || strings.Contains(out, "FAIL") {
			t.Errorf("args %q: output:\n%s", args, out)
		}
	}
}

// TestRulesTestFailingExitsOne runs deliberately wrong expectations
// against the embedded pack: exit 1 (errFindings), failures printed, and
// the JUnit file written with the failures.
func TestRulesTestFailingExitsOne(t *testing.T) {
	junit := filepath.Join(t.TempDir(), "report.xml")
	out, _, err := runRulesTestCmd(t, "--tests", "../../rules/ruletest/testdata/failing", "--junit", junit)
	if !errors.Is(err, errFindings) {
		t.Fatalf("err = %v, want errFindings", err)
	}
	var sink bytes.Buffer
	code := run(context.Background(), []string{"rules", "test", "--tests", "../../rules/ruletest/testdata/failing"},
		stdio{in: strings.NewReader(""), out: &sink, err: &sink})
	if code != exitFindings {
		t.Errorf("precursor rules test: exit code %d, want %d", code, exitFindings)
	}
	for _, want := range []string{
		"--- FAIL: ../../rules/ruletest/testdata/failing/wrong_test.yaml:4: aniline is wrongly expected to be critical",
		"severity: expected critical, got none (score 10.0)",
		"FAIL: 1 files, 3 cases, 2 failed, 0 file errors",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil || doc.Tests != 3 || doc.Failures != 2 {
		t.Errorf("junit: %+v, %v\n%s", doc, err, data)
	}
}

func TestRulesTestUsage(t *testing.T) {
	_, _, err := runRulesTestCmd(t, "a", "b")
	var ue usageError
	if !errors.As(err, &ue) {
		t.Errorf("two dirs: err = %v, want a usage error", err)
	}
	if _, _, err := runRulesTestCmd(t, "--no-such-flag"); !errors.As(err, &ue) {
		t.Errorf("unknown flag: err = %v, want a usage error", err)
	}
}

// A missing pack, tests directory or catalog is named as the user gave it.
func TestRulesTestMissingPaths(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{missing}, "rule pack " + missing + ": no such file or directory"},
		{[]string{"--tests", missing}, "--tests " + missing + ": no such file or directory"},
		{[]string{"--catalog", missing}, "catalog " + missing + ": no such file or directory"},
	}
	for _, tc := range tests {
		_, _, err := runRulesTestCmd(t, tc.args...)
		if err == nil || err.Error() != tc.want {
			t.Errorf("args %q: err = %v, want %q", tc.args, err, tc.want)
		}
	}
}

// TestRulesTestCoverage: --coverage prints the table; --require-coverage
// passes on the default pack (fully covered) and exits 1 on a pack with
// gaps, naming them.
func TestRulesTestCoverage(t *testing.T) {
	out, _, err := runRulesTestCmd(t, "--coverage", "--require-coverage")
	if err != nil {
		t.Fatalf("default pack: %v\n%s", err, out)
	}
	for _, want := range []string{"rule       FEN-001 ", "exception  licensed-pseudoephedrine-importer "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	m := regexp.MustCompile(`coverage: (\d+)/(\d+) rules, (\d+)/(\d+) exceptions with a firing and a non-firing case; 0 unused lists, 0 unused macros`).FindStringSubmatch(out)
	if m == nil || m[1] != m[2] || m[3] != m[4] {
		t.Errorf("the default pack is not fully covered:\n%s", out)
	}
	out, stderr, err := runRulesTestCmd(t, "--require-coverage", "../../rules/testdata/pack")
	if !errors.Is(err, errFindings) {
		t.Fatalf("pack with gaps: err = %v, want errFindings", err)
	}
	if !strings.Contains(out, "coverage: rule T-003 has no case where it fires") || !strings.Contains(stderr, "coverage incomplete") {
		t.Errorf("gaps not named:\n%s%s", out, stderr)
	}
	if _, _, err := runRulesTestCmd(t, "../../rules/testdata/pack"); err != nil {
		t.Errorf("without --require-coverage gaps do not fail: %v", err)
	}
}
