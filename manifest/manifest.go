package manifest

import "time"

// SchemaVersion is the only manifest schema version this decoder accepts.
const SchemaVersion = 1

// EventType says what happened to a shipment filing.
type EventType string

// Event types. An absent event_type decodes as EventFiled.
const (
	EventFiled     EventType = "filed"
	EventAmended   EventType = "amended"
	EventCancelled EventType = "cancelled"
)

// Mode is the transport mode of a shipment.
type Mode string

// Transport modes. Mode is optional; an absent mode is the empty string.
const (
	ModeOcean   Mode = "ocean"
	ModeAir     Mode = "air"
	ModeExpress Mode = "express"
	ModePostal  Mode = "postal"
	ModeTruck   Mode = "truck"
	ModeRail    Mode = "rail"
)

// Manifest is one decoded, validated and normalised manifest event.
type Manifest struct {
	SchemaVersion int       `json:"schema_version"`
	ShipmentID    string    `json:"shipment_id"`
	EventType     EventType `json:"event_type"`
	EventTime     time.Time `json:"event_time"`
	Mode          Mode      `json:"mode,omitempty"`
	Origin        Place     `json:"origin,omitzero"`
	Destination   Place     `json:"destination,omitzero"`
	// Route lists the transit points between origin and destination, in order.
	Route         []Place `json:"route,omitempty"`
	Shipper       Party   `json:"shipper,omitzero"`
	Consignee     Party   `json:"consignee,omitzero"`
	NotifyParty   Party   `json:"notify_party,omitzero"`
	DeclaredValue Money   `json:"declared_value,omitzero"`
	Items         []Item  `json:"items"`
}

// Place is a country with an optional UN/LOCODE.
type Place struct {
	// Country is an ISO 3166-1 alpha-2 code, upper case after decoding.
	Country string `json:"country"`
	// Locode is a five-character UN/LOCODE (country + location), upper case.
	Locode string `json:"locode,omitempty"`
}

// Party is a shipper, consignee or notify party.
type Party struct {
	Name    string `json:"name,omitempty"`
	Address string `json:"address,omitempty"`
	Country string `json:"country,omitempty"`
}

// Money is a declared value.
type Money struct {
	Amount   float64 `json:"amount,omitempty"`
	Currency string  `json:"currency,omitempty"`
}

// Item is one line item of a manifest.
type Item struct {
	Line        int    `json:"line"`
	Description string `json:"description"`
	// HSCode holds digits only after decoding: "2933.39" becomes "293339".
	HSCode string `json:"hs_code,omitempty"`
	// CAS is the declared CAS registry number as written by the filer.
	CAS      string  `json:"cas,omitempty"`
	Quantity float64 `json:"quantity,omitempty"`
	// Unit is normalised to a canonical unit: "kg", "g", "t", "l", "ml", "pcs", ...
	Unit          string  `json:"unit,omitempty"`
	GrossWeightKg float64 `json:"gross_weight_kg,omitempty"`
}
