package manifest

import "strconv"

func (d *decoder) items(m *Manifest) error {
	const name = "items"
	null, err := d.openArray(name)
	if err != nil {
		return err
	}
	if null {
		return invalid(name, "must be an array, got null")
	}
	for i := 0; ; i++ {
		more, err := d.nextElem(i == 0, name)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if i == MaxItems {
			return &Error{Kind: KindTooLarge, Path: name, Msg: "more than " + strconv.Itoa(MaxItems) + " items"}
		}
		m.Items = append(m.Items, Item{})
		if err := d.item(&m.Items[i], i); err != nil {
			return err
		}
	}
	if len(m.Items) == 0 {
		return invalid(name, "required, at least one item")
	}
	return nil
}

// Item fields, as bit positions for duplicate detection.
const (
	iLine = iota
	iDescription
	iHSCode
	iCAS
	iQuantity
	iUnit
	iGrossWeight
)

// itemKeys names the item fields, in the order of their constants.
var itemKeys = newKeySet("line", "description", "hs_code", "cas", "quantity", "unit", "gross_weight_kg")

// item decodes one item. The value of each field is decoded in the loop
// itself rather than in a function per field: a call per member cost about
// 3% of BenchmarkDecodeSynthOwned.
func (d *decoder) item(it *Item, i int) error {
	l := loc{"items", i}
	if err := d.openObject(""); err != nil {
		return withPath(err, l.String())
	}
	var seen uint8
	for first, next := true, 0; ; first = false {
		key, f, more, err := d.nextKey(first, "", itemKeys, next)
		if err != nil {
			return withPath(err, l.String())
		}
		if !more {
			break
		}
		if f >= 0 {
			if seen&(1<<f) != 0 {
				return invalid(l.field(key), "duplicate key")
			}
			seen |= 1 << f
			next = f + 1
		}
		var s string
		switch f {
		case iLine:
			var ok bool
			if it.Line, ok = d.lineNumber(); !ok {
				var tok string
				if tok, ok, err = d.numberValue(""); ok {
					it.Line, err = parseLine(tok)
				}
			}
		case iDescription:
			if s, err = d.stringValue(""); err == nil && s != "" {
				s, err = normDescription(s)
				it.Description = d.keep(s)
			}
		case iHSCode:
			if s, err = d.stringValue(""); err == nil && !isBlank(s) {
				it.HSCode, err = d.hsCode(s)
			}
		case iCAS:
			if s, err = d.stringValue(""); err == nil {
				it.CAS = d.keep(trimSpace(s))
			}
		case iQuantity:
			it.Quantity, err = d.amountValue("")
		case iUnit:
			if s, err = d.stringValue(""); err == nil && !isBlank(s) {
				it.Unit, err = normUnit(s)
			}
		case iGrossWeight:
			it.GrossWeightKg, err = d.amountValue("")
		default:
			err = d.skip("", 0)
		}
		if err != nil {
			return withPath(err, l.field(key))
		}
	}
	if it.Description == "" {
		return invalid(l.field("description"), "required")
	}
	if it.Line == 0 {
		it.Line = i + 1
	}
	return nil
}

// lineNumber reads the usual line number right at d.pos, one to nine
// digits without a leading zero, and moves past it. It is exactly the
// value numberValue and parseLine give for such a number, without their
// token, calls and error paths. ok is false, and d.pos unchanged, for
// anything else: white space first, null, a sign, a leading zero, a
// fraction or exponent, ten digits or more, the end of the input.
// TestLineNumber and FuzzLineNumber compare the two.
func (d *decoder) lineNumber() (n int, ok bool) {
	s, i := d.src, d.pos
	if i >= len(s) || s[i]-'1' > 8 {
		return 0, false
	}
	j := i
	for ; j < len(s) && j-i < 9 && s[j]-'0' < 10; j++ {
		n = n*10 + int(s[j]-'0')
	}
	if j == len(s) || s[j]-'0' < 10 || s[j] == '.' || s[j] == 'e' || s[j] == 'E' {
		return 0, false
	}
	d.pos = j
	return n, true
}

// hsCode is normHSCode for the decoder: the result is stored with keep,
// so that in copy mode a normalised code shares the buffer of the kept
// strings instead of costing an allocation of its own.
func (d *decoder) hsCode(s string) (string, error) {
	var buf [hsCodeBuf]byte
	out, err := hsDigits(&buf, s)
	if err != nil {
		return "", err
	}
	if len(out) == len(s) {
		return d.keep(s), nil
	}
	return d.keepBytes(out), nil
}
