package rules

import (
	"reflect"
	"testing"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
)

// TestSetItemSetsEveryField guards setItem's field-by-field assignment:
// an item slot holding stale values in every field comes out as the
// composite literal of the manifest item, so a field added to Item but
// not to setItem fails here.
func TestSetItemSetsEveryField(t *testing.T) {
	e := &Env{}
	e.facts.items = make([]Item, 1)
	e.facts.matches = make([][]Match, 1)
	stale := reflect.ValueOf(&e.facts.items[0]).Elem()
	for i := range stale.NumField() {
		f := stale.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("stale")
		case reflect.Int:
			f.SetInt(-7)
		case reflect.Float64:
			f.SetFloat(-7)
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 2, 2))
		default:
			t.Fatalf("Item.%s: kind %s not filled", stale.Type().Field(i).Name, f.Kind())
		}
	}
	src := manifest.Item{Line: 3, Description: "Aniline oil", HSCode: "292141", CAS: "62-53-3",
		Quantity: 2, Unit: manifest.UnitTonne, GrossWeightKg: 2100}
	e.setItem(0, &src, &chemicals.Result{})
	got := e.facts.items[0]
	if len(got.Matches) != 0 {
		t.Fatalf("Matches = %v, want none", got.Matches)
	}
	got.Matches = nil
	want := Item{Line: src.Line, Description: src.Description, HSCode: src.HSCode, CAS: src.CAS,
		Quantity: src.Quantity, Unit: src.Unit, Kg: src.Kg(), GrossWeightKg: src.GrossWeightKg}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("setItem: %+v\nwant %+v", got, want)
	}
}
