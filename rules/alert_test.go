package rules

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/structure"
)

// update rewrites golden files (alerts, ENV.md) instead of comparing.
var update = flag.Bool("update", false, "rewrite golden files in testdata/golden and ENV.md")

type alertCase struct {
	name string
	raw  []byte
	m    *manifest.Manifest
	en   Enrichment
}

// alertCases are scored against the test pack with hand-made enrichments,
// so the goldens depend on the encoder and the engine, not on the matcher.
func alertCases(t *testing.T, cat *chemicals.Catalog) []alertCase {
	mk := func(name string, m *manifest.Manifest, en Enrichment) alertCase {
		raw, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return alertCase{name: name, raw: raw, m: m, en: en}
	}
	high := shipment(t, "2026-03-01T00:00:00Z", "CN", "MX", "express", "Acme", 25, "4-AP, 99%")
	highEn := matched(t, cat, chemicals.HSConsistent, "4-ap")
	highEn.Items[0].Matches[0].Method = chemicals.MethodAbbreviation
	highEn.Items[0].Matches[0].Text = "4-AP"
	highEn.Items[0].InvalidCAS = []chemicals.CASFinding{{Field: chemicals.FieldCAS, Text: "23056-29-4", Want: '3', Entry: cat.Entry("4-ap")}}

	odd := shipment(t, "2026-03-01T00:00:00Z", "HK", "NL", "postal", "Ünïcode \"Quoted\" <Co>", 1,
		"Research\u2028chemical \\ tab\there", "4-anilinopiperidine")
	oddEn := matched(t, cat, chemicals.HSMismatch, "", "4-ap")
	for _, en := range []Enrichment{highEn, oddEn} {
		for i := range en.Items {
			for j := range en.Items[i].Matches {
				m := &en.Items[i].Matches[j]
				m.Start, m.End = 0, len(m.Text)
			}
		}
	}

	const halide = "N-(3,4-dichlorophenyl)piperidin-4-amine" // an uncatalogued derivative (structure_test.go)
	derivative := shipment(t, "2026-03-01T00:00:00Z", "CN", "MX", "ocean", "Acme", 25, halide+" 98%")
	derivativeEn := matched(t, cat, "", "")
	derivativeEn.Structures = [][]structure.Finding{{finding(t, cat, halide+" 98%", halide, dichloro4AP, "4-ap/core")}}
	return []alertCase{
		mk("structure", derivative, derivativeEn),
		mk("high", high, highEn),
		mk("suppressed", shipment(t, "2026-03-01T00:00:00Z", "CN", "US", "", "Reference Lab", 0.005, "4-anilinopiperidine"),
			matched(t, cat, chemicals.HSConsistent, "4-ap")),
		mk("clean", shipment(t, "2026-03-01T00:00:00Z", "DE", "FR", "ocean", "Acme", 1, "ceramic tiles"),
			matched(t, cat, "", "")),
		mk("errors_shadow_escapes", odd, oddEn),
	}
}

func buildAlert(t *testing.T, e *Engine, c alertCase) *Alert {
	t.Helper()
	r := e.Score(c.m, c.en)
	a := e.Alert(c.raw, c.m, c.en, r)
	// The embedded catalog changes independently of these goldens.
	a.Catalog = CatalogRef{Version: "test", Hash: "test"}
	return a
}

func TestAlertGolden(t *testing.T) {
	e := testEngine(t)
	for _, c := range alertCases(t, e.Catalog()) {
		t.Run(c.name, func(t *testing.T) {
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, buildAlert(t, e, c).AppendJSON(nil), "", "  "); err != nil {
				t.Fatalf("AppendJSON wrote invalid JSON: %v", err)
			}
			pretty.WriteByte('\n')
			golden := filepath.Join("testdata/golden", c.name+".json")
			if *update {
				if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("alert differs from %s (run with -update if intended):\n%s", golden, pretty.Bytes())
			}
		})
	}
}

// TestAlertRoundTrip decodes AppendJSON's output with encoding/json into
// an Alert and checks nothing was lost or changed.
func TestAlertRoundTrip(t *testing.T) {
	e := testEngine(t)
	for _, c := range alertCases(t, e.Catalog()) {
		a := buildAlert(t, e, c)
		out := a.AppendJSON(nil)
		var back Alert
		dec := json.NewDecoder(bytes.NewReader(out))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&back); err != nil {
			t.Fatalf("%s: decode: %v\n%s", c.name, err, out)
		}
		if !back.EventTime.Equal(a.EventTime) {
			t.Errorf("%s: event_time %v, want %v", c.name, back.EventTime, a.EventTime)
		}
		back.EventTime = a.EventTime
		for _, hs := range [][]Hit{a.Hits, a.ShadowHits} {
			for i := range hs {
				hs[i].static = nil // encoder state, not content
			}
		}
		if !reflect.DeepEqual(normalizeNil(reflect.ValueOf(&back)).Interface(), normalizeNil(reflect.ValueOf(a)).Interface()) {
			t.Errorf("%s: round trip changed the alert:\n got %+v\nwant %+v", c.name, back, *a)
		}
		if again := back.AppendJSON(nil); !bytes.Equal(again, out) {
			t.Errorf("%s: re-encoding differs:\n%s\n%s", c.name, again, out)
		}
	}
}

