package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"math/bits"
	"slices"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
)

// alertSchemaVersion is the version of the alert JSON (rules/alert.schema.json).
// Version 2 added the shipment header (mode, places, route, declared value,
// parties) and, per hit, the rule's description and action, the items and
// the spans of matches; the lists the parties were screened against and
// party hits and structures as evidence.
const alertSchemaVersion = 2

// Alert is the explained outcome of scoring one shipment, as written to the
// alert topic and by `precursor score`. AppendJSON is its one encoder.
type Alert struct {
	SchemaVersion int       `json:"schema_version"`
	ID            string    `json:"alert_id"`
	ShipmentID    string    `json:"shipment_id"`
	EventType     string    `json:"event_type"`
	EventTime     time.Time `json:"event_time"`
	Score         float64   `json:"score"`
	Severity      string    `json:"severity"`
	Summary       string    `json:"summary"`
	// Mode ... Parties are the shipment as declared, so an analyst needs
	// no manifest; Route keeps the first maxAlertRoute transit places and
	// RouteTruncated counts the rest.
	Mode           string        `json:"mode"`
	Origin         Place         `json:"origin"`
	Route          []Place       `json:"route"`
	RouteTruncated int           `json:"route_truncated,omitempty"`
	Destination    Place         `json:"destination"`
	DeclaredValue  Money         `json:"declared_value"`
	Parties        Parties       `json:"parties"`
	Hits           []Hit         `json:"hits"`
	ShadowHits     []Hit         `json:"shadow_hits"`
	Suppressed     []Suppression `json:"suppressed"`
	RuleErrors     []RuleError   `json:"rule_errors"`
	Matches        []AlertMatch  `json:"matches"`
	InvalidCAS     []InvalidCAS  `json:"invalid_cas"`
	Ruleset        RulesetRef    `json:"ruleset"`
	Catalog        CatalogRef    `json:"catalog"`
	// Lists are the lists the parties were screened against (none when
	// the engine screens no parties).
	Lists []ListRef `json:"lists"`

	// MatchesTruncated and InvalidCASTruncated count the entries left out
	// of Matches and InvalidCAS (see maxAlertMatches, maxAlertInvalidCAS).
	MatchesTruncated    int `json:"matches_truncated,omitempty"`
	InvalidCASTruncated int `json:"invalid_cas_truncated,omitempty"`
	// Truncated marks a minimal alert (see Minimal): every explanation was
	// left out to keep it within the alert topic's size limit.
	Truncated bool `json:"truncated,omitempty"`
}

// AlertMatch is one catalog match of an item, at any confidence, or a
// structure match (structure.go).
type AlertMatch struct {
	Line       int     `json:"line"`
	Chemical   string  `json:"chemical"`
	Name       string  `json:"name"`
	Family     string  `json:"family"`
	Method     string  `json:"method"`
	Confidence float64 `json:"confidence"`
	Text       string  `json:"text"`
	Field      string  `json:"field"`
	HS         string  `json:"hs"`
	// ControlledIn lists the jurisdictions controlling the chemical at the
	// event time.
	ControlledIn []string `json:"controlled_in"`
	// Structure is what the structure resolver read, for method
	// "structure" (Chemical is "" for an uncatalogued derivative).
	Structure *StructureEvidence `json:"structure,omitempty"`
}

// InvalidCAS is a CAS-shaped number with a wrong check digit.
type InvalidCAS struct {
	Line  int    `json:"line"`
	Text  string `json:"text"`
	Field string `json:"field"`
	// Want is the check digit that would make the number valid.
	Want string `json:"want_check_digit"`
	// Chemical is the catalog id whose number it most likely imitates, or "".
	Chemical string `json:"chemical,omitempty"`
}

// RulesetRef identifies the ruleset that scored a shipment.
type RulesetRef struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Hash    string `json:"hash"`
}

// CatalogRef identifies the catalog used.
type CatalogRef struct {
	Version string `json:"version"`
	Hash    string `json:"hash"`
}

