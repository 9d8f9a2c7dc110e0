package manifest

import (
	"encoding/json"
	"os"
	"testing"
)

// benchEvent is a typical event: about 2 KB, 4 items, two unknown fields.
func benchEvent(b *testing.B) []byte {
	data, err := os.ReadFile("testdata/good/typical_2kb.json")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Decode(data); err != nil {
		b.Fatal(err)
	}
	return data
}

func reportRate(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "manifests/s")
}

// BenchmarkDecode is the fast decoder, allocating a new Manifest each time.
func BenchmarkDecode(b *testing.B) {
	data := benchEvent(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
}

// BenchmarkDecodeInto is the hot-path form: one Manifest reused per worker.
func BenchmarkDecodeInto(b *testing.B) {
	data := benchEvent(b)
	var m Manifest
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := DecodeInto(data, &m); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
}

// BenchmarkDecodeStdlib is the baseline: encoding/json plus the same
// validation and normalisation (the reference decoder of the fuzz test).
func BenchmarkDecodeStdlib(b *testing.B) {
	data := benchEvent(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := refDecode(data); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
}

// BenchmarkUnmarshalStdlib is plain json.Unmarshal into Manifest with no
// validation at all: the floor for any encoding/json-based decoder.
func BenchmarkUnmarshalStdlib(b *testing.B) {
	data := benchEvent(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var m Manifest
		if err := json.Unmarshal(data, &m); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
}

func BenchmarkEncode(b *testing.B) {
	m, err := Decode(benchEvent(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(m); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDecodeIntoAllocs guards the hot path: decoding an event whose values
// are already canonical into a reused Manifest costs one allocation (the
// buffer of the copies of the strings it keeps).
func TestDecodeIntoAllocs(t *testing.T) {
	data := []byte(`{"shipment_id":"S-1","event_time":"2026-01-01T00:00:00Z","mode":"ocean",` +
		`"origin":{"country":"CN","locode":"CNSHA"},"shipper":{"name":"A","country":"CN"},` +
		`"declared_value":{"amount":10,"currency":"USD"},"x":[1,{"y":null}],` +
		`"items":[{"description":"Aniline","hs_code":"292141","cas":"62-53-3","quantity":"5","unit":"kg"},` +
		`{"description":"Boxes","unit":"BOXES","quantity":3}]}`)
	var m Manifest
	if err := DecodeInto(data, &m); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = DecodeInto(data, &m) }); n > 1 {
		t.Errorf("DecodeInto made %v allocations per event, want 1", n)
	}
}
