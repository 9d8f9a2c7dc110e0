package listfmt

import (
	"os"
	"testing"
)

// fuzzParse checks what every parser promises on any input: no panic, and
// either a list whose entries all have an id and a name, or an error made
// of positioned diagnostics.
func fuzzParse(f *testing.F, format Format, seeds ...string) {
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse("fuzz", data, format, Limits{MaxEntries: 1000, MaxErrors: 20})
		if err != nil {
			if l != nil {
				t.Fatal("a list returned with an error")
			}
			if len(Diagnostics(err)) == 0 {
				t.Fatalf("an error without diagnostics: %v", err)
			}
			return
		}
		for _, e := range l.Entries {
			if e.ID == "" || len(e.Names) == 0 || e.Names[0].Text == "" {
				t.Fatalf("accepted entry without id or name: %+v", e)
			}
		}
	})
}

func FuzzParseOFACXML(f *testing.F) {
	fuzzParse(f, FormatOFACXML, "testdata/good/ofac_sdn.xml", "testdata/bad/ofac_entries.xml")
}

func FuzzParseOFACCSV(f *testing.F) {
	fuzzParse(f, FormatOFACCSV, "testdata/good/sdn.csv", "testdata/bad/csv/sdn.csv")
}

func FuzzParseUNXML(f *testing.F) {
	fuzzParse(f, FormatUNXML, "testdata/good/un_consolidated.xml", "testdata/bad/un_entries.xml")
}

func FuzzParseEUXML(f *testing.F) {
	fuzzParse(f, FormatEUXML, "testdata/good/eu_fsf.xml", "testdata/bad/eu_entries.xml")
}

func FuzzParseFtM(f *testing.F) {
	fuzzParse(f, FormatFtM, "testdata/good/ftm/entities.ftm.json", "testdata/good/ftmnested/targets.nested.json", "testdata/bad/ftm.jsonl")
}

func FuzzParseCurated(f *testing.F) {
	fuzzParse(f, FormatCurated, "testdata/good/curated.yaml", "testdata/bad/curated.yaml")
}

func FuzzSniff(f *testing.F) {
	f.Add([]byte("<sdnList>"))
	f.Add([]byte("list:\nentries:\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if format, err := Sniff(data); (format == "") == (err == nil) {
			t.Fatalf("Sniff = %q, %v: want exactly one of a format and an error", format, err)
		}
	})
}
