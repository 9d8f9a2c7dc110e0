package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRulesInit: init writes the default pack with its tests, testdata
// and schemas into a new directory; the pack lints clean and its tests
// pass with full coverage there; init refuses a directory that holds
// anything, and a file.
func TestRulesInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mypack")
	code, out, errs := runRulesCmd(t, "init", dir)
	if code != exitOK || !strings.Contains(out, "wrote ") || !strings.Contains(out, "precursor rules lint "+dir) {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	for _, f := range []string{"ruleset.yaml", "fentanyl.yaml", "fentanyl_test.yaml", "testdata/antacid_cn_us_express.json",
		"schema/rules.schema.json", "schema/ruleset.schema.json", "schema/rule-tests.schema.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("init did not write %s: %v", f, err)
		}
	}
	head, _ := os.ReadFile(filepath.Join(dir, "fentanyl_test.yaml"))
	if !strings.HasPrefix(string(head), "# yaml-language-server: $schema=schema/rule-tests.schema.json\n") {
		t.Errorf("fentanyl_test.yaml lacks its schema modeline:\n%.200s", head)
	}
	if code, out, errs := runRulesCmd(t, "lint", dir); code != exitOK || !strings.Contains(out, "; 0 warning(s)") {
		t.Errorf("lint of the new pack: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runRulesCmd(t, "test", "--require-coverage", dir); code != exitOK {
		t.Errorf("tests of the new pack: exit %d\n%s%s", code, out, errs)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "ruleset.yaml"))
	code, _, errs = runRulesCmd(t, "init", dir)
	if code != exitFindings || !strings.Contains(errs, "is not empty") || !strings.Contains(errs, "never overwrites") {
		t.Errorf("init over a pack: exit %d: %s", code, errs)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "ruleset.yaml")); string(after) != string(before) {
		t.Error("init changed an existing file")
	}
	file := filepath.Join(dir, "ruleset.yaml")
	if code, _, errs := runRulesCmd(t, "init", file); code != exitFindings || !strings.Contains(errs, "is a file") {
		t.Errorf("init over a file: exit %d: %s", code, errs)
	}
	if code, _, errs := runRulesCmd(t, "init"); code != exitUsage || !strings.Contains(errs, "exactly one DIR") {
		t.Errorf("init without DIR: exit %d: %s", code, errs)
	}
}

// TestRulesShow prints a rule with what an author needs in one place.
func TestRulesShow(t *testing.T) {
	for _, tt := range []struct {
		name     string
		args     []string
		code     int
		contains []string
	}{
		{"a rule of the default pack", []string{"show", "FEN-002"}, exitOK, []string{
			"FEN-002: 4-AP, 1-boc-4-AP or norfentanyl from China/Hong Kong to Mexico\n",
			"  defined at rules/default/fentanyl.yaml:", "status active, score 70, tags fentanyl, route",
			"The three fentanyl precursors scheduled by the UN in 2022",
			"action:\n  Hold for inspection, check for a pre-export notification",
			"when:\n  hasChemical(\"4-ap\", \"boc-4-ap\", \"norfentanyl\") && route([\"CN\", \"HK\"], [\"MX\"])\n",
			"references:\n  S60 ", "<https://", "seizure origins: China 45, Hong Kong 18",
			"silenced by exceptions:\n  accredited-reference-laboratory (rules/default/exceptions.yaml:", "until 2027-03-31",
			"tests:\n  fires     ok   rules/default/fentanyl_test.yaml:", "not fires ok   "}},
		{"a rule of a pack on disk without tests", []string{"show", "--rules", "../../rules/testdata/pack", "T-003"}, exitOK, []string{
			"T-003: ", "tests:\n  none: add a case with fires: [T-003]"}},
		{"an unknown rule", []string{"show", "FEN-02"}, exitFindings, []string{`no rule "FEN-02" in the pack; did you mean "FEN-002"?`}},
		{"no id", []string{"show"}, exitUsage, []string{"want exactly one rule ID"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runRulesCmd(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, out, errs)
			}
			for _, c := range tt.contains {
				if !strings.Contains(out+errs, c) {
					t.Errorf("output lacks %q:\n%s%s", c, out, errs)
				}
			}
		})
	}
}
