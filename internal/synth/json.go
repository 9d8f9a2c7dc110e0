package synth

import (
	"strconv"
	"time"

	"github.com/precursorwatch/precursor/manifest"
)

// appendManifest appends m as one JSON object in the wire format of the
// manifest package. It writes the fields the way filers send them (HS codes
// keep their dots) and omits empty optional fields. Hand-written instead of
// encoding/json because the generator feeds throughput benchmarks.
func appendManifest(b []byte, m *manifest.Manifest) []byte {
	b = append(b, `{"schema_version":`...)
	b = strconv.AppendInt(b, int64(m.SchemaVersion), 10)
	b = appendField(b, "shipment_id", m.ShipmentID)
	b = appendField(b, "event_type", string(m.EventType))
	b = append(b, `,"event_time":"`...)
	b = m.EventTime.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	if m.Mode != "" {
		b = appendField(b, "mode", string(m.Mode))
	}
	b = appendPlace(append(b, `,"origin":`...), m.Origin)
	b = appendPlace(append(b, `,"destination":`...), m.Destination)
	if len(m.Route) > 0 {
		b = append(b, `,"route":[`...)
		for i, p := range m.Route {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendPlace(b, p)
		}
		b = append(b, ']')
	}
	b = appendParty(append(b, `,"shipper":`...), m.Shipper)
	b = appendParty(append(b, `,"consignee":`...), m.Consignee)
	if m.NotifyParty != (manifest.Party{}) {
		b = appendParty(append(b, `,"notify_party":`...), m.NotifyParty)
	}
	b = append(b, `,"declared_value":{"amount":`...)
	b = strconv.AppendFloat(b, m.DeclaredValue.Amount, 'f', -1, 64)
	b = appendField(b, "currency", m.DeclaredValue.Currency)
	b = append(b, `},"items":[`...)
	for i := range m.Items {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendItem(b, &m.Items[i])
	}
	return append(b, "]}"...)
}

func appendItem(b []byte, it *manifest.Item) []byte {
	b = append(b, `{"line":`...)
	b = strconv.AppendInt(b, int64(it.Line), 10)
	b = appendField(b, "description", it.Description)
	if it.HSCode != "" {
		b = appendField(b, "hs_code", it.HSCode)
	}
	if it.CAS != "" {
		b = appendField(b, "cas", it.CAS)
	}
	if it.Quantity != 0 {
		b = append(b, `,"quantity":`...)
		b = strconv.AppendFloat(b, it.Quantity, 'f', -1, 64)
		b = appendField(b, "unit", it.Unit)
	}
	if it.GrossWeightKg != 0 {
		b = append(b, `,"gross_weight_kg":`...)
		b = strconv.AppendFloat(b, it.GrossWeightKg, 'f', -1, 64)
	}
	return append(b, '}')
}

func appendPlace(b []byte, p manifest.Place) []byte {
	b = append(b, `{"country":`...)
	b = appendString(b, p.Country)
	if p.Locode != "" {
		b = appendField(b, "locode", p.Locode)
	}
	return append(b, '}')
}

func appendParty(b []byte, p manifest.Party) []byte {
	b = append(b, `{"name":`...)
	b = appendString(b, p.Name)
	if p.Address != "" {
		b = appendField(b, "address", p.Address)
	}
	if p.Country != "" {
		b = appendField(b, "country", p.Country)
	}
	return append(b, '}')
}

// appendField appends `,"key":"value"`.
func appendField(b []byte, key, value string) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return appendString(b, value)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Valid UTF-8 is copied as is;
// quotes, backslashes and control characters are escaped. Invalid bytes are
// copied unchanged too, which is how the malformed generator produces invalid
// UTF-8 inside otherwise well-formed JSON.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
