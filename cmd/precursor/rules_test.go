package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
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
	tests := []struct {
		name     string
		args     []string
		code     int
		contains []string
	}{
		{"test pack is clean (warnings only)", []string{"lint", "../../rules/testdata/pack"}, exitOK,
			[]string{`warning: rule "T-003": no rule test mentions this rule`}},
		{"errors exit 1 with positions", []string{"lint", bad}, exitFindings,
			[]string{bad + `/fen.yaml:5:23: rule "FEN-001": unknown chemical id "4-ap2"`, "1 error(s)"}},
		{"missing pack", []string{"lint", bad + "/nope"}, exitFindings, []string{"read rule pack"}},
		{"two dirs", []string{"lint", bad, bad}, exitUsage, []string{"at most one"}},
		{"unknown subcommand", []string{"frob"}, exitUsage, []string{"unknown subcommand"}},
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
