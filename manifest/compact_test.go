package manifest

import (
	"math"
	"strings"
	"testing"
)

// checkCompact runs the compact form of each object at the start of s.
// When one declines, it must leave d.pos and its destination as they were;
// when it takes the object, the general code must decode the same bytes
// without error to the same value and end at the same offset. Both modes
// of keep are tried.
func checkCompact(t *testing.T, s string) {
	t.Helper()
	for _, copyKept := range []bool{false, true} {
		d, w := decoder{src: s, copyKept: copyKept}, decoder{src: s, copyKept: copyKept}
		var p, wp Place
		if ok := d.placeCompact(&p); !ok {
			checkDeclined(t, "placeCompact", s, &d, p == Place{})
		} else if err := w.placeMembers(&wp, loc{"origin", -1}); err != nil || p != wp || d.pos != w.pos {
			t.Fatalf("placeCompact(%q) = %+v at %d; placeMembers %+v, %v at %d", s, p, d.pos, wp, err, w.pos)
		}

		d, w = decoder{src: s, copyKept: copyKept}, decoder{src: s, copyKept: copyKept}
		var q, wq Party
		if ok := d.partyCompact(&q); !ok {
			checkDeclined(t, "partyCompact", s, &d, q == Party{})
		} else if err := w.partyMembers(&wq, "shipper"); err != nil || q != wq || d.pos != w.pos {
			t.Fatalf("partyCompact(%q) = %+v at %d; partyMembers %+v, %v at %d", s, q, d.pos, wq, err, w.pos)
		}

		d, w = decoder{src: s, copyKept: copyKept}, decoder{src: s, copyKept: copyKept}
		var v, wv Money
		if ok := d.moneyCompact(&v); !ok {
			checkDeclined(t, "moneyCompact", s, &d, v == Money{})
		} else if err := w.moneyMembers(&wv, "declared_value"); err != nil || v.Currency != wv.Currency ||
			math.Float64bits(v.Amount) != math.Float64bits(wv.Amount) || d.pos != w.pos {
			t.Fatalf("moneyCompact(%q) = %+v at %d; moneyMembers %+v, %v at %d", s, v, d.pos, wv, err, w.pos)
		}
	}
}

// checkDeclined fails unless a fast path named name that declined s left
// d.pos at 0 and, where untouched says so, its destination unwritten.
func checkDeclined(t *testing.T, name, s string, d *decoder, untouched bool) {
	t.Helper()
	if d.pos != 0 || !untouched {
		t.Fatalf("%s(%q) declined but moved to %d or wrote its destination", name, s, d.pos)
	}
}

// compactInputs returns objects in and around the compact forms: codes
// valid, lower-case, unassigned, of the wrong length, blank or escaped;
// strings with escapes, spaces, control characters and invalid UTF-8; the
// fields in and out of order, repeated or unknown, with white space.
func compactInputs() []string {
	codes := []string{"CN", "cn", "Cn", "XK", "UK", "C", "CNN", "", "  ", `\u0043N`, `C\"`, "\u00e9", "C\x01", "1N"}
	locodes := []string{"CNSHA", "cnsha", "CN SHA", "CNSH1", "CNSH", "CNSHAA", "     ", `CN\u0053H`, "XXABC",
		"USNYC", "CNsha", "cN2HA", "CN\"HA", "CNSH\u00e9"}
	strs := []string{"Acme", " Acme ", "", `A\"B`, `\u00e9`, "\u00e9", "\xff", "a\x01b", `\`, "Redwood Trading Corp."}
	amounts := []string{"22201.98", "0", "-1", "-0", "1e3", "1.", `"25"`, "null", "01", "9007199254740993", " 5", "x"}
	currencies := []string{"USD", "usd", "US", "USDD", "XXX", "ABC", "   ", `U\u0053D`, "\u00e9U"}
	var out []string
	for _, c := range codes {
		out = append(out, `{"country":"`+c+`"}`, `{"country":"`+c+`","x":1}`, `{"country":"`+c+`"`)
		for _, l := range locodes {
			out = append(out, `{"country":"`+c+`","locode":"`+l+`"}`, `{"locode":"`+l+`","country":"`+c+`"}`,
				`{"country":"`+c+`","locode":"`+l+`","x":1}`)
		}
		for _, n := range strs {
			out = append(out, `{"name":"`+n+`","address":"`+n+`","country":"`+c+`"}`,
				`{"name":"`+n+`","address":"`+n+`","country":"`+c+`","x":1}`,
				`{"name":"`+n+`","country":"`+c+`"}`, `{"name":"`+n+`","country":"`+c+`","country":"`+c+`"}`)
		}
	}
	for _, n := range strs {
		out = append(out, `{"name":"`+n+`"}`, `{"name":"`+n+`","address":"`+n+`"}`, `{"name":"`+n+`","address":null}`,
			`{"address":"`+n+`","name":"`+n+`"}`, `{"name":"`+n+`","name":"`+n+`"}`)
	}
	out = append(out, `{"name":null}`, `{"name": "A"}`, `{"name":5}`, `{"name":"A" ,"country":"CN"}`, `{}`)
	for _, a := range amounts {
		for _, c := range currencies {
			out = append(out, `{"amount":`+a+`,"currency":"`+c+`"}`, `{"currency":"`+c+`","amount":`+a+`}`,
				`{"amount":`+a+`,"currency":"`+c+`","amount":1}`)
		}
		out = append(out, `{"amount":`+a+`}`, `{"amount":`+a+`,"currency":"USD","x":1}`)
	}
	var spaced []string
	for _, s := range out {
		spaced = append(spaced, strings.Replace(s, ":", ": ", 1), strings.Replace(s, ",", " ,", 1), " "+s)
	}
	return append(out, spaced...)
}

func TestCompactObjects(t *testing.T) {
	taken := 0
	for _, s := range compactInputs() {
		for _, after := range []string{"", `,"items":[]}`, "}"} {
			in := s + after
			for n := 0; n <= len(in); n++ {
				checkCompact(t, in[:n])
			}
		}
		d := decoder{src: s}
		var p Place
		var q Party
		var v Money
		if d.placeCompact(&p) || d.partyCompact(&q) || d.moneyCompact(&v) {
			taken++
		}
	}
	// The compact forms must be taken often enough to be tested.
	if taken < 100 {
		t.Errorf("the compact forms took only %d objects", taken)
	}
}

// FuzzCompactObjects compares the compact forms with the general code on
// any input.
func FuzzCompactObjects(f *testing.F) {
	for _, s := range []string{`{"country":"CN","locode":"CNSHA"}`, `{"country":"us"}`,
		`{"name":"Acme","address":"1 Road","country":"CN"}`, `{"name":"A\u00e9"}`,
		`{"amount":22201.98,"currency":"USD"}`, `{"amount":0,"currency":"eur"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkCompact(t, s) })
}
