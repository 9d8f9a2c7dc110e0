package manifest

import (
	"strconv"
	"strings"
)

// Canonical units. Item.Unit holds one of these after decoding, or "" when
// the filer gave no unit.
const (
	UnitKg     = "kg"
	UnitG      = "g"
	UnitTonne  = "t"
	UnitLb     = "lb"
	UnitL      = "l"
	UnitMl     = "ml"
	UnitPieces = "pcs"
	UnitDrum   = "drum"
	UnitBag    = "bag"
	UnitCarton = "carton"
	UnitBox    = "box"
)

// unitAliases maps a lower-cased unit spelling, with internal spaces
// collapsed and a trailing dot removed, to its canonical unit. Aliases
// include the UN/ECE Recommendation 20 and 21 codes (KGM, TNE, LTR, ...)
// that customs systems emit. "ton" and "tons" are deliberately absent: they
// are ambiguous between metric, short and long tons.
var unitAliases = map[string]string{
	"kg": UnitKg, "kgs": UnitKg, "kgm": UnitKg, "kilo": UnitKg, "kilos": UnitKg,
	"kilogram": UnitKg, "kilograms": UnitKg, "kilogramme": UnitKg, "kilogrammes": UnitKg,
	"g": UnitG, "gm": UnitG, "gms": UnitG, "grm": UnitG, "gram": UnitG, "grams": UnitG,
	"gramme": UnitG, "grammes": UnitG,
	"t": UnitTonne, "mt": UnitTonne, "tne": UnitTonne, "tonne": UnitTonne, "tonnes": UnitTonne,
	"metric ton": UnitTonne, "metric tons": UnitTonne, "metric tonne": UnitTonne, "metric tonnes": UnitTonne,
	"lb": UnitLb, "lbs": UnitLb, "lbr": UnitLb, "pound": UnitLb, "pounds": UnitLb,
	"l": UnitL, "lt": UnitL, "ltr": UnitL, "ltrs": UnitL, "litre": UnitL, "litres": UnitL,
	"liter": UnitL, "liters": UnitL,
	"ml": UnitMl, "mlt": UnitMl, "millilitre": UnitMl, "millilitres": UnitMl,
	"milliliter": UnitMl, "milliliters": UnitMl,
	"pcs": UnitPieces, "pc": UnitPieces, "pce": UnitPieces, "piece": UnitPieces, "pieces": UnitPieces,
	"unit": UnitPieces, "units": UnitPieces, "ea": UnitPieces, "each": UnitPieces,
	"drum": UnitDrum, "drums": UnitDrum, "dr": UnitDrum,
	"bag": UnitBag, "bags": UnitBag, "bg": UnitBag,
	"carton": UnitCarton, "cartons": UnitCarton, "ctn": UnitCarton, "ctns": UnitCarton, "ct": UnitCarton,
	"box": UnitBox, "boxes": UnitBox, "bx": UnitBox,
}

// kgPerUnit is the mass in kilograms of one canonical mass unit. kgFactor
// reads it without the map lookup; the map is the reference its test
// compares with.
var kgPerUnit = map[string]float64{
	UnitKg: 1, UnitG: 0.001, UnitTonne: 1000, UnitLb: 0.45359237,
}

// kgFactor is kgPerUnit[unit] by a switch: Kg runs for every item of every
// shipment scored, and a switch on four short strings is cheaper than
// hashing the unit.
func kgFactor(unit string) (float64, bool) {
	switch unit {
	case UnitKg:
		return 1, true
	case UnitG:
		return 0.001, true
	case UnitTonne:
		return 1000, true
	case UnitLb:
		return 0.45359237, true
	}
	return 0, false
}

// normUnit returns the canonical unit for a filer's spelling.
func normUnit(s string) (string, error) {
	if u, ok := canonicalUnit(s); ok {
		return u, nil
	}
	var buf [24]byte
	key := buf[:0]
	t := strings.TrimSuffix(trimSpace(s), ".")
	space := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == ' ' || c == '\t' {
			space = true
			continue
		}
		if space {
			key = append(key, ' ')
			space = false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if len(key) == cap(key) {
			break // longer than any alias: fails the lookup below
		}
		key = append(key, c)
	}
	if u, ok := unitAliases[string(key)]; ok && len(key) < cap(key) {
		return u, nil
	}
	return "", invalid("", "unknown unit "+strconv.Quote(s)+
		" (want kg, g, t, lb, l, ml, pcs, drum, bag, carton or box)")
}

// canonicalUnit recognises a canonical unit as written, before any
// trimming and lower-casing and without the map lookup: most filers
// already use one, and a canonical unit is its own alias, so normUnit
// would return it unchanged.
func canonicalUnit(s string) (string, bool) {
	switch s {
	case UnitKg:
		return UnitKg, true
	case UnitG:
		return UnitG, true
	case UnitTonne:
		return UnitTonne, true
	case UnitLb:
		return UnitLb, true
	case UnitL:
		return UnitL, true
	case UnitMl:
		return UnitMl, true
	case UnitPieces:
		return UnitPieces, true
	case UnitDrum:
		return UnitDrum, true
	case UnitBag:
		return UnitBag, true
	case UnitCarton:
		return UnitCarton, true
	case UnitBox:
		return UnitBox, true
	}
	return "", false
}

// IsMass reports whether unit is a canonical mass unit (kg, g, t, lb).
func IsMass(unit string) bool {
	_, ok := kgFactor(unit)
	return ok
}

// Kg returns the item's mass in kilograms: the quantity converted to kg when
// the unit is a mass unit and the quantity is positive, otherwise the
// declared gross weight (which may be 0 when unknown).
func (it *Item) Kg() float64 {
	if f, ok := kgFactor(it.Unit); ok && it.Quantity > 0 {
		return it.Quantity * f
	}
	return it.GrossWeightKg
}

// KgOf returns m.Items[i].Kg().
func (m *Manifest) KgOf(i int) float64 {
	return m.Items[i].Kg()
}
