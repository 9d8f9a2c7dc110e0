package manifest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestKeySetNumbers checks that each keySet numbers its names as the
// decoder's field constants do.
func TestKeySetNumbers(t *testing.T) {
	for _, tc := range []struct {
		ks   *keySet
		f    int
		name string
	}{
		{topKeys, fSchemaVersion, "schema_version"}, {topKeys, fShipmentID, "shipment_id"},
		{topKeys, fEventType, "event_type"}, {topKeys, fEventTime, "event_time"}, {topKeys, fMode, "mode"},
		{topKeys, fOrigin, "origin"}, {topKeys, fDestination, "destination"}, {topKeys, fRoute, "route"},
		{topKeys, fShipper, "shipper"}, {topKeys, fConsignee, "consignee"},
		{topKeys, fNotifyParty, "notify_party"}, {topKeys, fDeclaredValue, "declared_value"},
		{topKeys, fItems, "items"},
		{itemKeys, iLine, "line"}, {itemKeys, iDescription, "description"}, {itemKeys, iHSCode, "hs_code"},
		{itemKeys, iCAS, "cas"}, {itemKeys, iQuantity, "quantity"}, {itemKeys, iUnit, "unit"},
		{itemKeys, iGrossWeight, "gross_weight_kg"},
		{placeKeys, pCountry, "country"}, {placeKeys, pLocode, "locode"},
		{partyKeys, 0, "name"}, {partyKeys, 1, "address"}, {partyKeys, 2, "country"},
		{moneyKeys, mAmount, "amount"}, {moneyKeys, mCurrency, "currency"},
	} {
		if got := tc.ks.name(tc.f); got != tc.name {
			t.Errorf("field %d is %q, want %q", tc.f, got, tc.name)
		}
		if got := tc.ks.lookup(tc.name); got != tc.f {
			t.Errorf("lookup(%q) = %d, want %d", tc.name, got, tc.f)
		}
	}
	for _, ks := range []*keySet{topKeys, itemKeys, placeKeys, partyKeys, moneyKeys} {
		if n := len(ks.keys); n > 32 {
			t.Errorf("keySet of %d names: more than the bits of a seen mask", n)
		}
	}
}

// slowMatch is what keySet.match must compute: the field whose name and
// closing quote start at s[i], when at least maxFastKey bytes remain.
func slowMatch(ks *keySet, s string, i int) int {
	if i+maxFastKey > len(s) {
		return -1
	}
	for j := range ks.keys {
		if strings.HasPrefix(s[i:], ks.name(j)+`"`) {
			return j
		}
	}
	return -1
}

func checkMatch(t *testing.T, ks *keySet, s string, guess int) {
	t.Helper()
	if got, want := ks.match(s, 0, guess), slowMatch(ks, s, 0); got != want {
		t.Fatalf("match(%q, guess %d) = %d, want %d", s, guess, got, want)
	}
}

// TestKeySetMatch compares match with a plain prefix comparison on names,
// their prefixes and extensions, near misses and short inputs.
func TestKeySetMatch(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const pad = `:"x","y":1}]}    `
	for _, ks := range []*keySet{topKeys, itemKeys, placeKeys, partyKeys, moneyKeys} {
		for j := range ks.keys {
			name := ks.name(j)
			cands := []string{name + `"`, name + `_"`, name[:len(name)-1] + `"`, "x" + name + `"`,
				strings.ToUpper(name) + `"`, name + `\"`, name + "\x00", name}
			for k := 0; k < len(name); k++ {
				b := []byte(name)
				b[k] ^= 1 << r.IntN(8)
				cands = append(cands, string(b)+`"`)
			}
			for _, c := range cands {
				for guess := 0; guess <= len(ks.keys); guess++ {
					checkMatch(t, ks, c+pad, guess)
					checkMatch(t, ks, c, guess) // short: always -1
					checkMatch(t, ks, (c + pad)[:maxFastKey], guess)
				}
			}
		}
	}
}

// FuzzKeySetMatch checks match against a plain comparison on any
// input.
func FuzzKeySetMatch(f *testing.F) {
	f.Add(`gross_weight_kg":1}`, 0)
	f.Add(`shipment_id":"SYN-1"`, 3)
	f.Add(`country":"CN","locode":"CNSHA"}`, 1)
	f.Fuzz(func(t *testing.T, s string, guess int) {
		for _, ks := range []*keySet{topKeys, itemKeys, placeKeys, partyKeys, moneyKeys} {
			checkMatch(t, ks, s, min(max(guess, 0), len(ks.keys)))
		}
	})
}

