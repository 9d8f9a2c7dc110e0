package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the decoded result:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestDecodeGood decodes testdata/good/*.json and compares the canonical
// encoding of the result with the matching .golden file.
func TestDecodeGood(t *testing.T) {
	files, _ := filepath.Glob("testdata/good/*.json")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Decode(data)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			checkDecodeResult(t, data, m, nil)
			enc, err := Encode(m)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := json.Indent(&out, enc, "", "  "); err != nil {
				t.Fatal(err)
			}
			out.WriteByte('\n')
			golden(t, strings.TrimSuffix(name, ".json")+".golden", out.Bytes())
		})
	}
}

// TestDecodeBad decodes testdata/bad/*.json and compares "kind: error" with
// the matching .err file.
func TestDecodeBad(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.json")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Decode(data)
			if err == nil {
				t.Fatalf("Decode accepted %s: %+v", name, m)
			}
			if m != nil {
				t.Errorf("Decode returned a manifest with an error")
			}
			checkDecodeResult(t, data, nil, err)
			got := fmt.Sprintf("%s: %v\n", KindOf(err), err)
			golden(t, strings.TrimSuffix(name, ".json")+".err", []byte(got))
		})
	}
}

func TestDecodeTooLarge(t *testing.T) {
	data := make([]byte, MaxEventBytes+1)
	for i := range data {
		data[i] = ' ' // white space: valid JSON padding, refused for size alone
	}
	_, err := Decode(data)
	if KindOf(err) != KindTooLarge {
		t.Fatalf("got %v, want kind %s", err, KindTooLarge)
	}
	if _, err := Decode(data[:MaxEventBytes]); KindOf(err) == KindTooLarge {
		t.Fatalf("an event of exactly MaxEventBytes must not be refused for size: %v", err)
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		err  error
		want ErrorKind
	}{
		{nil, ""},
		{errors.New("other"), KindInvalid},
		{&Error{Kind: KindSyntax}, KindSyntax},
		{fmt.Errorf("decode manifest: %w", &Error{Kind: KindVersion}), KindVersion},
	}
	for _, tt := range tests {
		if got := KindOf(tt.err); got != tt.want {
			t.Errorf("KindOf(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
	e := &Error{Kind: KindInvalid, Path: "items[3].hs_code", Msg: "bad"}
	if e.Error() != "items[3].hs_code: bad" {
		t.Errorf("Error() = %q", e.Error())
	}
}

// TestNormalise covers one field at a time, on top of a valid event.
func TestNormalise(t *testing.T) {
	tests := []struct {
		item string // JSON members of items[0] besides description
		want Item
	}{
		{`"hs_code":"2933.39"`, Item{HSCode: "293339"}},
		{`"hs_code":" 2933 39 90 "`, Item{HSCode: "29333990"}},
		{`"unit":"Kilogram","quantity":"25"`, Item{Unit: "kg", Quantity: 25}},
		{`"unit":"kilo","quantity":0.5`, Item{Unit: "kg", Quantity: 0.5}},
		{`"unit":"tonnes"`, Item{Unit: "t"}},
		{`"unit":"Pounds"`, Item{Unit: "lb"}},
		{`"unit":"LTR"`, Item{Unit: "l"}},
		{`"unit":"pieces"`, Item{Unit: "pcs"}},
		{`"unit":"Drums"`, Item{Unit: "drum"}},
		{`"unit":"carton"`, Item{Unit: "carton"}},
		{`"cas":"  110-89-4 "`, Item{CAS: "110-89-4"}},
		{`"line":42,"gross_weight_kg":1e2`, Item{Line: 42, GrossWeightKg: 100}},
	}
	for _, tt := range tests {
		data := `{"shipment_id":"S","event_time":"2026-01-01T00:00:00Z","items":[{"description":" d ",` + tt.item + `}]}`
		m, err := Decode([]byte(data))
		if err != nil {
			t.Errorf("%s: %v", tt.item, err)
			continue
		}
		want := tt.want
		want.Description = "d"
		if want.Line == 0 {
			want.Line = 1
		}
		if m.Items[0] != want {
			t.Errorf("%s:\ngot  %+v\nwant %+v", tt.item, m.Items[0], want)
		}
	}
}

func TestPlaceNormalise(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"country":"cn"}`, `{CN }`},
		{`{"country":" mx ","locode":"mx zlo"}`, `{MX MXZLO}`},
		{`{"locode":"CNSHA"}`, `{CN CNSHA}`},
		{`{"country":"US","locode":"NLRTM"}`, `{US NLRTM}`}, // tolerated: transshipment filings
		{`{"country":"HK","locode":"hk hkg"}`, `{HK HKHKG}`},
	}
	for _, tt := range tests {
		data := `{"shipment_id":"S","event_time":"2026-01-01T00:00:00Z","origin":` + tt.in + `,"items":[{"description":"d"}]}`
		m, err := Decode([]byte(data))
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if got := fmt.Sprint(m.Origin); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestDefaults(t *testing.T) {
	m, err := Decode([]byte(`{"shipment_id":"S","event_time":"2026-05-06T07:08:09+02:00","items":[{"description":"a"},{"description":"b","line":10},{"description":"c"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if m.SchemaVersion != 1 || m.EventType != EventFiled || m.Mode != "" {
		t.Errorf("defaults: %+v", m)
	}
	if want := time.Date(2026, 5, 6, 5, 8, 9, 0, time.UTC); !m.EventTime.Equal(want) || m.EventTime.Location() != time.UTC {
		t.Errorf("event_time = %v, want %v in UTC", m.EventTime, want)
	}
	var lines []int
	for _, it := range m.Items {
		lines = append(lines, it.Line)
	}
	if fmt.Sprint(lines) != "[1 10 3]" {
		t.Errorf("lines = %v, want [1 10 3] (absent line = index+1)", lines)
	}
}

func TestKg(t *testing.T) {
	tests := []struct {
		it   Item
		want float64
	}{
		{Item{Quantity: 25, Unit: UnitKg}, 25},
		{Item{Quantity: 500, Unit: UnitG}, 0.5},
		{Item{Quantity: 2, Unit: UnitTonne}, 2000},
		{Item{Quantity: 100, Unit: UnitLb}, 45.359237},
		{Item{Quantity: 4, Unit: UnitDrum, GrossWeightKg: 820}, 820},
		{Item{Quantity: 3, Unit: UnitL, GrossWeightKg: 3.3}, 3.3},
		{Item{Unit: UnitKg, GrossWeightKg: 7}, 7},
		{Item{Quantity: 9}, 0},
	}
	for _, tt := range tests {
		if got := tt.it.Kg(); got != tt.want {
			t.Errorf("%+v.Kg() = %v, want %v", tt.it, got, tt.want)
		}
	}
	m := &Manifest{Items: []Item{{}, {Quantity: 1, Unit: UnitTonne}}}
	if m.KgOf(1) != 1000 {
		t.Errorf("KgOf(1) = %v", m.KgOf(1))
	}
}

func TestCodeTables(t *testing.T) {
	if n := len(countryCodes) / 2; n != 249 {
		t.Errorf("%d country codes, ISO 3166-1 assigns 249", n)
	}
	for _, list := range []struct {
		codes string
		width int
	}{{countryCodes, 2}, {currencyCodes, 3}} {
		prev := ""
		for i := 0; i < len(list.codes); i += list.width {
			c := list.codes[i : i+list.width]
			if c <= prev {
				t.Errorf("code list not sorted or has duplicates at %q after %q", c, prev)
			}
			prev = c
		}
	}
	for _, c := range []string{"CN", "mx", "Us", "HK", "TW", "SS", "BQ"} {
		if !ValidCountry(c) {
			t.Errorf("ValidCountry(%q) = false", c)
		}
	}
	for _, c := range []string{"XK", "UK", "EU", "ZZ", "C", "CNN", "C1", ""} {
		if ValidCountry(c) {
			t.Errorf("ValidCountry(%q) = true", c)
		}
	}
}
