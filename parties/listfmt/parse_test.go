package listfmt

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// goodFiles are fixtures in each real schema; each has a golden file
// holding the parsed list as JSON.
var goodFiles = []struct {
	path   string
	format Format
}{
	{"testdata/good/ofac_sdn.xml", FormatOFACXML},
	{"testdata/good/ofac_consolidated.xml", FormatOFACXML},
	{"testdata/good/sdn.csv", FormatOFACCSV},
	{"testdata/good/un_consolidated.xml", FormatUNXML},
	{"testdata/good/eu_fsf.xml", FormatEUXML},
	{"testdata/good/ftm/entities.ftm.json", FormatFtM},
	{"testdata/good/ftmnested/targets.nested.json", FormatFtM},
	{"testdata/good/curated.yaml", FormatCurated},
}

func TestReadFileGood(t *testing.T) {
	for _, tc := range goodFiles {
		t.Run(tc.path, func(t *testing.T) {
			f, err := ReadFile(tc.path, "", Limits{})
			if err != nil {
				for _, e := range Diagnostics(err) {
					t.Log(e)
				}
				t.Fatalf("ReadFile: %v", err)
			}
			if f.List.Format != tc.format {
				t.Errorf("format %s, want %s", f.List.Format, tc.format)
			}
			if len(f.SHA256) != 64 || f.Bytes == 0 {
				t.Errorf("SHA256 %q, Bytes %d: want a hash and a size", f.SHA256, f.Bytes)
			}
			if f.List.PublishedFrom == "file-mtime" {
				f.List.Published = time.Time{} // the checkout's time, not the fixture's
			}
			checkGolden(t, tc.path+".golden.json", f.List)
		})
	}
}

// checkGolden compares v, as indented JSON, with the golden file.
func checkGolden(t *testing.T, golden string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("parsed list differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
}

// Every bad fixture is refused as a whole, with every problem at its
// position: testdata/bad/NAME.err holds the expected error lines.
func TestReadFileBad(t *testing.T) {
	paths, _ := filepath.Glob("testdata/bad/*.*")
	paths = append(paths, "testdata/bad/csv/sdn.csv")
	for _, path := range paths {
		if strings.HasSuffix(path, ".err") {
			continue
		}
		t.Run(path, func(t *testing.T) {
			f, err := ReadFile(path, "", Limits{})
			if err == nil {
				t.Fatalf("ReadFile accepted a broken list (%d entries)", len(f.List.Entries))
			}
			var lines []string
			for _, e := range Diagnostics(err) {
				lines = append(lines, e.Error())
			}
			if len(lines) == 0 {
				lines = []string{err.Error()}
			}
			got := strings.Join(lines, "\n") + "\n"
			golden := strings.TrimSuffix(path, filepath.Ext(path)) + ".err"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("errors:\n%s\nwant (%s):\n%s", got, golden, want)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	for _, tc := range []struct{ head, want, err string }{
		{"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- c --><sdnList xmlns=\"x\">", "ofac-xml", ""},
		{"<CONSOLIDATED_LIST dateGenerated=\"x\">", "un-xml", ""},
		{"<fsd:export xmlns:fsd=\"x\">", "eu-xml", ""},
		{"{\"id\": \"x\"}\n", "ftm-jsonl", ""},
		{"36,\"X\",\"-0- \"", "ofac-csv", ""},
		{"# c\nlist:\n  id: x\nentries: []\n", "curated-yaml", ""},
		{"<html>", "", "XML root element <html>"},
		{"", "", "empty file"},
		{"hello", "", "not a list format"},
	} {
		got, err := Sniff([]byte(tc.head))
		if string(got) != tc.want || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("Sniff(%.30q) = %q, %v; want %q, %q", tc.head, got, err, tc.want, tc.err)
		}
	}
}

// A file past a limit is refused, not truncated.
func TestLimits(t *testing.T) {
	data, err := os.ReadFile("testdata/good/ofac_sdn.xml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lim  Limits
		want string
	}{
		{Limits{MaxBytes: 100}, "over the limit of 100"},
		{Limits{MaxEntries: 2}, "more than 2 entries"},
		{Limits{MaxNames: 2}, "has 4 names, over the limit of 2"},
		{Limits{MaxField: 20}, "over the limit of 20"},
	} {
		_, err := Parse("sdn.xml", data, FormatOFACXML, tc.lim)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("limits %+v: error %v, want %q", tc.lim, err, tc.want)
		}
	}
}

// The error list stops at MaxErrors and ends with a diagnostic saying
// that more were dropped.
func TestMaxErrors(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 50; i++ {
		b.WriteString("{broken\n")
	}
	_, err := Parse("x.jsonl", []byte(b.String()), FormatFtM, Limits{MaxErrors: 5})
	ds := Diagnostics(err)
	if len(ds) != 6 || !TooManyErrors(ds[5]) || TooManyErrors(ds[0]) {
		t.Fatalf("got %d diagnostics (%v), want 5 and one saying more were dropped", len(ds), err)
	}
	if got := ds[5].Error(); got != "x.jsonl: too many errors, more not shown (limit 5): fix these and read the file again" {
		t.Errorf("last diagnostic %q", got)
	}
}
