package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// runCat runs `precursor catalog ARGS...` and returns the exit code and
// both streams.
func runCat(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"catalog"}, args...), stdio{in: strings.NewReader(""), out: &out, err: &errb})
	return code, out.String(), errb.String()
}

func TestCatalogLint(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		contains []string
	}{
		{"embedded", []string{"lint"}, exitOK, []string{"embedded:catalog.yaml: ok:", "entries"}},
		{"good file", []string{"lint", "../../chemicals/testdata/catalog/minimal.good.yaml"}, exitOK, []string{"minimal.good.yaml: ok: 1 entry,"}},
		{"bad file", []string{"lint", "../../chemicals/testdata/catalog/cas.bad.yaml"}, exitFindings, []string{
			`cas.bad.yaml:21:18: entry "norfentanyl": CAS 1609-66-5 has check digit 5, want 1`,
			`cas.bad.yaml:22:18: entry "norfentanyl": CAS "1609-66" is not of the form NNNNNNN-NN-N`,
		}},
		{"good and bad", []string{"lint", "../../chemicals/testdata/catalog/minimal.good.yaml", "../../chemicals/testdata/catalog/family.bad.yaml"},
			exitFindings, []string{"minimal.good.yaml: ok", `family "empty" has no entries`}},
		{"missing file", []string{"lint", "testdata/no-such-catalog.yaml"}, exitFindings, []string{"no-such-catalog.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCat(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errs)
			}
			for _, c := range tt.contains {
				if !strings.Contains(out, c) {
					t.Errorf("stdout lacks %q:\n%s", c, out)
				}
			}
		})
	}
}

func TestCatalogList(t *testing.T) {
	tests := []struct {
		name          string
		args          []string
		has, hasNot   []string
		wantCountLine string
	}{
		{"all", []string{"list"}, []string{"4-ap", "npp", "hydriodic-acid", "watch-list"}, nil, ""},
		{"before CN control", []string{"list", "--controlled-in", "CN", "--at", "2024-08-31"},
			[]string{"\nephedrine "}, []string{"\n4-ap ", "\nboc-4-ap "}, ""},
		{"after CN control", []string{"list", "--controlled-in", "CN", "--at", "2024-09-01"},
			[]string{"\n4-ap ", "\nboc-4-ap ", "\nnorfentanyl "}, []string{"\naniline "}, ""},
		{"role drug", []string{"list", "--role", "drug"}, []string{"\nfentanyl "}, []string{"\nnpp "}, "1 entry\n"},
		{"flags after nothing", []string{"list", "--family", "4-ap"}, []string{"\n4-ap ", "\nboc-4-ap "}, []string{"\nnpp "}, "5 entries\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCat(t, tt.args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, s := range tt.has {
				if !strings.Contains(out, s) {
					t.Errorf("output lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(out, s) {
					t.Errorf("output has %q:\n%s", s, out)
				}
			}
			if tt.wantCountLine != "" && !strings.HasSuffix(out, tt.wantCountLine) {
				t.Errorf("output does not end with %q:\n%s", tt.wantCountLine, out)
			}
		})
	}
}

func TestCatalogListJSON(t *testing.T) {
	code, out, errs := runCat(t, "list", "--family", "4-ap", "--json", "--at", "2024-09-01")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var entries []entryJSON
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	if len(entries) != 5 || entries[0].ID != "4-ap" || entries[1].ID != "boc-4-ap" {
		t.Fatalf("entries = %+v", entries)
	}
	ap := entries[0]
	if strings.Join(ap.ControlledIn, ",") != "UN,US,CN,MX,EU,CA" || ap.Watchlist {
		t.Errorf("4-ap controlled_in = %v, watchlist %v", ap.ControlledIn, ap.Watchlist)
	}
	if len(ap.CAS) != 2 || ap.CAS[1].Number != "99918-43-1" || ap.CAS[1].Form != "dihydrochloride" {
		t.Errorf("4-ap cas = %+v", ap.CAS)
	}
	var cn *controlJSON
	for i := range ap.Controls {
		if ap.Controls[i].Jurisdiction == "CN" {
			cn = &ap.Controls[i]
		}
	}
	if cn == nil || cn.Effective != "2024-09-01" || len(cn.Sources) == 0 || cn.Status != "in force" {
		t.Errorf("4-ap CN control = %+v", cn)
	}
	if len(ap.DateUnknownIn) != 0 || ap.Structure.InChIKey != "LKRMTUUCKBQGFO-UHFFFAOYSA-N" {
		t.Errorf("4-ap date_unknown_in = %v, structure %+v", ap.DateUnknownIn, ap.Structure)
	}
	boc := entries[1]
	if strings.Join(boc.DateUnknownIn, ",") != "CA" {
		t.Errorf("boc-4-ap date_unknown_in = %v, want CA (undated temporary order)", boc.DateUnknownIn)
	}
	for _, c := range boc.Controls {
		if c.Jurisdiction == "CA" && (c.Effective != "unknown" || c.Reason == "" || c.InForceBy != "2022-08-31" || c.Status != "in force, date unknown") {
			t.Errorf("boc-4-ap CA control = %+v", c)
		}
	}
}

