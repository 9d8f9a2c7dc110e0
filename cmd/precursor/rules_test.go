package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
)

func runRulesCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"rules"}, args...), stdio{in: strings.NewReader(""), out: &out, err: &errb})
	return code, out.String(), errb.String()
}

func TestRulesLint(t *testing.T) {
	bad := t.TempDir()
	writeFile(t, bad+"/ruleset.yaml", "name: bad\nversion: \"1\"\n")
	writeFile(t, bad+"/fen.yaml", "rules:\n  - id: FEN-001\n    title: t\n    score: 10\n    when: hasChemical(\"4-ap2\")\n")
	country := bad + "/../country"
	if err := os.Mkdir(country, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, country+"/ruleset.yaml", "name: c\nversion: \"1\"\n")
	writeFile(t, country+"/r.yaml", "rules:\n  - {id: R-1, title: t, score: 10, when: 'route([], [\"AUS\"])'}\n")
	catalog := t.TempDir() + "/catalog.yaml"
	writeFile(t, catalog, "version: x\nentries:\n  - id: a\n  - id: a\n")
	tests := []struct {
		name     string
		args     []string
		code     int
		contains []string
		absent   []string
	}{
		{"test pack is clean (warnings only)", []string{"lint", "../../rules/testdata/pack"}, exitOK,
			[]string{`warning: rule "T-003": no rule test mentions this rule`}, nil},
		{"a clean lint says what it read in one line", []string{"lint"}, exitOK,
			[]string{"ok: ", " files: ", " rules, ", " exceptions, ", " lists, ", " macros; ", " test files: ", " tests; 0 warning(s)\n"}, nil},
		{"a literal that is not a country code", []string{"lint", bad + "/../country"}, exitFindings,
			[]string{`"AUS" is not a country code (ISO 3166-1 alpha-2, upper case); did you mean "AU" (Australia)?`}, nil},
		{"errors exit 1 with positions", []string{"lint", bad}, exitFindings,
			[]string{bad + `/fen.yaml:5:23: rule "FEN-001": unknown chemical id "4-ap2"`, "1 error(s)"}, nil},
		{"missing pack is named as given", []string{"lint", bad + "/nope"}, exitFindings,
			[]string{"precursor rules: rule pack " + bad + "/nope: no such file or directory"}, []string{"open ."}},
		{"pack that is a file", []string{"lint", bad + "/fen.yaml"}, exitFindings,
			[]string{"rule pack " + bad + "/fen.yaml: not a directory"}, nil},
		{"missing catalog is named as given", []string{"lint", "--catalog", bad + "/nope.yaml"}, exitFindings,
			[]string{"precursor rules: catalog " + bad + "/nope.yaml: no such file or directory"}, []string{"load catalog: load catalog"}},
		{"every catalog error", []string{"lint", "--catalog", catalog}, exitFindings,
			[]string{catalog + `:3:5: entry "a"`, catalog + `:4:9: duplicate entry id "a" (first at line 3)`}, []string{"more errors"}},
		{"two dirs", []string{"lint", bad, bad}, exitUsage, []string{"at most one"}, nil},
		{"unknown subcommand", []string{"frob"}, exitUsage, []string{"unknown subcommand"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runRulesCmd(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errs)
			}
			for _, c := range tt.contains {
				if !strings.Contains(out+errs, c) {
					t.Errorf("output lacks %q:\nstdout: %s\nstderr: %s", c, out, errs)
				}
			}
			for _, c := range tt.absent {
				if strings.Contains(out+errs, c) {
					t.Errorf("output has %q:\nstdout: %s\nstderr: %s", c, out, errs)
				}
			}
		})
	}
}

