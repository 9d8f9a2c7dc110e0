package manifest

// Decoding of the nested objects: places, the route, parties and money.

// Place fields, numbered as in placeKeys.
const (
	pCountry = iota
	pLocode
)

var placeKeys = newKeySet("country", "locode")

// place decodes a place in its compact form (placeCompact) or else member
// by member.
func (d *decoder) place(p *Place, l loc) error {
	if d.placeCompact(p) {
		return nil
	}
	return d.placeMembers(p, l)
}

// placeMembers decodes a place of any form.
func (d *decoder) placeMembers(p *Place, l loc) error {
	const path = ""
	if err := d.openObject(path); err != nil {
		return withPath(err, l.String())
	}
	var seen uint8
	for first, next := true, 0; ; first = false {
		key, f, more, err := d.nextKey(first, path, placeKeys, next)
		if err != nil {
			return withPath(err, l.String())
		}
		if !more {
			return finishPlace(p, l)
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
		case pCountry:
			if s, err = d.stringValue(path); err == nil && !isBlank(s) {
				p.Country, err = normCountry(s)
			}
		case pLocode:
			if s, err = d.stringValue(path); err == nil && !isBlank(s) {
				s, err = normLocode(s)
				p.Locode = d.keep(s)
			}
		default:
			err = d.skip(path, 0)
		}
		if err != nil {
			return withPath(err, l.field(key))
		}
	}
}

// finishPlace takes a missing country from the locode and requires one.
func finishPlace(p *Place, l loc) error {
	if p.Country == "" && p.Locode != "" {
		p.Country = p.Locode[:2]
	}
	if p.Country == "" {
		return invalid(l.field("country"), "required")
	}
	return nil
}

func (d *decoder) route(m *Manifest) error {
	const name = "route"
	null, err := d.openArray(name)
	if err != nil || null {
		return err
	}
	for i := 0; ; i++ {
		more, err := d.nextElem(i == 0, name)
		if err != nil || !more {
			return err
		}
		if i == MaxItems {
			return &Error{Kind: KindTooLarge, Path: name, Msg: "more than 1000 transit points"}
		}
		m.Route = append(m.Route, Place{})
		if err := d.place(&m.Route[i], loc{name, i}); err != nil {
			return err
		}
	}
}

// partyKeys names the party fields: 0 name, 1 address, 2 country.
var partyKeys = newKeySet("name", "address", "country")

// party decodes a party in its compact form (partyCompact) or else member
// by member.
func (d *decoder) party(p *Party, name string) error {
	if d.partyCompact(p) {
		return nil
	}
	return d.partyMembers(p, name)
}

// partyMembers decodes a party of any form.
func (d *decoder) partyMembers(p *Party, name string) error {
	if err := d.openObject(name); err != nil {
		return err
	}
	var seen [3]bool
	for first, next := true, 0; ; first = false {
		key, f, more, err := d.nextKey(first, name, partyKeys, next)
		if err != nil || !more {
			return err
		}
		if f < 0 {
			if err := d.skip("", 0); err != nil {
				return withPath(err, fieldPath(name, key))
			}
			continue
		}
		if seen[f] {
			return invalid(fieldPath(name, key), "duplicate key")
		}
		seen[f] = true
		next = f + 1
		s, err := d.stringValue("")
		switch {
		case err != nil:
		case f == 0:
			p.Name = d.keep(trimSpace(s))
		case f == 1:
			p.Address = d.keep(trimSpace(s))
		case !isBlank(s):
			p.Country, err = normCountry(s)
		}
		if err != nil {
			return withPath(err, fieldPath(name, key))
		}
	}
}

// Money fields, numbered as in moneyKeys.
const (
	mAmount = iota
	mCurrency
)

var moneyKeys = newKeySet("amount", "currency")

// money decodes a declared value in its compact form (moneyCompact) or else
// member by member.
func (d *decoder) money(v *Money, name string) error {
	if d.moneyCompact(v) {
		return nil
	}
	return d.moneyMembers(v, name)
}

// moneyMembers decodes a declared value of any form.
func (d *decoder) moneyMembers(v *Money, name string) error {
	if err := d.openObject(name); err != nil {
		return err
	}
	var seen uint8
	for first, next := true, 0; ; first = false {
		key, f, more, err := d.nextKey(first, name, moneyKeys, next)
		if err != nil || !more {
			return err
		}
		if f >= 0 {
			if seen&(1<<f) != 0 {
				return invalid(fieldPath(name, key), "duplicate key")
			}
			seen |= 1 << f
			next = f + 1
		}
		switch f {
		case mAmount:
			v.Amount, err = d.amountValue("")
		case mCurrency:
			var s string
			if s, err = d.stringValue(""); err == nil && !isBlank(s) {
				v.Currency, err = normCurrency(s)
			}
		default:
			err = d.skip("", 0)
		}
		if err != nil {
			return withPath(err, fieldPath(name, key))
		}
	}
}
