package manifest

// Compact forms of the small nested objects. Producers serialise places,
// parties and declared values without white space and with the fields in
// schema order, as the synthetic events do: {"country":"CN","locode":
// "CNSHA"}. Each function here recognises that one form by comparing its
// literal parts in place and decodes the values with the same normalisers
// as the general code, instead of a nextKey call per member and the
// bookkeeping of duplicate and unknown keys; the general loops cost about
// a quarter of BenchmarkDecodeSynthOwned. Anything else (white space, any
// other order, an unknown or repeated key, an escape where a code is
// expected, a value the normaliser rejects) makes the function return
// false with d.pos and the destination unchanged, and the general code
// decodes the object from its start. So every error is still the one the
// general code reports, and a value the compact form accepts is the value
// the general code gives for the same bytes. TestCompactObjects and
// FuzzCompactObjects compare the two.

// placeCompact decodes {"country":"CN"} or {"country":"CN","locode":"CNSHA"}.
// A country or locode that is blank or has escapes, white space or other
// characters is refused by countries.lookup or normLocode, so the codes it
// takes are plain JSON strings whose decoded value is their bytes.
func (d *decoder) placeCompact(p *Place) bool {
	const head, locode = `{"country":"`, `","locode":"`
	s, i := d.src, d.pos
	if i < 0 || len(s)-i < len(head)+4 || s[i:i+len(head)] != head {
		return false
	}
	i += len(head)
	cc, ok := countries.lookup(s[i : i+2])
	if !ok {
		return false
	}
	i += 2
	if s[i:i+2] == `"}` {
		p.Country = cc
		d.pos = i + 2
		return true
	}
	if len(s)-i < len(locode)+7 || s[i:i+len(locode)] != locode || s[i+len(locode)+5:i+len(locode)+7] != `"}` {
		return false
	}
	i += len(locode)
	code, err := normLocode(s[i : i+5])
	if err != nil {
		return false
	}
	p.Country, p.Locode = cc, d.keep(code)
	d.pos = i + 7
	return true
}

// moneyCompact decodes {"amount":22201.98,"currency":"USD"} with an
// unsigned short decimal amount (see amountValue).
func (d *decoder) moneyCompact(v *Money) bool {
	const head, currency = `{"amount":`, `,"currency":"`
	s, start := d.src, d.pos
	if start < 0 || len(s)-start < len(head)+1 || s[start:start+len(head)] != head {
		return false
	}
	d.pos += len(head)
	if s[d.pos]-'0' >= 10 {
		d.pos = start
		return false
	}
	amount, ok := d.shortDecimal()
	i := d.pos
	d.pos = start
	if !ok || len(s)-i < len(currency)+5 || s[i:i+len(currency)] != currency || s[i+len(currency)+3:i+len(currency)+5] != `"}` {
		return false
	}
	i += len(currency)
	code, ok := currencies.lookup(s[i : i+3])
	if !ok {
		return false
	}
	*v = Money{Amount: amount, Currency: code}
	d.pos = i + 5
	return true
}

// partyCompact decodes {"name":"...","address":"...","country":"CN"}, with
// the address or the country left out or both. The name and address are
// any strings, decoded by stringValue; an error there is left to the
// general code.
func (d *decoder) partyCompact(p *Party) bool {
	const head, address, country = `{"name":`, `,"address":`, `,"country":"`
	s, start := d.src, d.pos
	if start < 0 || len(s)-start < len(head) || s[start:start+len(head)] != head {
		return false
	}
	d.pos += len(head)
	var q Party
	var ok bool
	name, err := d.stringValue("")
	if err != nil {
		d.pos = start
		return false
	}
	q.Name = d.keep(trimSpace(name))
	i := d.pos
	if len(s)-i >= len(address) && s[i:i+len(address)] == address {
		d.pos = i + len(address)
		addr, err := d.stringValue("")
		if err != nil {
			d.pos = start
			return false
		}
		q.Address = d.keep(trimSpace(addr))
		i = d.pos
	}
	if len(s)-i >= len(country)+3 && s[i:i+len(country)] == country && s[i+len(country)+2] == '"' {
		if q.Country, ok = countries.lookup(s[i+len(country) : i+len(country)+2]); !ok {
			d.pos = start
			return false
		}
		i += len(country) + 3
	}
	if i >= len(s) || s[i] != '}' {
		d.pos = start
		return false
	}
	*p = q
	d.pos = i + 1
	return true
}
