package manifest

import "unsafe"

// detach gives the strings of m that point into src a copy of their own,
// all in one allocation, so that m keeps nothing of src. Strings that do
// not point into src (constants, unescaped strings) stay as they are.
//
// DecodeInto decodes straight from the caller's bytes and then detaches:
// the manifest keeps only the bytes of its strings, typically a third of
// the event, which is all the copy costs and all the garbage it makes.
func detach(m *Manifest, src string) {
	var arr [64]*string // enough for five items without allocating
	fields := appendStringFields(arr[:0], m)
	n := 0
	for _, s := range fields {
		if within(*s, src) {
			n += len(*s)
		}
	}
	if n == 0 {
		return
	}
	buf := make([]byte, 0, n)
	for _, s := range fields {
		if within(*s, src) {
			start := len(buf)
			buf = append(buf, *s...)
			*s = unsafe.String(&buf[start], len(*s))
		}
	}
}

// within reports whether the non-empty string s points into src.
func within(s, src string) bool {
	if len(s) == 0 {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	lo := uintptr(unsafe.Pointer(unsafe.StringData(src)))
	return p >= lo && p-lo < uintptr(len(src))
}

// appendStringFields appends a pointer to every string field of m, its
// places, parties and items, to dst. A test checks it against the fields
// of the types, so that a new field cannot be forgotten.
func appendStringFields(dst []*string, m *Manifest) []*string {
	dst = append(dst, &m.ShipmentID, (*string)(&m.EventType), (*string)(&m.Mode))
	dst = appendPlaceFields(dst, &m.Origin)
	dst = appendPlaceFields(dst, &m.Destination)
	for i := range m.Route {
		dst = appendPlaceFields(dst, &m.Route[i])
	}
	for _, p := range []*Party{&m.Shipper, &m.Consignee, &m.NotifyParty} {
		dst = append(dst, &p.Name, &p.Address, &p.Country)
	}
	dst = append(dst, &m.DeclaredValue.Currency)
	for i := range m.Items {
		it := &m.Items[i]
		dst = append(dst, &it.Description, &it.HSCode, &it.CAS, &it.Unit)
	}
	return dst
}

func appendPlaceFields(dst []*string, p *Place) []*string {
	return append(dst, &p.Country, &p.Locode)
}
