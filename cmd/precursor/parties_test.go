package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func runPartiesCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"parties"}, args...), stdio{in: strings.NewReader(""), out: &out, err: &errb})
	return code, out.String(), errb.String()
}

// partiesCmdCase is a command line, its exit code and what its output
// must contain.
type partiesCmdCase struct {
	name     string
	args     []string
	code     int
	contains []string
}

func checkPartiesCmds(t *testing.T, tests []partiesCmdCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runPartiesCmd(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errs)
			}
			for _, c := range tt.contains {
				if !strings.Contains(out+errs, c) {
					t.Errorf("output lacks %q:\n%s%s", c, out, errs)
				}
			}
		})
	}
}

func TestPartiesLookup(t *testing.T) {
	tests := []partiesCmdCase{
		{"listed under a variant", []string{"lookup", "HUBEI", "AOKS", "BIO", "TECH", "CO", "LTD", "--country", "cn"}, exitOK, []string{
			"precursor-indictments:PWI-016", "indictment", "aoks", "exact", "legal form ignored: co ltd",
			"an indictment is an allegation, not a conviction and not a sanction"}},
		{"joined words", []string{"lookup", "--country", "MX", "Sumi Lab S.A. de C.V."}, exitOK, []string{"us-ofac-sdn:990008", "sumilab", "sumi lab", "joined", "MX match MX +0.05"}},
		{"Han script", []string{"lookup", "武汉硕康生物科技有限公司"}, exitOK, []string{"us-ofac-sdn:990001", "ILLICIT-DRUGS-EO14059"}},
		{"common words only", []string{"lookup", "International", "Chemical", "Trading", "Co."}, exitOK, []string{"no hit at or above 0.80 among 30 entries"}},
		{"own lists", []string{"lookup", "--lists", "un=../../parties/listfmt/testdata/good/un_consolidated.xml", "Koryo Example Trading Corp"}, exitOK, []string{"un:6908101", "list un: 2 entries"}},
		{"exceptions", []string{"lookup", "--lists", "../../parties/sample/us_ofac_sdn.xml", "--lists", "../../parties/sample/precursor_indictments.yaml",
			"--list-exceptions", "../../parties/testdata/exceptions/good.yaml", "--country", "DE", "--threshold", "0.5", "Athos Chemicals GmbH"}, exitOK, []string{"PWI-018"}},
		{"no name", []string{"lookup"}, exitUsage, []string{"lookup needs a NAME"}},
		{"bad country", []string{"lookup", "--country", "China", "x"}, exitUsage, []string{`--country "CHINA"`}},
		{"bad role", []string{"lookup", "--role", "buyer", "x"}, exitUsage, []string{`--role "buyer"`}},
		{"broken list", []string{"lookup", "--lists", "../../parties/listfmt/testdata/bad/ofac_entries.xml", "x"}, exitFindings, []string{"ofac_entries.xml:7:3:", "load lists"}},
	}
	checkPartiesCmds(t, tests)
}

func TestPartiesLookupJSON(t *testing.T) {
	code, out, errs := runPartiesCmd(t, "lookup", "--json", "--country", "CN", "Wuhan Shuo Kang Biological Tech Co Ltd")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Lists []struct{ ID, SHA256 string }
		Hits  []struct {
			Score   float64
			Explain struct {
				Words []struct{ Listed, Party, How string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Lists) != 2 || len(got.Hits) != 1 || got.Hits[0].Score < 0.9 || len(got.Hits[0].Explain.Words) == 0 {
		t.Fatalf("JSON %s", out)
	}
	if !strings.Contains(out, `"entry_id": "990001"`) || !strings.Contains(out, `"how": "split"`) && !strings.Contains(out, `"how": "joined"`) {
		t.Errorf("JSON lacks the entry or the joined words:\n%s", out)
	}
}

func TestPartiesLint(t *testing.T) {
	tests := []partiesCmdCase{
		{"samples", []string{"lint"}, exitOK, []string{"us_ofac_sdn.xml: ok: ofac-xml, 12 entries, published 2025-10-06", "precursor_indictments.yaml: ok: curated-yaml, 18 entries"}},
		{"every format", []string{"lint", "../../parties/listfmt/testdata/good/sdn.csv", "../../parties/listfmt/testdata/good/eu_fsf.xml",
			"../../parties/listfmt/testdata/good/ftm/entities.ftm.json"}, exitOK, []string{"ofac-csv, 3 entries", "eu-xml, 2 entries", "ftm-jsonl, 2 entries, published 2024-06-01 (metadata)"}},
		{"broken", []string{"lint", "../../parties/listfmt/testdata/bad/curated.yaml", "../../parties/sample/us_ofac_sdn.xml"}, exitFindings, []string{
			`curated.yaml:7:11: entry: "sanctioned" is none of`, `curated.yaml:20:11: entry: name is empty`, "us_ofac_sdn.xml: ok"}},
		{"exceptions", []string{"lint", "../../parties/testdata/exceptions/good.yaml"}, exitOK, []string{"good.yaml: ok: 2 exceptions", "expired on 2025-12-31"}},
		{"bad exceptions", []string{"lint", "../../parties/testdata/exceptions/bad.yaml"}, exitFindings, []string{`bad.yaml:17:5: exception: unknown key "note"`}},
		{"missing", []string{"lint", "no-such-list.xml"}, exitFindings, []string{"no-such-list.xml"}},
	}
	checkPartiesCmds(t, tests)
}
