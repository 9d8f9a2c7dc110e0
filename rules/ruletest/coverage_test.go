package ruletest

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/rules"
)

// coveragePack: rule A has a firing and a non-firing case, B only a firing
// one, C none; exception X applies in one case and is shown not to apply
// by a case where its rule fires, Y likewise (B fires where Y might have
// silenced it); list unused and macro unused_m are used by nothing.
var coveragePack = fstest.MapFS{
	"ruleset.yaml": {Data: []byte("name: cov\nversion: \"1\"\n")},
	"rules.yaml": {Data: []byte(`lists:
  unused: [x]
  mx: [MX]
macros:
  unused_m: destination == "CA"
  to_mx: destination in lists.mx
rules:
  - {id: A, title: a, score: 50, when: to_mx}
  - {id: B, title: b, score: 50, when: destination == "US"}
  - {id: C, title: c, score: 50, when: destination == "CA"}
exceptions:
  - {name: X, when: origin == "CN", rules: [A], reason: r, author: a}
  - {name: Y, when: origin == "IN", rules: [B], reason: r, author: a}
`)},
	"a_test.yaml": {Data: []byte(`tests:
  - {name: a fires, at: 2026-03-01, manifest: {items: [{description: dog food}], origin: {country: DE}, destination: {country: MX}}, fires: [A]}
  - {name: a does not fire, at: 2026-03-01, manifest: {items: [{description: dog food}], origin: {country: DE}, destination: {country: US}}, not_fires: [A], fires: [B]}
  - {name: x applies, at: 2026-03-01, manifest: {items: [{description: dog food}], origin: {country: CN}, destination: {country: MX}}, suppressed: [X], not_fires: [A]}
  - {name: y applies, at: 2026-03-01, manifest: {items: [{description: dog food}], origin: {country: IN}, destination: {country: US}}, suppressed: [Y]}
`)},
}

func TestCoverage(t *testing.T) {
	cat, err := chemicals.Default()
	if err != nil {
		t.Fatal(err)
	}
	rs, _, err := rules.LoadRulesetFS(coveragePack, "cov", cat)
	if err != nil {
		t.Fatal(err)
	}
	rep := run(t.Context(), rules.NewEngine(cat, rs), coveragePack, "cov")
	if !rep.OK() {
		var b bytes.Buffer
		_ = rep.WriteText(&b, true)
		t.Fatalf("cases must pass:\n%s", b.String())
	}
	want := []string{
		"rule B has no case where it does not fire",
		"rule C has no case where it fires",
		"rule C has no case where it does not fire",
		"list unused is used by no rule or exception",
		"macro unused_m is used by no rule or exception",
	}
	if got := rep.Coverage.Gaps(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("gaps:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rep.Coverage.Complete() {
		t.Error("Complete() with gaps")
	}
	var b bytes.Buffer
	if err := rep.WriteCoverage(&b); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"rule       A                                             1          2\n",
		"rule       C                                             0          0  MISSING\n",
		"exception  X                                             1          1\n",
		"unused lists: unused\n",
		"coverage: 1/3 rules, 2/2 exceptions with a firing and a non-firing case; 1 unused lists, 1 unused macros\n",
	} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("coverage table lacks %q:\n%s", line, b.String())
		}
	}
}
