package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// This file holds a second, deliberately naive decoder built on
// encoding/json and the same field normalisers as the fast decoder. The
// differential fuzz target checks that the two agree.

type wirePlace struct {
	Country *string `json:"country"`
	Locode  *string `json:"locode"`
}

type wireParty struct {
	Name    *string `json:"name"`
	Address *string `json:"address"`
	Country *string `json:"country"`
}

type wireMoney struct {
	Amount   json.RawMessage `json:"amount"`
	Currency *string         `json:"currency"`
}

type wireItem struct {
	Line          json.RawMessage `json:"line"`
	Description   *string         `json:"description"`
	HSCode        *string         `json:"hs_code"`
	CAS           *string         `json:"cas"`
	Quantity      json.RawMessage `json:"quantity"`
	Unit          *string         `json:"unit"`
	GrossWeightKg json.RawMessage `json:"gross_weight_kg"`
}

type refManifest struct {
	SchemaVersion json.RawMessage   `json:"schema_version"`
	ShipmentID    *string           `json:"shipment_id"`
	EventType     *string           `json:"event_type"`
	EventTime     *string           `json:"event_time"`
	Mode          *string           `json:"mode"`
	Origin        json.RawMessage   `json:"origin"`
	Destination   json.RawMessage   `json:"destination"`
	Route         []json.RawMessage `json:"route"`
	Shipper       json.RawMessage   `json:"shipper"`
	Consignee     json.RawMessage   `json:"consignee"`
	NotifyParty   json.RawMessage   `json:"notify_party"`
	DeclaredValue json.RawMessage   `json:"declared_value"`
	Items         json.RawMessage   `json:"items"`
}

var errRef = errors.New("rejected by reference decoder")

// refDecode decodes with encoding/json. Its errors only say "rejected".
func refDecode(data []byte) (*Manifest, error) {
	if len(data) > MaxEventBytes || !utf8.Valid(data) {
		return nil, errRef
	}
	var r refManifest
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, err
	}
	if t := bytes.TrimSpace(data); len(t) == 0 || t[0] != '{' {
		return nil, errRef
	}
	m := &Manifest{SchemaVersion: SchemaVersion, EventType: EventFiled}
	var err error
	if r.SchemaVersion != nil && !isNullRaw(r.SchemaVersion) {
		if !isNumberRaw(r.SchemaVersion) {
			return nil, errRef
		}
		if err := checkSchemaVersion(string(r.SchemaVersion)); err != nil {
			return nil, err
		}
	}
	if s := str(r.ShipmentID); s != "" {
		if m.ShipmentID, err = normShipmentID(s); err != nil {
			return nil, err
		}
	}
	if s := str(r.EventType); !isBlank(s) {
		if m.EventType, err = normEventType(s); err != nil {
			return nil, err
		}
	}
	if s := str(r.EventTime); s != "" {
		if m.EventTime, err = normEventTime(s); err != nil {
			return nil, err
		}
	}
	if s := str(r.Mode); !isBlank(s) {
		if m.Mode, err = normMode(s); err != nil {
			return nil, err
		}
	}
	if err := refPlaces(&r, m); err != nil {
		return nil, err
	}
	if err := refParties(&r, m); err != nil {
		return nil, err
	}
	if err := refItems(r.Items, m); err != nil {
		return nil, err
	}
	if m.ShipmentID == "" || m.EventTime.IsZero() {
		return nil, errRef
	}
	return m, nil
}

func refPlaces(r *refManifest, m *Manifest) error {
	for _, p := range []struct {
		raw json.RawMessage
		dst *Place
	}{{r.Origin, &m.Origin}, {r.Destination, &m.Destination}} {
		if p.raw == nil {
			continue
		}
		if err := refPlace(p.raw, p.dst); err != nil {
			return err
		}
	}
	if len(r.Route) > MaxItems {
		return errRef
	}
	for _, raw := range r.Route {
		var p Place
		if err := refPlace(raw, &p); err != nil {
			return err
		}
		m.Route = append(m.Route, p)
	}
	return nil
}

func refPlace(raw json.RawMessage, p *Place) error {
	var rp wirePlace
	if err := refObject(raw, &rp); err != nil {
		return err
	}
	var err error
	if s := str(rp.Country); !isBlank(s) {
		if p.Country, err = normCountry(s); err != nil {
			return err
		}
	}
	if s := str(rp.Locode); !isBlank(s) {
		if p.Locode, err = normLocode(s); err != nil {
			return err
		}
	}
	return finishPlace(p, loc{"place", -1})
}

