package rules

import (
	"strconv"

	"github.com/precursorwatch/precursor/manifest"
)

// maxAlertRoute is the number of transit places kept in an alert's route;
// the rest are counted in route_truncated.
const maxAlertRoute = 20

// Place is a country with an optional UN/LOCODE, as declared.
type Place struct {
	Country string `json:"country"`
	Locode  string `json:"locode,omitempty"`
}

// Parties are the three parties of a filing; a party not declared has
// empty fields.
type Parties struct {
	Shipper     Party `json:"shipper"`
	Consignee   Party `json:"consignee"`
	NotifyParty Party `json:"notify_party"`
}

// Money is a declared value; Amount 0 and Currency "" when not declared.
type Money struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

// setShipment copies the shipment header an analyst needs without the
// manifest: mode, places, route (bounded), value and parties.
func (a *Alert) setShipment(m *manifest.Manifest) {
	a.Mode = string(m.Mode)
	a.Origin = Place(m.Origin)
	a.Destination = Place(m.Destination)
	a.Route = make([]Place, 0, min(len(m.Route), maxAlertRoute))
	for i, p := range m.Route {
		if i == maxAlertRoute {
			a.RouteTruncated = len(m.Route) - maxAlertRoute
			break
		}
		a.Route = append(a.Route, Place(p))
	}
	a.DeclaredValue = Money(m.DeclaredValue)
	a.Parties = Parties{Shipper: Party(m.Shipper), Consignee: Party(m.Consignee), NotifyParty: Party(m.NotifyParty)}
}

// appendShipment writes the shipment header members, each preceded by a
// comma.
func (a *Alert) appendShipment(dst []byte) []byte {
	dst = appendKeyString(dst, "mode", a.Mode)
	dst = append(dst, `,"origin":`...)
	dst = appendPlace(dst, a.Origin)
	dst = append(dst, `,"route":[`...)
	for i, p := range a.Route {
		dst = comma(dst, i)
		dst = appendPlace(dst, p)
	}
	dst = append(dst, ']')
	dst = appendOptCount(dst, "route_truncated", a.RouteTruncated)
	dst = append(dst, `,"destination":`...)
	dst = appendPlace(dst, a.Destination)
	dst = append(dst, `,"declared_value":{"amount":`...)
	dst = appendFloat(dst, a.DeclaredValue.Amount)
	dst = appendKeyString(dst, "currency", a.DeclaredValue.Currency)
	dst = append(dst, `},"parties":{"shipper":`...)
	dst = appendParty(dst, a.Parties.Shipper)
	dst = append(dst, `,"consignee":`...)
	dst = appendParty(dst, a.Parties.Consignee)
	dst = append(dst, `,"notify_party":`...)
	dst = appendParty(dst, a.Parties.NotifyParty)
	return append(dst, '}')
}

func appendPlace(dst []byte, p Place) []byte {
	dst = append(dst, `{"country":`...)
	dst = appendString(dst, p.Country)
	if p.Locode != "" {
		dst = appendKeyString(dst, "locode", p.Locode)
	}
	return append(dst, '}')
}

func appendParty(dst []byte, p Party) []byte {
	dst = append(dst, `{"name":`...)
	dst = appendString(dst, p.Name)
	dst = appendKeyString(dst, "address", p.Address)
	dst = appendKeyString(dst, "country", p.Country)
	return append(dst, '}')
}

// appendHitItem writes one of a hit's items: the declared text in full,
// the quantity, unit and kilograms when known.
func appendHitItem(dst []byte, it *HitItem) []byte {
	dst = append(dst, `{"line":`...)
	dst = strconv.AppendInt(dst, int64(it.Line), 10)
	dst = appendKeyString(dst, "description", it.Description)
	if it.HSCode != "" {
		dst = appendKeyString(dst, "hs_code", it.HSCode)
	}
	if it.CAS != "" {
		dst = appendKeyString(dst, "cas", it.CAS)
	}
	if it.Quantity != 0 {
		dst = append(dst, `,"quantity":`...)
		dst = appendFloat(dst, it.Quantity)
	}
	if it.Unit != "" {
		dst = appendKeyString(dst, "unit", it.Unit)
	}
	if it.Kg != 0 {
		dst = append(dst, `,"kg":`...)
		dst = appendFloat(dst, it.Kg)
	}
	return append(dst, '}')
}
