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
		switch {
		case f < 0:
			err = d.skip("", 0)
		case seen&(1<<f) != 0:
			return invalid(l.field(key), "duplicate key")
		default:
			seen |= 1 << f
			next = f + 1
			err = d.itemField(it, f)
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

func (d *decoder) itemField(it *Item, f int) error {
	var s, tok string
	var ok bool
	var err error
	switch f {
	case iLine:
		if tok, ok, err = d.numberValue(""); ok {
			it.Line, err = parseLine(tok)
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
	}
	return err
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
