package manifest

import "unsafe"

// keep returns s for storing in the Manifest. In copy mode (DecodeInto) a
// string that points into the event is copied first, so that the Manifest
// keeps nothing of the caller's bytes; otherwise (DecodeOwnedInto) s is
// returned as it is. Strings that do not point into the event (constants,
// unescaped strings, normalised forms) need no copy.
//
// Copies go into chunks of about a third of the event, most events need
// one: the copy costs only the bytes the Manifest keeps, usually about a
// quarter of the event, and no second pass over the Manifest.
//
// keep is small enough to be inlined, so that DecodeOwnedInto pays no call
// for it; the copy mode's work is in keepCopy.
func (d *decoder) keep(s string) string {
	if !d.copyKept {
		return s
	}
	return d.keepCopy(s)
}

// keepCopy is keep in copy mode.
func (d *decoder) keepCopy(s string) string {
	if !within(s, d.src) {
		return s
	}
	if len(s) == 0 {
		return "" // an empty substring would still keep the event alive
	}
	return d.copyOut(s)
}

// keepBytes returns b, made by the decoder, as a string for the Manifest:
// in copy mode a copy in the buffer of the kept strings, otherwise a
// string of its own.
func (d *decoder) keepBytes(b []byte) string {
	if !d.copyKept || len(b) == 0 {
		return string(b)
	}
	return d.copyOut(unsafe.String(unsafe.SliceData(b), len(b)))
}

// copyOut copies the non-empty s to the current chunk of kept strings.
func (d *decoder) copyOut(s string) string {
	if len(d.kept)+len(s) > cap(d.kept) {
		d.kept = make([]byte, 0, max(len(s), len(d.src)/3))
	}
	start := len(d.kept)
	d.kept = append(d.kept, s...)
	return unsafe.String(&d.kept[start], len(s))
}

// within reports whether s points into src, whether or not it is empty
// (an empty substring points at the start of the string it was cut from).
// A string without data pointer refers to nothing.
func within(s, src string) bool {
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	lo := uintptr(unsafe.Pointer(unsafe.StringData(src)))
	return p != 0 && p-lo < uintptr(len(src))
}
