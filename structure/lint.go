package structure

import (
	"context"
	"fmt"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"strings"

	"github.com/precursorwatch/precursor/chemicals"
)

// lintBatch is the number of queries per resolver request while linting
// (the resolver accepts 64).
const lintBatch = 32

// Lint checks a catalog's family patterns with the resolver at url:
//
//   - every pattern compiles;
//   - every entry of a family with patterns is matched by at least one of
//     them, and every pattern matches at least one entry of its family. An
//     entry's structure is its structure.smiles or, until it has one, what
//     the resolver reads from its IUPAC name (or its name);
//   - an entry's stated InChIKey is the one its SMILES gives;
//   - no pattern matches any look-alike.
//
// Problems come back as a positioned list (catalog file:line:col, or the
// look-alike's line); err is set only when the resolver could not be asked.
func Lint(ctx context.Context, url string, cat *chemicals.Catalog, lookalikes []Lookalike) (yamlsrc.List, error) {
	return lint(ctx, newHTTPBackend(url, 2), cat, lookalikes)
}

// linted is one structure checked by Lint: an entry or a look-alike.
type linted struct {
	query   wireQuery
	entry   *chemicals.Entry
	look    *Lookalike
	source  string // what the query was taken from, for messages
	matches []string
}

func lint(ctx context.Context, b backend, cat *chemicals.Catalog, lookalikes []Lookalike) (yamlsrc.List, error) {
	var errs yamlsrc.List
	patterns := cat.Patterns()
	if len(patterns) == 0 {
		return nil, nil
	}
	var items []*linted
	for _, f := range cat.Families() {
		if len(cat.FamilyPatterns(f)) == 0 {
			continue
		}
		for _, e := range cat.Family(f) {
			items = append(items, entryQuery(e))
		}
	}
	for i := range lookalikes {
		l := &lookalikes[i]
		items = append(items, &linted{query: wireQuery{SMILES: l.SMILES}, look: l, source: "smiles"})
	}
	wire := make([]wirePattern, len(patterns))
	for i, p := range patterns {
		wire[i] = wirePattern{ID: p.ID, SMARTS: p.SMARTS}
	}
	broken := map[string]bool{}
	for start := 0; start < len(items); start += lintBatch {
		batch := items[start:min(start+lintBatch, len(items))]
		req := &wireRequest{Patterns: wire}
		for _, it := range batch {
			req.Queries = append(req.Queries, it.query)
		}
		resp, err := b.resolve(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("lint %s: %w", cat.Source, err)
		}
		for _, pe := range resp.PatternErrors {
			broken[pe.ID] = true
			if start == 0 {
				p := findPattern(patterns, pe.ID)
				errs.Errorf(yamlsrc.Pos{File: cat.Source, Line: p.Line, Col: p.Col}, "", "family %s: pattern %q: %s", p.Family, pe.ID, oneLine(pe.Error))
			}
		}
		for i, r := range resp.Results {
			checkResult(&errs, cat, batch[i], r)
		}
	}
	checkCoverage(&errs, cat, patterns, items, broken)
	errs.Sort()
	return errs, nil
}

// entryQuery picks what to resolve for a catalog entry.
func entryQuery(e *chemicals.Entry) *linted {
	switch {
	case e.Structure.SMILES != "":
		return &linted{query: wireQuery{SMILES: e.Structure.SMILES}, entry: e, source: "structure.smiles"}
	case e.IUPAC != "":
		return &linted{query: wireQuery{Name: e.IUPAC}, entry: e, source: "iupac name"}
	}
	return &linted{query: wireQuery{Name: e.Name}, entry: e, source: "name"}
}

func checkResult(errs *yamlsrc.List, cat *chemicals.Catalog, it *linted, r wireResult) {
	if r.Status != wireOK {
		if it.entry != nil {
			errs.Errorf(yamlsrc.Pos{File: cat.Source, Line: it.entry.Line, Col: 0}, "", "entry %q: the resolver cannot read its %s: %s %s",
				it.entry.ID, it.source, r.Status, oneLine(r.Error))
		} else {
			errs.Errorf(yamlsrc.Pos{File: it.look.File, Line: it.look.Line, Col: 0}, "", "look-alike %q: the resolver cannot read its SMILES: %s %s",
				it.look.Name, r.Status, oneLine(r.Error))
		}
		return
	}
	it.matches = r.Matches
	if it.entry != nil {
		if want := it.entry.Structure.InChIKey; want != "" && r.InChIKey != want {
			errs.Errorf(yamlsrc.Pos{File: cat.Source, Line: it.entry.Line, Col: 0}, "", "entry %q: structure: SMILES gives InChIKey %s, the catalog says %s",
				it.entry.ID, r.InChIKey, want)
		}
		return
	}
	for _, id := range r.Matches {
		p := findPattern(cat.Patterns(), id)
		errs.Errorf(yamlsrc.Pos{File: cat.Source, Line: p.Line, Col: p.Col}, "", "family %s: pattern %q matches look-alike %q (%s:%d: %s)",
			p.Family, id, it.look.Name, it.look.File, it.look.Line, it.look.Why)
	}
}

// checkCoverage reports entries no pattern of their family matches and
// patterns that match no entry of their family.
func checkCoverage(errs *yamlsrc.List, cat *chemicals.Catalog, patterns []chemicals.FamilyPattern, items []*linted, broken map[string]bool) {
	used := map[string]bool{}
	for _, it := range items {
		if it.entry == nil || !resolvedOK(it) {
			continue
		}
		own := false
		for _, id := range it.matches {
			if strings.HasPrefix(id, it.entry.Family+"/") {
				own, used[id] = true, true
			}
		}
		if !own {
			errs.Errorf(yamlsrc.Pos{File: cat.Source, Line: it.entry.Line, Col: 0}, "", "entry %q: its structure (from its %s) matches no pattern of family %q",
				it.entry.ID, it.source, it.entry.Family)
		}
	}
	for _, p := range patterns {
		if !used[p.ID] && !broken[p.ID] {
			errs.Errorf(yamlsrc.Pos{File: cat.Source, Line: p.Line, Col: p.Col}, "", "family %s: pattern %q matches none of the family's entries", p.Family, p.ID)
		}
	}
}

// resolvedOK reports whether the item's query was resolved (matches is
// non-nil then, possibly empty).
func resolvedOK(it *linted) bool { return it.matches != nil }

func findPattern(ps []chemicals.FamilyPattern, id string) chemicals.FamilyPattern {
	for _, p := range ps {
		if p.ID == id {
			return p
		}
	}
	return chemicals.FamilyPattern{ID: id}
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.Join(strings.Fields(s), " ")
}