func TestCatalogUsageErrors(t *testing.T) {
	tests := [][]string{
		{},
		{"frobnicate"},
		{"list", "--role", "solvent"},
		{"list", "--controlled-in", "UK"},
		{"list", "--family", "no-such-family"},
		{"list", "extra"},
		{"list", "--at", "31/08/2024"},
		{"list", "--no-such-flag"},
		{"lookup"},
		{"lookup", "--hs", "29x3", "NPP"},
	}
	for _, args := range tests {
		code, _, errs := runCat(t, args...)
		if code != exitUsage {
			t.Errorf("catalog %v: exit %d, want %d (stderr %q)", args, code, exitUsage, errs)
		}
	}
	if code, _, _ := runCat(t, "list", "-h"); code != exitOK {
		t.Errorf("list -h: exit %d, want 0", code)
	}
}

func TestCatalogLookup(t *testing.T) {
	tests := []struct {
		name string
		args []string
		has  []string
	}{
		{"abbreviation", []string{"lookup", "--at", "2024-09-01", "4-AP", "25kg", "drum"}, []string{"4-ap", "UN US CN MX EU"}},
		{"flags after text", []string{"lookup", "N-phenethyl-4-piperidone", "--hs", "2933.39"}, []string{"npp", "consistent"}},
		{"cas field", []string{"lookup", "--cas", "79099-07-3", "pharmaceutical", "intermediate"}, []string{"boc-4-piperidone", "cas"}},
		{"nothing", []string{"lookup", "cotton", "t-shirts"}, []string{"no catalog match"}},
		{"trap CAS", []string{"lookup", "CAS", "1609-66-5"}, []string{"invalid CAS 1609-66-5", "want 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCat(t, tt.args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, s := range tt.has {
				if !strings.Contains(out, s) {
					t.Errorf("output lacks %q:\n%s", s, out)
				}
			}
		})
	}
}

func TestCatalogLookupJSON(t *testing.T) {
	code, out, errs := runCat(t, "lookup", "--json", "--at", "2024-08-31", "--hs", "293339", "4-anilinopiperidine", "dihydrochloride")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res lookupJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	if res.Item.HSCode != "293339" || res.At != "2024-08-31" {
		t.Errorf("item = %+v, at %s", res.Item, res.At)
	}
	if len(res.Matches) == 0 || res.Matches[0].ID != "4-ap" {
		t.Fatalf("matches = %+v", res.Matches)
	}
	m := res.Matches[0]
	if m.HS != "consistent" || strings.Contains(strings.Join(m.ControlledIn, ","), "CN") {
		t.Errorf("match = %+v (CN control starts 2024-09-01)", m)
	}
	if got := res.Item.Description[m.Start:m.End]; got != m.Text {
		t.Errorf("span [%d:%d] = %q, text %q", m.Start, m.End, got, m.Text)
	}
}

func TestCatalogShow(t *testing.T) {
	tests := []struct {
		args []string
		code int
		has  []string
	}{
		{[]string{"show", "--at", "2024-08-31", "4-ap"}, exitOK, []string{
			"4-ap  4-Anilinopiperidine", "99918-43-1 (dihydrochloride)", "Controls at 2024-08-31: UN US MX EU",
			"CN  Category II, since 2024-09-01, published 2024-08-02 [S26]", "Structure:     LKRMTUUCKBQGFO-UHFFFAOYSA-N", "it       N-fenilpiperidin-4-ammina [curated, EU-2023-196-IT]", "S26     ChemRadar",
			// cited only by the UN and US controls, still listed under Sources
			"\n    S16     INCB press release", "\n    S7      DEA, Designation of Halides"}},
		{[]string{"show", "1609-66-1"}, exitOK, []string{"norfentanyl  Norfentanyl"}},
		{[]string{"show", "aniline"}, exitOK, []string{"Controls at", "watch-list"}},
		{[]string{"show", "1609-66-5"}, exitFindings, nil},
		{[]string{"show"}, exitUsage, nil},
	}
	for _, tt := range tests {
		code, out, errs := runCat(t, tt.args...)
		if code != tt.code {
			t.Errorf("catalog %v: exit %d, want %d (stderr %q)", tt.args, code, tt.code, errs)
		}
		for _, s := range tt.has {
			if !strings.Contains(out, s) {
				t.Errorf("catalog %v: output lacks %q:\n%s", tt.args, s, out)
			}
		}
	}
}

func TestParseInterleaved(t *testing.T) {
	o, err := parseLookupFlags([]string{"a", "--json", "b", "--", "--hs"}, stdio{err: &bytes.Buffer{}})
	if err != nil || !o.json || o.text != "a b --hs" {
		t.Errorf("got %+v, %v; want json and text %q", o, err, "a b --hs")
	}
	var ue usageError
	if _, err := parseLookupFlags([]string{"--bogus"}, stdio{err: &bytes.Buffer{}}); !errors.As(err, &ue) {
		t.Errorf("unknown flag: %v, want a usage error", err)
	}
}