func TestRulesEnvMatchesENVmd(t *testing.T) {
	code, out, errs := runRulesCmd(t, "env")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want, err := os.ReadFile("../../rules/ENV.md")
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Fatal("`precursor rules env` differs from rules/ENV.md")
	}
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// `precursor rules -h` names every flag of every subcommand, as each
// subcommand's own -h lists them.
func TestRulesUsageListsEveryFlag(t *testing.T) {
	code, usage, _ := runRulesCmd(t, "-h")
	if code != exitOK {
		t.Fatalf("rules -h: exit %d", code)
	}
	flagLine := regexp.MustCompile(`(?m)^  -(\w[\w-]*)`)
	for _, sub := range []string{"lint", "env", "test", "diff", "init", "show"} {
		_, _, help := runRulesCmd(t, sub, "-h")
		line := regexp.MustCompile(`(?m)^  precursor rules ` + sub + `\b.*$`).FindString(usage)
		if line == "" {
			t.Errorf("rules -h has no line for %s:\n%s", sub, usage)
			continue
		}
		for _, m := range flagLine.FindAllStringSubmatch(help, -1) {
			name := "-" + m[1]
			if len(m[1]) > 1 {
				name = "--" + m[1]
			}
			if !regexp.MustCompile(`[\[ ]` + regexp.QuoteMeta(name) + `\b`).MatchString(line) {
				t.Errorf("rules -h line %q lacks %s, a flag of `rules %s -h`", line, name, sub)
			}
		}
	}
}

// The comment of the default ruleset.yaml explains how a score is
// combined; its worked example must hold for the engine.
func TestDefaultRulesetCommentMatchesScoring(t *testing.T) {
	head, err := os.ReadFile("../../rules/default/ruleset.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`two hits of (\d+) give (\d+)`).FindSubmatch(head)
	if m == nil || bytes.Contains(head, []byte("sum of")) {
		t.Fatalf("ruleset.yaml comment lacks a worked example \"two hits of A give B\" or says \"sum of\":\n%s", head)
	}
	dir := t.TempDir()
	writeFile(t, dir+"/ruleset.yaml", string(head))
	rule := "  - id: R-%d\n    title: every shipment\n    score: %s\n    when: itemsCount() > 0\n"
	writeFile(t, dir+"/rules.yaml", "rules:\n"+fmt.Sprintf(rule, 1, m[1])+fmt.Sprintf(rule, 2, m[1]))
	e, err := rules.LoadEngine(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	mf, err := manifest.Decode([]byte(`{"schema_version": 1, "shipment_id": "X", "event_time": "2026-01-01T00:00:00Z",
		"origin": {"country": "CN"}, "destination": {"country": "MX"}, "items": [{"line": 1, "description": "table salt"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	r := e.Score(mf, e.Enrich(mf))
	if got := strconv.FormatFloat(r.Score, 'f', -1, 64); len(r.Hits) != 2 || got != string(m[2]) {
		t.Errorf("two hits of %s score %s with %d hits; the comment says %s", m[1], got, len(r.Hits), m[2])
	}
}

// TestRulesLintCostBound: the rule is refused by rules lint with
// its position and the nested loops, and loads once the pack raises its
// cost_budget (lint then warns).
func TestRulesLintCostBound(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/ruleset.yaml", "name: cubic\nversion: \"1\"\n")
	writeFile(t, dir+"/cubic.yaml", "rules:\n  - id: C-001\n    title: t\n    score: 10\n"+
		"    when: all(items, {all(items, {all(items, {.line > 0})})})\n")
	code, out, _ := runRulesCmd(t, "lint", dir)
	want := dir + `/cubic.yaml:5:11: rule "C-001": when: cost bound 7.0e+09 steps on a shipment of 1000 items is over the pack's cost_budget of 1.0e+07: ` +
		"all over items at 5:11, in it all over items at 5:23, in it all over items at 5:35"
	if code != exitFindings || !strings.Contains(out, want) {
		t.Errorf("exit %d, output:\n%s\nwant %s", code, out, want)
	}
	writeFile(t, dir+"/ruleset.yaml", "name: cubic\nversion: \"1\"\ncost_budget: 10_000_000_000\n")
	code, out, _ = runRulesCmd(t, "lint", dir)
	if code != exitOK || !strings.Contains(out, `warning: rule "C-001": when: cost bound 7.0e+09 steps`) {
		t.Errorf("with the budget raised: exit %d, output:\n%s", code, out)
	}
}