// TestDecodeKeyOrder checks that the order of fields, which the key fast
// path guesses, never changes the result: every rotation and the reversal
// of the fields of each object decode alike.
func TestDecodeKeyOrder(t *testing.T) {
	place := []string{`"country":"CN"`, `"locode":"CNSHA"`}
	party := []string{`"name":" Acme "`, `"address":"1 Road"`, `"country":"cn"`}
	money := []string{`"amount":103226.18`, `"currency":"usd"`}
	item := []string{`"line":2`, `"description":"Ethyl acetate"`, `"hs_code":"2915.31"`, `"cas":"141-78-6"`,
		`"quantity":19127.54`, `"unit":"KGS"`, `"gross_weight_kg":21259.99`, `"extra":[1,{"line":3}]`}
	obj := func(fields []string, rot int, rev bool) string {
		out := append([]string(nil), fields[rot:]...)
		out = append(out, fields[:rot]...)
		if rev {
			for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
				out[i], out[j] = out[j], out[i]
			}
		}
		return "{" + strings.Join(out, ",") + "}"
	}
	top := func(rot int, rev bool) []string {
		return []string{`"schema_version":1`, `"shipment_id":"SYN-1"`, `"event_type":"filed"`,
			`"event_time":"2026-01-05T00:00:00.795037184Z"`, `"mode":"ocean"`,
			`"origin":` + obj(place, rot%2, rev), `"destination":` + obj(place, (rot+1)%2, rev),
			`"route":[` + obj(place, rot%2, !rev) + `]`,
			`"shipper":` + obj(party, rot%3, rev), `"consignee":` + obj(party, (rot+1)%3, rev),
			`"notify_party":` + obj(party, (rot+2)%3, !rev), `"declared_value":` + obj(money, rot%2, rev),
			`"items":[` + obj(item, rot%len(item), rev) + `,` + obj(item, (rot+3)%len(item), !rev) + `]`,
			`"unknown":{"shipment_id":"x"}`}
	}
	want, err := Decode([]byte(obj(top(0, false), 0, false)))
	if err != nil {
		t.Fatal(err)
	}
	for rot := range 14 {
		for _, rev := range []bool{false, true} {
			data := []byte(obj(top(rot, rev), rot, rev))
			m, err := Decode(data)
			if err != nil {
				t.Fatalf("%s: %v", data, err)
			}
			if !sameManifest(m, want) {
				t.Fatalf("field order changes the result of %s\ngot:  %+v\nwant: %+v", data, m, want)
			}
			checkDecodeResult(t, data, m, nil)
		}
	}
}

// checkNextKey compares nextKey, with its inline fast paths, with what it
// must compute: the result of nextKeySlow, the general path; the same
// values, error and position.
func checkNextKey(t *testing.T, ks *keySet, s string, first bool, guess int) {
	t.Helper()
	d := decoder{src: s}
	key, f, more, err := d.nextKey(first, "p", ks, guess)
	w := decoder{src: s}
	wkey, wf, wmore, werr := w.nextKeySlow(first, "p", ks, guess)
	if key != wkey || f != wf || more != wmore || d.pos != w.pos || fmt.Sprint(err) != fmt.Sprint(werr) {
		t.Fatalf("nextKey(%q, first %v, guess %d) = %q, %d, %v, %v at %d; want %q, %d, %v, %v at %d",
			s, first, guess, key, f, more, err, d.pos, wkey, wf, wmore, werr, w.pos)
	}
}

// TestNextKeyFastPath checks nextKey against nextKeySlow on the inputs of
// TestKeySetMatch, with and without a key set, with every field as the
// guess: the guess's own key, a later or earlier one (the key found by
// match), and after the last field.
func TestNextKeyFastPath(t *testing.T) {
	const pad = `:"x","y":1}]}    `
	for _, ks := range []*keySet{topKeys, itemKeys, placeKeys, partyKeys, moneyKeys} {
		for j := range ks.keys {
			name := ks.name(j)
			for _, c := range []string{name + `"`, name + `_"`, name[:len(name)-1] + `"`, "x" + name + `"`,
				strings.ToUpper(name) + `"`, name + `\"`, name + "\x00", name} {
				for _, pre := range []string{`"`, `,"`, ` "`, `, "`, `}`, `,}`, `},`, `} `, `x`} {
					for _, colon := range []string{":", " :", ""} {
						in := pre + strings.TrimSuffix(c, `"`) + `"` + colon + pad
						for n := 0; n <= len(in); n++ {
							for _, first := range []bool{true, false} {
								checkNextKey(t, nil, in[:n], first, 0)
								for guess := 0; guess <= len(ks.keys); guess++ {
									checkNextKey(t, ks, in[:n], first, guess)
								}
							}
						}
					}
				}
			}
		}
	}
}

// FuzzNextKey checks nextKey against nextKeySlow on any input.
func FuzzNextKey(f *testing.F) {
	f.Add(`,"gross_weight_kg":1}`, 6, false)
	f.Add(`"shipment_id":"SYN-1"`, 1, true)
	f.Add(`, "locode" :"CNSHA"}`, 1, false)
	f.Add(`,"quantity":5,"unit":"kg"}`, 3, false)
	f.Add(`},{"line":2`, 0, false)
	f.Fuzz(func(t *testing.T, s string, guess int, first bool) {
		for _, ks := range []*keySet{topKeys, itemKeys, placeKeys, partyKeys, moneyKeys, nil} {
			g := 0
			if ks != nil {
				g = min(max(guess, 0), len(ks.keys))
			}
			checkNextKey(t, ks, s, first, g)
		}
	})
}