func refParties(r *refManifest, m *Manifest) error {
	for _, p := range []struct {
		raw json.RawMessage
		dst *Party
	}{{r.Shipper, &m.Shipper}, {r.Consignee, &m.Consignee}, {r.NotifyParty, &m.NotifyParty}} {
		if p.raw == nil {
			continue
		}
		var rp wireParty
		if err := refObject(p.raw, &rp); err != nil {
			return err
		}
		p.dst.Name = strings.TrimSpace(str(rp.Name))
		p.dst.Address = strings.TrimSpace(str(rp.Address))
		if s := str(rp.Country); !isBlank(s) {
			c, err := normCountry(s)
			if err != nil {
				return err
			}
			p.dst.Country = c
		}
	}
	if r.DeclaredValue == nil {
		return nil
	}
	var rm wireMoney
	if err := refObject(r.DeclaredValue, &rm); err != nil {
		return err
	}
	var err error
	if m.DeclaredValue.Amount, err = refAmount(rm.Amount); err != nil {
		return err
	}
	if s := str(rm.Currency); !isBlank(s) {
		m.DeclaredValue.Currency, err = normCurrency(s)
	}
	return err
}

func refItems(raw json.RawMessage, m *Manifest) error {
	var items []json.RawMessage
	if raw == nil || isNullRaw(raw) {
		return errRef
	}
	if err := json.Unmarshal(raw, &items); err != nil {
		return err
	}
	if len(items) == 0 || len(items) > MaxItems {
		return errRef
	}
	for i, ri := range items {
		it, err := refItem(ri, i)
		if err != nil {
			return err
		}
		m.Items = append(m.Items, it)
	}
	return nil
}

func refItem(raw json.RawMessage, i int) (Item, error) {
	var r wireItem
	var it Item
	var err error
	if err = refObject(raw, &r); err != nil {
		return it, err
	}
	it.Line = i + 1
	if r.Line != nil && !isNullRaw(r.Line) {
		if !isNumberRaw(r.Line) {
			return it, errRef
		}
		if it.Line, err = parseLine(string(r.Line)); err != nil {
			return it, err
		}
	}
	if s := str(r.Description); s != "" {
		if it.Description, err = normDescription(s); err != nil {
			return it, err
		}
	}
	if it.Description == "" {
		return it, errRef
	}
	if s := str(r.HSCode); !isBlank(s) {
		if it.HSCode, err = normHSCode(s); err != nil {
			return it, err
		}
	}
	it.CAS = strings.TrimSpace(str(r.CAS))
	if s := str(r.Unit); !isBlank(s) {
		if it.Unit, err = normUnit(s); err != nil {
			return it, err
		}
	}
	if it.Quantity, err = refAmount(r.Quantity); err != nil {
		return it, err
	}
	it.GrossWeightKg, err = refAmount(r.GrossWeightKg)
	return it, err
}

// refObject decodes a JSON object; null is an error, as in the contract.
func refObject(raw json.RawMessage, v any) error {
	if isNullRaw(raw) || raw[0] != '{' {
		return errRef
	}
	return json.Unmarshal(raw, v)
}

func refAmount(raw json.RawMessage) (float64, error) {
	if raw == nil || isNullRaw(raw) {
		return 0, nil
	}
	var f float64
	var err error
	switch {
	case raw[0] == '"':
		var s string
		if err = json.Unmarshal(raw, &s); err != nil || isBlank(s) {
			return 0, err
		}
		f, err = numericString(s)
	case isNumberRaw(raw):
		f, err = parseFloat(string(raw))
	default:
		return 0, errRef
	}
	if err == nil {
		f, err = nonNegative(f)
	}
	return f, err
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func isNullRaw(raw json.RawMessage) bool { return string(raw) == "null" }

func isNumberRaw(raw json.RawMessage) bool {
	return len(raw) > 0 && (raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9'))
}

// knownNames are all field names of the contract, at any level.
var knownNames = []string{
	"schema_version", "shipment_id", "event_type", "event_time", "mode", "origin",
	"destination", "route", "shipper", "consignee", "notify_party", "declared_value",
	"items", "country", "locode", "name", "address", "amount", "currency", "line",
	"description", "hs_code", "cas", "quantity", "unit", "gross_weight_kg",
}

// plainKeys reports whether data's objects have no duplicate keys and no key
// that matches a contract name only case-insensitively: the inputs on which
// encoding/json (last duplicate wins, case-insensitive names) and the
// contract (duplicates rejected, exact names) are meant to agree.
func plainKeys(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object bool
		keys   map[string]bool
		expect bool // next string token is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return true // syntax errors are compared elsewhere
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if s, ok := tok.(string); ok && top != nil && top.object && top.expect {
			if top.keys[s] || foldsToKnown(s) {
				return false
			}
			top.keys[s] = true
			top.expect = false
			continue
		}
		if top != nil && top.object {
			top.expect = true
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, keys: map[string]bool{}, expect: true})
		case json.Delim('['):
			stack = append(stack, &frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && stack[len(stack)-1].object {
				stack[len(stack)-1].expect = true
			}
		}
	}
}

func foldsToKnown(key string) bool {
	for _, n := range knownNames {
		if key != n && strings.EqualFold(key, n) {
			return true
		}
	}
	return false
}
