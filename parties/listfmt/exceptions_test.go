package listfmt

import (
	"os"
	"strings"
	"testing"
)

func TestParseExceptions(t *testing.T) {
	data, err := os.ReadFile("../testdata/exceptions/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	xs, err := ParseExceptions("good.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(xs) != 2 || xs[0].Country != "DE" || xs[1].Role != "consignee" || xs[1].Entry != "990008" || xs[0].Pos.Line != 3 {
		t.Fatalf("parsed %+v", xs)
	}
}

// Every problem of an exceptions file is reported at its position.
func TestParseExceptionsBad(t *testing.T) {
	data, err := os.ReadFile("../testdata/exceptions/bad.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ParseExceptions("bad.yaml", data)
	var got []string
	for _, e := range Diagnostics(err) {
		got = append(got, e.Error())
	}
	want := []string{
		`bad.yaml:2:5: exception "EX-1": author is empty`,
		`bad.yaml:3:52: exception party: country "Germany": want an upper-case ISO 3166-1 alpha-2 code`,
		`bad.yaml:9:14: exception "EX-1": expires more than a year after it was created: review false matches at least yearly`,
		`bad.yaml:10:5: exception: missing key "author"`,
		`bad.yaml:10:5: exception "EX-1" repeats the id of the exception at line 2`,
		`bad.yaml:12:11: exception: "buyer" is none of shipper, consignee, notify_party`,
		`bad.yaml:16:14: exception: date "31/12/2025": want YYYY-MM-DD`,
		`bad.yaml:17:5: exception: unknown key "note"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func FuzzParseExceptions(f *testing.F) {
	for _, p := range []string{"../testdata/exceptions/good.yaml", "../testdata/exceptions/bad.yaml"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		xs, err := ParseExceptions("fuzz", data)
		if err != nil && xs != nil {
			t.Fatal("exceptions returned with an error")
		}
		for _, x := range xs {
			if x.ID == "" || x.List == "" || x.Entry == "" || x.Expires.IsZero() {
				t.Fatalf("accepted incomplete exception %+v", x)
			}
		}
	})
}
