package manifest

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

type jsonSchema struct {
	Schema     string                 `json:"$schema"`
	Required   []string               `json:"required"`
	Properties map[string]*jsonSchema `json:"properties"`
	Defs       map[string]*jsonSchema `json:"$defs"`
	MaxItems   *int                   `json:"maxItems"`
	MaxLength  *int                   `json:"maxLength"`
	Items      *jsonSchema            `json:"items"`
	Ref        string                 `json:"$ref"`
}

func loadSchema(t *testing.T) *jsonSchema {
	t.Helper()
	data, err := os.ReadFile("schema/manifest.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s jsonSchema
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("schema is not valid JSON: %v", err)
	}
	if s.Schema != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %q, want draft 2020-12", s.Schema)
	}
	return &s
}

func propNames(s *jsonSchema) []string {
	var names []string
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func jsonNames(v any) []string {
	var names []string
	typ := reflect.TypeOf(v)
	for i := 0; i < typ.NumField(); i++ {
		names = append(names, strings.Split(typ.Field(i).Tag.Get("json"), ",")[0])
	}
	sort.Strings(names)
	return names
}

// probe builds an event with member in one object of the contract.
type probe func(member string) string

const probeHead = `"shipment_id":"S","event_time":"2026-01-01T00:00:00Z"`

var schemaObjects = []struct {
	def    string // "" for the top level
	goType any
	probe  probe
}{
	{"", Manifest{}, func(m string) string {
		return `{"shipment_id":"S","event_time":"2026-01-01T00:00:00Z","items":[{"description":"d"}],` + m + `}`
	}},
	{"place", Place{}, func(m string) string {
		return `{` + probeHead + `,"items":[{"description":"d"}],"route":[{"country":"SG",` + m + `}]}`
	}},
	{"party", Party{}, func(m string) string {
		return `{` + probeHead + `,"items":[{"description":"d"}],"shipper":{` + m + `}}`
	}},
	{"money", Money{}, func(m string) string {
		return `{` + probeHead + `,"items":[{"description":"d"}],"declared_value":{` + m + `}}`
	}},
	{"item", Item{}, func(m string) string {
		return `{` + probeHead + `,"items":[{"description":"d",` + m + `}]}`
	}},
}

// TestSchemaMatchesDecoder checks that the JSON Schema, the Go types and the
// decoder know the same properties: each schema property is a json tag of
// the Go type and vice versa, and the decoder reads each one (a value of the
// wrong type is an error naming it) while it skips a name not in the schema.
func TestSchemaMatchesDecoder(t *testing.T) {
	s := loadSchema(t)
	for _, obj := range schemaObjects {
		def := s
		if obj.def != "" {
			def = s.Defs[obj.def]
			if def == nil {
				t.Fatalf("schema has no $defs/%s", obj.def)
			}
		}
		if got, want := propNames(def), jsonNames(obj.goType); !slices.Equal(got, want) {
			t.Errorf("%s: schema properties %v, Go json tags %v", obj.def, got, want)
		}
		for _, name := range propNames(def) {
			wrong := `{"x":1}`
			if p := def.Properties[name]; p.Ref != "" || p.Properties != nil {
				wrong = `7`
			}
			_, err := Decode([]byte(obj.probe(`"` + name + `":` + wrong)))
			var de *Error
			if err == nil || !asError(err, &de) || !strings.HasSuffix(de.Path, name) {
				t.Errorf("%s.%s: decoder does not read the property: err = %v", obj.def, name, err)
			}
		}
		if _, err := Decode([]byte(obj.probe(`"not_in_schema":{"x":[1]}`))); err != nil {
			t.Errorf("%s: unknown property not skipped: %v", obj.def, err)
		}
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	*target = e
	return ok
}

// TestSchemaRequiredAndLimits checks the required properties and the limits
// the schema states against the decoder's.
func TestSchemaRequiredAndLimits(t *testing.T) {
	s := loadSchema(t)
	full := map[string]string{
		"shipment_id": `"S"`, "event_time": `"2026-01-01T00:00:00Z"`, "items": `[{"description":"d"}]`,
	}
	for _, name := range propNames(s) {
		if _, ok := full[name]; ok != slices.Contains(s.Required, name) {
			t.Errorf("%s: schema required = %v, decoder requires it = %v", name, !ok, ok)
		}
	}
	for name := range full {
		var members []string
		for n, v := range full {
			if n != name {
				members = append(members, `"`+n+`":`+v)
			}
		}
		_, err := Decode([]byte("{" + strings.Join(members, ",") + "}"))
		if err == nil || !strings.HasPrefix(err.Error(), name+": required") {
			t.Errorf("without %s: err = %v, want %q", name, err, name+": required")
		}
	}
	item := s.Defs["item"]
	if !slices.Equal(item.Required, []string{"description"}) {
		t.Errorf("item required = %v", item.Required)
	}
	checks := []struct {
		what string
		got  *int
		want int
	}{
		{"items.maxItems", s.Properties["items"].MaxItems, MaxItems},
		{"route.maxItems", s.Properties["route"].MaxItems, MaxItems},
		{"shipment_id.maxLength", s.Properties["shipment_id"].MaxLength, MaxShipmentIDLen},
		{"item.description.maxLength", item.Properties["description"].MaxLength, MaxDescriptionLen},
	}
	for _, c := range checks {
		if c.got == nil || *c.got != c.want {
			t.Errorf("schema %s = %v, decoder limit %d", c.what, c.got, c.want)
		}
	}
}
