package manifest

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzDecodeManifest checks that Decode never panics, that whatever it
// accepts is valid and normalised, that it agrees with the encoding/json
// reference decoder, that Encode round-trips, and that DecodeInto gives the
// same result into a dirty Manifest.
func FuzzDecodeManifest(f *testing.F) {
	for _, dir := range []string{"testdata/good", "testdata/bad"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add([]byte(`{"shipment_id":"a\ud800\udc00b","event_time":"2026-01-02T03:04:05Z","items":[{"description":"\u00e9"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(data)
		checkDecodeResult(t, data, m, err)
	})
}

func checkDecodeResult(t *testing.T, data []byte, m *Manifest, err error) {
	t.Helper()
	ref, refErr := refDecode(data)
	comparable := plainKeys(data)
	checkOwned(t, data, m, err)
	if err != nil {
		var de *Error
		if !errors.As(err, &de) {
			t.Fatalf("error is not *Error: %v", err)
		}
		if comparable && refErr == nil && !strings.Contains(err.Error(), "nesting depth") {
			t.Fatalf("fast decoder rejects what encoding/json accepts: %v\ninput: %q", err, data)
		}
		return
	}
	checkInvariants(t, m)
	if comparable {
		if refErr != nil {
			t.Fatalf("fast decoder accepts what encoding/json rejects (%v)\ninput: %q", refErr, data)
		}
		if !sameManifest(m, ref) {
			t.Fatalf("decoders disagree on %q\nfast: %+v\nref:  %+v", data, m, ref)
		}
	}
	enc, err := Encode(m)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	back, err := Decode(enc)
	if err != nil || !sameManifest(back, m) {
		t.Fatalf("round trip: %v\nencoded: %s\nwant: %+v\ngot:  %+v", err, enc, m, back)
	}
	dirty := dirtyManifest()
	if err := DecodeInto(data, dirty); err != nil || !sameManifest(dirty, m) {
		t.Fatalf("DecodeInto into a used Manifest: %v\nwant: %+v\ngot:  %+v", err, m, dirty)
	}
}

// dirtyManifest returns a Manifest with every field set, whose slices have
// spare capacity, to catch state that DecodeInto fails to reset.
func dirtyManifest() *Manifest {
	d := &Manifest{
		SchemaVersion: 9, ShipmentID: "old", EventType: EventCancelled, Mode: ModeRail,
		Origin: Place{"DE", "DEHAM"}, Destination: Place{"FR", ""}, Shipper: Party{"x", "y", "DE"},
		Consignee: Party{Name: "c"}, NotifyParty: Party{Address: "n"}, DeclaredValue: Money{5, "EUR"},
	}
	d.Route = make([]Place, 3, 8)
	d.Route[0] = Place{"NL", "NLRTM"}
	d.Items = make([]Item, 4, 16)
	for i := range d.Items {
		d.Items[i] = Item{Line: 99, Description: "old", HSCode: "2939", CAS: "1-1-1", Quantity: 1, Unit: "kg", GrossWeightKg: 3}
	}
	return d
}

func checkInvariants(t *testing.T, m *Manifest) {
	t.Helper()
	if m.SchemaVersion != SchemaVersion || m.ShipmentID == "" || m.EventTime.IsZero() {
		t.Fatalf("missing required field: %+v", m)
	}
	if m.EventTime.Location().String() != "UTC" {
		t.Fatalf("event_time not in UTC: %v", m.EventTime)
	}
	if len(m.Items) < 1 || len(m.Items) > MaxItems {
		t.Fatalf("%d items", len(m.Items))
	}
	places := append([]Place{m.Origin, m.Destination}, m.Route...)
	for _, p := range places {
		if p != (Place{}) && !ValidCountry(p.Country) || p.Country != strings.ToUpper(p.Country) {
			t.Fatalf("bad place %+v", p)
		}
	}
	for _, it := range m.Items {
		if it.Line < 1 || it.Description == "" || it.Quantity < 0 || it.GrossWeightKg < 0 {
			t.Fatalf("bad item %+v", it)
		}
		if it.Unit != "" {
			if u, err := normUnit(it.Unit); err != nil || u != it.Unit {
				t.Fatalf("unit %q not canonical", it.Unit)
			}
		}
		if strings.Trim(it.HSCode, "0123456789") != "" {
			t.Fatalf("hs_code %q not digits", it.HSCode)
		}
	}
}

// sameManifest compares two manifests, treating a nil and an empty route
// (or item list) alike: DecodeInto keeps the capacity of reused slices.
func sameManifest(a, b *Manifest) bool {
	ca, cb := *a, *b
	for _, m := range []*Manifest{&ca, &cb} {
		if len(m.Route) == 0 {
			m.Route = nil
		}
		if len(m.Items) == 0 {
			m.Items = nil
		}
	}
	return reflect.DeepEqual(ca, cb)
}

// TestDifferential runs the fuzz property on hand-picked corner cases.
func TestDifferential(t *testing.T) {
	const head = `"shipment_id":"S","event_time":"2026-01-01T00:00:00Z"`
	inputs := []string{
		`{` + head + `,"items":[{"description":"\ud83e\uddea \ud800\u0041 \udc00\ud800 \\u"}]}`,
		`{"shipment\u005fid":"S","event_time":"2026-01-01T00:00:00Z","items":[{"description":"d"}]}`,
		`{` + head + `,"items":[{"description":"d","quantity":-0,"gross_weight_kg":-0.0e5}]}`,
		`{` + head + `,"items":[{"description":"d","quantity":1E+2,"gross_weight_kg":"0.5E-1"}]}`,
		`{` + head + `,"items":[{"description":"d","quantity":"-0"}]}`,
		`{` + head + `,"items":[{"description":"d","quantity":"1."}]}`,
		`{` + head + `,"items":[{"description":"d","quantity":.5}]}`,
		`{` + head + `,"items":[{"description":"d","line":1e0}]}`,
		`{` + head + `,"items":[{"description":"d","line":-1}]}`,
		`{` + head + `,"schema_version":1.0,"items":[{"description":"d"}]}`,
		`{` + head + `,"schema_version":true,"items":[{"description":"d"}]}`,
		`{` + head + `,"items":[{"description":"d"}],"u":{"a":[{},[],"",0,-1.5e3,true,false,null]}}`,
		`{` + head + `,"items":[{"description":"d"}],"u":[1,]}`,
		`{` + head + `,"items":[{"description":"d"}],"u":tru}`,
		`{` + head + `,"items":[{"description":"d"}]}  ` + "\n\t",
		`{` + head + `,"items":[{"description":"d"}]}{}`,
		`{` + head + `,"items":[{"description":"d"}],"origin":{"locode":"cn sha","country":"cn"}}`,
		`{` + head + `,"items":[{"description":"d"}],"origin":{"locode":"CN  SHA"}}`,
		`{` + head + `,"items":[{"description":"d"}],"route":[]}`,
		`{` + head + `,"items":[{"description":"d"}],"declared_value":{}}`,
		`{` + head + `,"items":[{"description":"d","unit":"Metric   Tonnes."}]}`,
		`{` + head + `,"items":[{"description":"d","hs_code":" . "}]}`,
		`{"shipment_id":" \u00a0S ","event_time":"2026-01-01T00:00:00.5+14:00","items":[{"description":"d"}]}`,
		`{"shipment_id":"S","event_time":"2026-13-01T00:00:00Z","items":[{"description":"d"}]}`,
		"\ufeff{" + head + `,"items":[{"description":"d"}]}`,
		`{` + head + `,"items":[{"description":"d"}],"mode":"  AIR "}`,
	}
	for _, in := range inputs {
		m, err := Decode([]byte(in))
		checkDecodeResult(t, []byte(in), m, err)
	}
}

// FuzzDecodeFields fuzzes field values inside an otherwise valid event, so
// that the normalisers get inputs that reach them.
func FuzzDecodeFields(f *testing.F) {
	f.Add("KGS", "2933.39.90", "cn", "CN SHA", "25", " Aniline ", "Filed", "2026-01-01T00:00:00+08:00")
	f.Add("metric ton", "2939", "XK", "mxzlo", "1e3", "\u00e9", "amended", "2026-01-01T00:00:00Z")
	f.Add("lbs.", "29 33", "US", "US NYC", "-0", "d", "", "2026-01-01T00:00:00.999Z")
	f.Fuzz(func(t *testing.T, unit, hs, country, locode, qty, desc, event, at string) {
		q := func(s string) string {
			b, _ := json.Marshal(s)
			return string(b)
		}
		data := []byte(`{"shipment_id":"S","event_time":` + q(at) + `,"event_type":` + q(event) +
			`,"origin":{"country":` + q(country) + `,"locode":` + q(locode) + `}` +
			`,"declared_value":{"amount":` + q(qty) + `,"currency":` + q(unit) + `}` +
			`,"items":[{"description":` + q(desc) + `,"hs_code":` + q(hs) + `,"unit":` + q(unit) +
			`,"quantity":` + q(qty) + `}]}`)
		m, err := Decode(data)
		checkDecodeResult(t, data, m, err)
	})
}
