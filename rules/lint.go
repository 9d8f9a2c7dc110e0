package rules

import (
	"io/fs"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"gopkg.in/yaml.v3"
)

// Lint loads and compiles the rule pack in dir ("" = the embedded default
// pack) against the catalog (catalogFile "" = embedded) and returns every
// diagnostic in position order: the errors LoadEngine would report plus
// warnings for exceptions expired as of now and for rules that no rule
// test mentions. err is only for failures to read the pack or catalog.
func Lint(dir, catalogFile string, now time.Time) (Diagnostics, error) {
	cat, err := loadCatalog(catalogFile)
	if err != nil {
		return nil, err
	}
	return LintWith(dir, cat, now)
}

// LintWith is Lint with an already loaded catalog.
func LintWith(dir string, cat *chemicals.Catalog, now time.Time) (Diagnostics, error) {
	fsys, shown := packFS(dir)
	return lintFS(fsys, shown, cat, now)
}

// lintFS lints the pack held in fsys; shown prefixes file names.
func lintFS(fsys fs.FS, shown string, cat *chemicals.Catalog, now time.Time) (Diagnostics, error) {
	files, tests, err := readPack(fsys, shown)
	if err != nil {
		return nil, err
	}
	_, defs, ds := buildRuleset(shown, files, cat)
	w := &diags{list: ds}
	lintExpired(defs, now, w)
	lintUntested(defs, tests, w)
	w.list.sort()
	return w.list, nil
}

// lintExpired warns about exceptions whose expiry date has passed.
func lintExpired(defs *packDefs, now time.Time, w *diags) {
	for _, x := range defs.exceptions {
		if x.Expires.IsZero() {
			continue
		}
		if (&exception{expires: x.Expires}).activeAt(now) {
			continue
		}
		w.warnf(x.ExpiresPos, exceptionSubject(x.Name),
			"expired on %s and no longer applies; renew or remove it", x.Expires.Format(time.DateOnly))
	}
}

// lintUntested warns about every rule id that no test case lists in fires
// or not_fires. The test files are only lightly parsed here: the rule-test
// runner reports their own problems.
func lintUntested(defs *packDefs, tests []packFile, w *diags) {
	mentioned := map[string]bool{}
	for _, f := range tests {
		testedIDs(f.Data, mentioned)
	}
	for _, r := range defs.rules {
		if r.ID != "" && !mentioned[r.ID] {
			w.warnf(r.Pos, ruleSubject(r.ID), "no rule test mentions this rule (fires or not_fires in a *_test.yaml)")
		}
	}
}

// testedIDs adds the ids listed under tests[*].fires and not_fires.
func testedIDs(data []byte, into map[string]bool) {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return
	}
	tests := mapValue(doc.Content[0], "tests")
	if tests == nil || tests.Kind != yaml.SequenceNode {
		return
	}
	for _, tc := range tests.Content {
		for _, key := range []string{"fires", "not_fires"} {
			list := mapValue(tc, key)
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

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