// normalizeNil replaces nil slices by empty ones, recursively, so that
// DeepEqual compares content ("[]" decodes to an empty slice).
func normalizeNil(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			normalizeNil(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				normalizeNil(f)
			}
		}
	case reflect.Slice:
		if v.IsNil() && v.CanSet() {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		}
		for i := 0; i < v.Len(); i++ {
			normalizeNil(v.Index(i))
		}
	}
	return v
}

func TestAlertSchema(t *testing.T) {
	data, err := os.ReadFile("alert.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatalf("alert.schema.json: %v", err)
	}
	e := testEngine(t)
	for _, c := range alertCases(t, e.Catalog()) {
		var doc any
		if err := json.Unmarshal(buildAlert(t, e, c).AppendJSON(nil), &doc); err != nil {
			t.Fatal(err)
		}
		for _, problem := range validate(schema, schema, doc, "$") {
			t.Errorf("%s: %s", c.name, problem)
		}
	}
	// The validator itself must reject what the schema forbids.
	bad := map[string]any{"schema_version": 1.0, "extra": true}
	if len(validate(schema, schema, bad, "$")) == 0 {
		t.Error("validator accepted an alert with missing and unknown fields")
	}
}

// validate checks doc against the subset of JSON Schema that
// alert.schema.json uses: type, const, enum, required, properties,
// additionalProperties false, items, maxItems, $ref to #/$defs, minimum,
// maximum.
func validate(root, s map[string]any, doc any, at string) []string {
	if ref, ok := s["$ref"].(string); ok {
		def := root["$defs"].(map[string]any)[strings.TrimPrefix(ref, "#/$defs/")]
		return validate(root, def.(map[string]any), doc, at)
	}
	var out []string
	bad := func(format string, args ...any) { out = append(out, at+": "+fmtS(format, args...)) }
	if n, ok := s["maxItems"].(float64); ok {
		if arr, _ := doc.([]any); len(arr) > int(n) {
			bad("%d items > maxItems %v", len(arr), n)
		}
	}
	if enum, ok := s["enum"].([]any); ok && !containsAny(enum, doc) {
		bad("%v not in %v", doc, enum)
	}
	if c, ok := s["const"]; ok && c != doc {
		bad("%v != const %v", doc, c)
	}
	switch s["type"] {
	case "object":
		obj, ok := doc.(map[string]any)
		if !ok {
			bad("not an object")
			return out
		}
		props, _ := s["properties"].(map[string]any)
		for _, r := range asSlice(s["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				bad("missing %s", r)
			}
		}
		for k, v := range obj {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					bad("unknown property %s", k)
				}
				continue
			}
			out = append(out, validate(root, ps, v, at+"."+k)...)
		}
	case "array":
		arr, ok := doc.([]any)
		if !ok {
			bad("not an array")
			return out
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, v := range arr {
				out = append(out, validate(root, items, v, fmtS("%s[%d]", at, i))...)
			}
		}
	case "boolean":
		if _, ok := doc.(bool); !ok {
			bad("not a boolean")
		}
	case "string":
		if _, ok := doc.(string); !ok {
			bad("not a string")
		}
	case "integer", "number":
		f, ok := doc.(float64)
		if !ok || (s["type"] == "integer" && f != float64(int64(f))) {
			bad("not a %s", s["type"])
			return out
		}
		if min, ok := s["minimum"].(float64); ok && f < min {
			bad("%v < minimum %v", f, min)
		}
		if max, ok := s["maximum"].(float64); ok && f > max {
			bad("%v > maximum %v", f, max)
		}
	}
	return out
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func containsAny(list []any, v any) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func TestAlertID(t *testing.T) {
	e := testEngine(t)
	c := alertCases(t, e.Catalog())[0]
	a1, a2 := buildAlert(t, e, c), buildAlert(t, e, c)
	if a1.ID != a2.ID || len(a1.ID) != 32 {
		t.Fatalf("alert id not deterministic or not 32 hex: %q %q", a1.ID, a2.ID)
	}
	c.raw = append([]byte(" "), c.raw...)
	if a3 := buildAlert(t, e, c); a3.ID == a1.ID {
		t.Fatal("alert id ignores the raw event bytes")
	}
}

// TestAppendString compares the string encoder with encoding/json's
// decoder on awkward input.
func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote`, `back\slash`, "nl\n cr\r tab\t", "\x00\x01\x1f\x7f",
		"ünï 中文 🙂", "\u2028\u2029", "bad\xffutf8", "<&>"} {
		enc := appendString(nil, s)
		var got string
		if err := json.Unmarshal(enc, &got); err != nil {
			t.Errorf("%q: invalid JSON %s: %v", s, enc, err)
			continue
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		if got != want {
			t.Errorf("%q: round trip %q", s, got)
		}
	}
}

func fmtS(format string, args ...any) string { return fmt.Sprintf(format, args...) }
