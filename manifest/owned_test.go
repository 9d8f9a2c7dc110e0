package manifest

import (
	"errors"
	"reflect"
	"testing"
	"unsafe"
)

// checkOwned checks that DecodeOwnedInto, into a used Manifest, returns
// what Decode returned for data: the same manifest, or an equal error.
func checkOwned(t *testing.T, data []byte, m *Manifest, err error) {
	t.Helper()
	own := append([]byte(nil), data...)
	dirty := dirtyManifest()
	ownErr := DecodeOwnedInto(own, dirty)
	if !reflect.DeepEqual(ownErr, err) {
		t.Fatalf("DecodeOwnedInto error %v, Decode error %v\ninput: %q", ownErr, err, data)
	}
	if err == nil && !sameManifest(dirty, m) {
		t.Fatalf("DecodeOwnedInto disagrees with Decode on %q\nwant: %+v\ngot:  %+v", data, m, dirty)
	}
	copied := dirtyManifest()
	if err := DecodeInto(own, copied); err == nil {
		checkDetached(t, own, copied)
	} else {
		var e *Error
		if errors.As(err, &e) && (aliases(e.Path, own) || aliases(e.Msg, own)) {
			t.Fatalf("DecodeInto error %v shares memory with the input", err)
		}
	}
}

// aliases reports whether s points into b, even if empty (and so keeps b
// alive). An empty substring points at the start of the string it was cut
// from, never past its end, which may be the start of another object.
func aliases(s string, b []byte) bool {
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return p != 0 && lo != 0 && p >= lo && p < lo+uintptr(len(b))
}

// stringsOf returns every string field of m, found by reflection.
func stringsOf(m *Manifest) []string {
	var out []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			out = append(out, v.String())
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(m).Elem())
	return out
}

// checkDetached checks that no string of m points into data, as DecodeInto
// promises.
func checkDetached(t *testing.T, data []byte, m *Manifest) {
	t.Helper()
	for _, s := range stringsOf(m) {
		if aliases(s, data) {
			t.Fatalf("DecodeInto result shares %q with the input %q", s, data)
		}
	}
}

// TestDecodeOwnedIntoAliases pins down the difference between the two entry
// points: DecodeOwnedInto returns strings that point into the caller's
// bytes, DecodeInto never does.
func TestDecodeOwnedIntoAliases(t *testing.T) {
	data := []byte(`{"shipment_id":"S-1","event_time":"2026-01-01T00:00:00Z",` +
		`"shipper":{"name":"Acme","country":"CN"},"items":[{"description":"Aniline"}]}`)
	var m Manifest
	for _, tc := range []struct {
		name   string
		decode func([]byte, *Manifest) error
		alias  bool
	}{
		{"DecodeInto", DecodeInto, false},
		{"DecodeOwnedInto", DecodeOwnedInto, true},
	} {
		if err := tc.decode(data, &m); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for _, s := range []string{m.ShipmentID, m.Shipper.Name, m.Items[0].Description} {
			if aliases(s, data) != tc.alias {
				t.Errorf("%s: %q inside the input is %v, want %v", tc.name, s, !tc.alias, tc.alias)
			}
		}
	}
}

// TestDecodeOwnedIntoErrors checks that the owned entry point reports the
// same errors, including the checks made before any parsing.
func TestDecodeOwnedIntoErrors(t *testing.T) {
	for _, in := range []string{
		"",
		"\xff",
		`{"shipment_id":"S","shipment_id":"S"}`,
		`{"shipment_id":"S","event_time":"2026-01-01T00:00:00Z","items":[{"description":"d","unit":"furlong"}]}`,
		`{"schema_version":2}`,
		`[`,
	} {
		_, err := Decode([]byte(in))
		if err == nil {
			t.Fatalf("Decode(%q) succeeded", in)
		}
		checkOwned(t, []byte(in), nil, err)
	}
	big := make([]byte, MaxEventBytes+1)
	var m Manifest
	if err, want := DecodeOwnedInto(big, &m), DecodeInto(big, &m); !reflect.DeepEqual(err, want) {
		t.Errorf("too large: got %v, want %v", err, want)
	}
}

// TestDecodeOwnedIntoAllocs: without the copy of the event, decoding a
// canonical event into a reused Manifest allocates nothing.
func TestDecodeOwnedIntoAllocs(t *testing.T) {
	data := []byte(`{"shipment_id":"S-1","event_time":"2026-01-01T00:00:00Z","mode":"ocean",` +
		`"origin":{"country":"CN","locode":"CNSHA"},"shipper":{"name":"A","country":"CN"},` +
		`"declared_value":{"amount":10.25,"currency":"USD"},"x":[1,{"y":null}],` +
		`"items":[{"description":"Aniline","hs_code":"292141","cas":"62-53-3","quantity":"5","unit":"kg"},` +
		`{"description":"Boxes","unit":"BOXES","quantity":3.5}]}`)
	var m Manifest
	if err := DecodeOwnedInto(data, &m); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = DecodeOwnedInto(data, &m) }); n != 0 {
		t.Errorf("DecodeOwnedInto made %v allocations per event, want 0", n)
	}
}

// TestDecodeIntoDetached checks that DecodeInto keeps no pointer into the
// caller's bytes, not even from an empty string, which would keep them
// alive.
func TestDecodeIntoDetached(t *testing.T) {
	for _, in := range []string{
		`{"shipment_id":"S","event_time":"2026-01-01T00:00:00Z","items":[{"description":"d","cas":""}]}`,
		`{"shipment_id":"S","event_time":"2026-01-01T00:00:00Z","shipper":{"name":" ","address":""},` +
			`"origin":{"locode":"cnsha"},"destination":{"locode":"USNYC"},"route":[{"country":"NL","locode":"NL RTM"}],` +
			`"items":[{"description":"d","hs_code":"2933","cas":" 62-53-3 ","unit":"Kg"}]}`,
	} {
		data := []byte(in)
		m := dirtyManifest()
		if err := DecodeInto(data, m); err != nil {
			t.Fatal(err)
		}
		checkDetached(t, data, m)
	}
}
