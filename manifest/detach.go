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
	// Keep the fields to copy at the front of fields, and count bytes.
	k, n := 0, 0
	for _, s := range fields {
		if within(*s, src) {
			fields[k] = s
			k, n = k+1, n+len(*s)
		}
	}
	if k == 0 {
		return
	}
	buf := make([]byte, n)
	off := 0
	for _, s := range fields[:k] {
		l := len(*s)
		if l == 0 {
			*s = "" // an empty substring would still keep src alive
			continue
		}
		copy(buf[off:], *s)
		*s = unsafe.String(&buf[off], l)
		off += l
	}
}

// within reports whether s points into src (or just past its end, which
// only an empty string can), whether or not it is empty. A string without
// data pointer refers to nothing.
func within(s, src string) bool {
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	lo := uintptr(unsafe.Pointer(unsafe.StringData(src)))
	return p != 0 && p-lo <= uintptr(len(src))
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
