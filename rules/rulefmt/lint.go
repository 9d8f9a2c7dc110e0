package rulefmt

import (
	"time"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"gopkg.in/yaml.v3"
)

// Lint adds the format's warnings about a parsed pack to ds: exceptions
// whose expiry date has passed as of now, rules that no rule test (tests,
// the pack's *_test.yaml files) names in fires or not_fires, and rules
// without an action or with an overlong one.
func Lint(pack *Pack, tests []File, now time.Time, ds *yamlsrc.List) {
	lintActions(pack, ds)
	for _, x := range pack.Exceptions {
		if !x.ActiveAt(now) {
			ds.Warnf(x.ExpiresPos, x.Subject(),
				"expired on %s and no longer applies; renew or remove it", x.Expires.Format(time.DateOnly))
		}
	}
	mentioned := map[string]bool{}
	for _, f := range tests {
		testedIDs(f.Data, mentioned)
	}
	for _, r := range pack.Rules {
		if r.ID != "" && !mentioned[r.ID] {
			ds.Warnf(r.Pos, r.Subject(), "no rule test mentions this rule (fires or not_fires in a *_test.yaml)")
		}
	}
}

// ActiveAt reports whether the exception still applies at t: it applies
// through the end of its expiry day (UTC).
func (x *Exception) ActiveAt(t time.Time) bool {
	return x.Expires.IsZero() || t.Before(x.Expires.AddDate(0, 0, 1))
}

// TestCases counts the cases of rule test files (tests[*]), read as
// lightly as testedIDs reads them.
func TestCases(tests []File) int {
	n := 0
	for _, f := range tests {
		if seq := testsOf(f.Data); seq != nil {
			n += len(seq.Content)
		}
	}
	return n
}

// testsOf returns the tests sequence of a rule test file, or nil.
func testsOf(data []byte) *yaml.Node {
	var doc yaml.Node
	if yamlsrc.Unmarshal("", data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	tests := yamlsrc.Value(doc.Content[0], "tests")
	if tests == nil || tests.Kind != yaml.SequenceNode {
		return nil
	}
	return tests
}

// testedIDs adds the ids listed under tests[*].fires and not_fires. Test
// files are only lightly read here: the rule-test runner reports their
// own problems.
func testedIDs(data []byte, into map[string]bool) {
	tests := testsOf(data)
	if tests == nil {
		return
	}
	for _, tc := range tests.Content {
		for _, key := range []string{"fires", "not_fires"} {
			list := yamlsrc.Value(tc, key)
			if list == nil || list.Kind != yaml.SequenceNode {
				continue
			}
			for _, id := range list.Content {
				if id.Kind == yaml.ScalarNode {
					into[id.Value] = true
				}
			}
		}
	}
}
