package manifest

import (
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// Decode decodes, validates and normalises one manifest event.
//
// Errors are *Error values naming the JSON field at fault; KindOf classifies
// them. The first problem in document order is reported. Unknown fields are
// skipped (they must still be well-formed JSON). A known field that appears
// twice in one object is rejected: a manifest that says two different things
// is not screened on the guess that the last one is meant.
func Decode(data []byte) (*Manifest, error) {
	m := new(Manifest)
	if err := DecodeInto(data, m); err != nil {
		return nil, err
	}
	return m, nil
}

// DecodeInto is Decode into an existing Manifest, reusing the backing arrays
// of m.Items and m.Route; every other field of m is overwritten. On error m
// holds a partial result and must not be used. Decoded strings may share
// memory with buffers made per call that hold copies of them, never with
// data itself; nor do errors.
func DecodeInto(data []byte, m *Manifest) error {
	if err := checkSize(data); err != nil {
		return err
	}
	if err := decodeEvent(unsafe.String(unsafe.SliceData(data), len(data)), true, m); err != nil {
		if err := checkEncoding(data); err != nil {
			return err
		}
		// Rare: decode again from a copy of the event, so that neither
		// the error nor the partial result refers to data.
		return decodeEvent(string(data), false, m)
	}
	return nil
}

// DecodeOwnedInto is DecodeInto without copying anything, for callers
// that own data and never modify it after the call: decoded strings (and
// the paths of errors) point into data itself, so they keep all of data
// reachable and change if data changes. The caller must therefore never
// write to data, nor recycle its backing array (a pooled read buffer, say),
// for as long as m, anything copied from it or an error returned may be
// used; in practice, never again. Values and errors are otherwise exactly
// those of DecodeInto.
func DecodeOwnedInto(data []byte, m *Manifest) error {
	if err := checkSize(data); err != nil {
		return err
	}
	err := decodeEvent(unsafe.String(unsafe.SliceData(data), len(data)), false, m)
	if err != nil {
		if encErr := checkEncoding(data); encErr != nil {
			return encErr
		}
	}
	return err
}

// checkSize refuses an event larger than MaxEventBytes before any parsing.
func checkSize(data []byte) error {
	if len(data) > MaxEventBytes {
		return &Error{Kind: KindTooLarge, Msg: "event of " + strconv.Itoa(len(data)) +
			" bytes exceeds the limit of " + strconv.Itoa(MaxEventBytes)}
	}
	return nil
}

// checkEncoding reports invalid UTF-8 anywhere in the event. Invalid UTF-8
// is reported before any other problem, wherever it is; since the decoder
// accepts only valid UTF-8, this check is needed only after a failure.
func checkEncoding(data []byte) error {
	if !utf8.Valid(data) {
		return &Error{Kind: KindEncoding, Msg: "invalid UTF-8 at byte offset " + strconv.Itoa(invalidUTF8At(data))}
	}
	return nil
}

// decodeEvent decodes an event of checked size into m. Decoded strings may be
// substrings of src, unless copyKept is set: then every string m keeps is
// copied out of src (see decoder.keep).
func decodeEvent(src string, copyKept bool, m *Manifest) error {
	items := m.Items[:0]
	if items == nil {
		items = make([]Item, 0, 4) // typical manifests have 1 to 5 items
	}
	*m = Manifest{Items: items, Route: m.Route[:0]}
	d := decoder{src: src, copyKept: copyKept}
	if err := d.manifest(m); err != nil {
		return err
	}
	// Not peek: it reports a NUL byte and the end of input alike.
	if d.ws(); d.pos < len(d.src) {
		return d.syntax("", " after top-level value")
	}
	return nil
}

func invalidUTF8At(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// Top-level fields, as bit positions for duplicate detection.
const (
	fSchemaVersion = iota
	fShipmentID
	fEventType
	fEventTime
	fMode
	fOrigin
	fDestination
	fRoute
	fShipper
	fConsignee
	fNotifyParty
	fDeclaredValue
	fItems
)

// topKeys names the top-level fields, in the order of their constants.
var topKeys = newKeySet("schema_version", "shipment_id", "event_type", "event_time", "mode",
	"origin", "destination", "route", "shipper", "consignee", "notify_party",
	"declared_value", "items")

func (d *decoder) manifest(m *Manifest) error {
	if d.peek() != '{' {
		return d.mismatch("", "a JSON object")
	}
	d.pos++
	var seen uint32
	for first, next := true, 0; ; first = false {
		key, f, more, err := d.nextKey(first, "", topKeys, next)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if f < 0 {
			if err := d.skip(key, 0); err != nil {
				return err
			}
			continue
		}
		if seen&(1<<f) != 0 {
			return invalid(key, "duplicate key")
		}
		seen |= 1 << f
		next = f + 1
		if err := d.topField(m, f, key); err != nil {
			return err
		}
	}
	return finishManifest(m)
}

// finishManifest applies defaults and checks required fields.
func finishManifest(m *Manifest) error {
	switch {
	case m.ShipmentID == "":
		return invalid("shipment_id", "required")
	case m.EventTime.IsZero():
		return invalid("event_time", "required")
	case len(m.Items) == 0:
		return invalid("items", "required, at least one item")
	}
	if m.SchemaVersion == 0 {
		m.SchemaVersion = SchemaVersion
	}
	if m.EventType == "" {
		m.EventType = EventFiled
	}
	return nil
}

func (d *decoder) topField(m *Manifest, f int, key string) error {
	var err error
	switch f {
	case fSchemaVersion:
		return d.schemaVersion(m, key)
	case fShipmentID:
		var s string
		if s, err = d.stringValue(key); err == nil && s != "" {
			s, err = normShipmentID(s)
			m.ShipmentID = d.keep(s)
		}
	case fEventType:
		var s string
		if s, err = d.stringValue(key); err == nil && !isBlank(s) {
			m.EventType, err = normEventType(s)
		}
	case fEventTime:
		var s string
		if s, err = d.stringValue(key); err == nil && s != "" {
			m.EventTime, err = normEventTime(s)
		}
	case fMode:
		var s string
		if s, err = d.stringValue(key); err == nil && !isBlank(s) {
			m.Mode, err = normMode(s)
		}
	case fOrigin:
		return d.place(&m.Origin, loc{key, -1})
	case fDestination:
		return d.place(&m.Destination, loc{key, -1})
	case fRoute:
		return d.route(m)
	case fShipper:
		return d.party(&m.Shipper, key)
	case fConsignee:
		return d.party(&m.Consignee, key)
	case fNotifyParty:
		return d.party(&m.NotifyParty, key)
	case fDeclaredValue:
		return d.money(&m.DeclaredValue, key)
	case fItems:
		return d.items(m)
	}
	if err != nil {
		return withPath(err, key)
	}
	return nil
}

func (d *decoder) schemaVersion(m *Manifest, key string) error {
	tok, ok, err := d.numberValue(key)
	if err != nil || !ok {
		return err
	}
	if err := checkSchemaVersion(tok); err != nil {
		return withPath(err, key)
	}
	m.SchemaVersion = SchemaVersion
	return nil
}