// Alert builds the alert of a scored shipment. raw is the event as
// received: the alert id is a hash of the shipment id, raw and the ruleset
// version and hash, so a redelivered event yields the same id.
func (e *Engine) Alert(raw []byte, m *manifest.Manifest, en Enrichment, r Result) *Alert {
	if m == nil {
		m = &manifest.Manifest{}
	}
	a := &Alert{
		SchemaVersion: alertSchemaVersion,
		ID:            alertID(m.ShipmentID, raw, e.rs),
		ShipmentID:    m.ShipmentID,
		EventType:     string(m.EventType),
		EventTime:     m.EventTime,
		Score:         r.Score,
		Severity:      r.Severity,
		Hits:          boundHits(r.Hits),
		ShadowHits:    boundHits(r.ShadowHits),
		Suppressed:    nonNil(r.Suppressed),
		RuleErrors:    nonNil(r.RuleErrors),
		Matches:       make([]AlertMatch, 0, matchCount(en)),
		InvalidCAS:    []InvalidCAS{},
		Ruleset:       RulesetRef{Name: e.rs.name, Version: e.rs.version, Hash: e.rs.hash},
		Catalog:       CatalogRef{Version: e.cat.Version, Hash: e.cat.Hash},
		Lists:         nonNil(e.lists),
	}
	a.setShipment(m)
	for i := range m.Items {
		if i >= len(en.Items) {
			break
		}
		a.addItem(m.Items[i].Line, en.Items[i], m.EventTime)
	}
	a.addStructures(m, en, e.structs)
	a.bound()
	a.Summary = summary(a, m, r)
	return a
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (a *Alert) addItem(line int, res chemicals.Result, at time.Time) {
	for _, cm := range res.Matches {
		am := AlertMatch{
			Line: line, Method: string(cm.Method), Confidence: cm.Confidence,
			Text: cm.Text, Field: string(cm.Field), HS: string(cm.HS), ControlledIn: []string{},
		}
		if ent := cm.Entry; ent != nil {
			am.Chemical, am.Name, am.Family = ent.ID, ent.Name, ent.Family
			if w := controlledWhere(ent, at); w != nil {
				am.ControlledIn = w
			}
		}
		a.Matches = append(a.Matches, am)
	}
	for _, f := range res.InvalidCAS {
		x := InvalidCAS{Line: line, Text: f.Text, Field: string(f.Field), Want: string(rune(f.Want))}
		if f.Want == 0 {
			x.Want = ""
		}
		if f.Entry != nil {
			x.Chemical = f.Entry.ID
		}
		a.InvalidCAS = append(a.InvalidCAS, x)
	}
}

// matchCount is the number of catalog matches of the items: the
// capacity of an alert's matches before structures and bounds.
func matchCount(en Enrichment) int {
	n := 0
	for i := range en.Items {
		n += len(en.Items[i].Matches)
	}
	return n
}

// controlledWhere is ent.ControlledWhere(at) (TestControlledWhere compares
// them) in one pass over the entry's controls and one allocation: the
// jurisdictions, in chemicals.Jurisdictions order, whose first control of
// the entry is in force at the instant; nil if none.
func controlledWhere(ent *chemicals.Entry, at time.Time) []string {
	js := chemicals.Jurisdictions
	if len(js) > 64 {
		return ent.ControlledWhere(at)
	}
	var seen, in uint64
	for i := range ent.Controls {
		c := &ent.Controls[i]
		j := slices.Index(js, c.Jurisdiction)
		if j < 0 || seen&(1<<j) != 0 {
			continue
		}
		seen |= 1 << j
		if st := c.StatusAt(at); st == chemicals.InForce || st == chemicals.InForceDateUnknown {
			in |= 1 << j
		}
	}
	if in == 0 {
		return nil
	}
	out := make([]string, 0, bits.OnesCount64(in))
	for j := range js {
		if in&(1<<j) != 0 {
			out = append(out, js[j])
		}
	}
	return out
}

// alertID is the hex SHA-256 (first 16 bytes) of the shipment id, the raw
// event and the ruleset version and hash.
func alertID(shipmentID string, raw []byte, rs *Ruleset) string {
	h := sha256.New()
	h.Write([]byte(shipmentID))
	h.Write([]byte{0})
	h.Write(raw)
	h.Write([]byte{0})
	h.Write([]byte(rs.version))
	h.Write([]byte{0})
	h.Write([]byte(rs.hash))
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}
