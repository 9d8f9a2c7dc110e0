package structure

import (
	"context"
	"errors"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/chemicals"
)

// tableBackend answers queries from a table keyed by name or SMILES.
func tableBackend(table map[string]wireResult, broken map[string]string) *fakeBackend {
	return &fakeBackend{fn: func(_ context.Context, req *wireRequest) (*wireResponse, error) {
		resp := &wireResponse{}
		for _, p := range req.Patterns {
			if msg, ok := broken[p.SMARTS]; ok {
				resp.PatternErrors = append(resp.PatternErrors, wirePatternError{ID: p.ID, Error: msg})
			}
		}
		for _, q := range req.Queries {
			r, ok := table[q.Name+q.SMILES]
			if !ok {
				r = wireResult{Status: wireUnparsed, Error: "opsin: not a name"}
			}
			resp.Results = append(resp.Results, r)
		}
		return resp, nil
	}}
}

func TestLint(t *testing.T) {
	cat, err := chemicals.LoadFile("testdata/lint/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	looks, err := ParseLookalikes("looks.tsv", []byte("# c\nacetanilide\tCC(=O)Nc1ccccc1\tdye intermediate\nphenol\tOc1ccccc1\tdisinfectant\n"))
	if err != nil {
		t.Fatal(err)
	}
	b := tableBackend(map[string]wireResult{
		"aniline":          {Status: wireOK, InChIKey: "PAYRUJLWNCNPSJ-UHFFFAOYSA-N", Matches: []string{"amines/aniline"}},
		"Cc1ccc(N)cc1":     {Status: wireOK, InChIKey: "RZXMPPFPUUCRFN-UHFFFAOYSA-X", Matches: []string{"amines/aniline"}},
		"benzene":          {Status: wireOK, InChIKey: "UHOVQNZJYSORNB-UHFFFAOYSA-N", Matches: []string{}},
		"CC(=O)Nc1ccccc1":  {Status: wireOK, Matches: []string{"amines/aniline"}},
		"Oc1ccccc1":        {Status: wireOK, Matches: []string{}},
		"unused-never-hit": {},
	}, map[string]string{"[Xx]": "invalid SMARTS: unknown element\nXx"})
	errs, err := lint(context.Background(), b, cat, looks)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`catalog.yaml:10:17: family amines: pattern "amines/aniline" matches look-alike "acetanilide" (looks.tsv:2: dye intermediate)`,
		`catalog.yaml:15:17: family amines: pattern "amines/unused" matches none of the family's entries`,
		`catalog.yaml:20:17: family amines: pattern "amines/broken": invalid SMARTS: unknown element Xx`,
		`catalog.yaml:34: entry "toluidine": structure: SMILES gives InChIKey RZXMPPFPUUCRFN-UHFFFAOYSA-X, the catalog says RZXMPPFPUUCRFN-UHFFFAOYSA-N`,
		`catalog.yaml:41: entry "benzene": its structure (from its iupac name) matches no pattern of family "amines"`,
		`catalog.yaml:49: entry "mystery": the resolver cannot read its name: unparsed opsin: not a name`,
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems:\n%s", len(got), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasSuffix(got[i], want[i]) {
			t.Errorf("problem %d:\n got %s\nwant …%s", i, got[i], want[i])
		}
	}
}

func TestLookalikes(t *testing.T) {
	looks := DefaultLookalikes()
	if len(looks) < 30 {
		t.Errorf("%d look-alikes, want the curated list", len(looks))
	}
	for _, l := range looks {
		if l.File != "lookalikes.tsv" || l.Line == 0 {
			t.Errorf("%+v: no position", l)
		}
	}
	_, err := ParseLookalikes("x.tsv", []byte("ok\tCCO\tfine\nonly two\tCCO\nspace\tC CO\twhy\n"))
	var list yamlsrc.List
	if !errors.As(err, &list) || len(list) != 2 ||
		!strings.HasPrefix(list[0].Error(), "x.tsv:2:1: want 3 non-empty TAB-separated fields") ||
		!strings.HasPrefix(list[1].Error(), `x.tsv:3:7: SMILES "C CO"`) {
		t.Errorf("err = %v", list)
	}
	if _, err := ParseLookalikes("e.tsv", []byte("# nothing\n")); err == nil {
		t.Error("empty list accepted")
	}
}
