package rules

import (
	"slices"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
)

// reset fills e from a manifest and its enrichment, reusing e's slices so a
// pooled Env costs no allocation for typical manifests. Everything the
// helper functions need is computed here, once per shipment.
func (e *Env) reset(m *manifest.Manifest, en Enrichment, lists map[string][]string) {
	e.ShipmentID = m.ShipmentID
	e.EventType = string(m.EventType)
	e.EventTime = m.EventTime
	e.Mode = string(m.Mode)
	e.Origin, e.OriginLocode = m.Origin.Country, m.Origin.Locode
	e.Destination, e.DestinationLocode = m.Destination.Country, m.Destination.Locode
	e.Route = e.Route[:0]
	for _, p := range m.Route {
		e.Route = append(e.Route, p.Country)
	}
	e.Shipper = Party(m.Shipper)
	e.Consignee = Party(m.Consignee)
	e.NotifyParty = Party(m.NotifyParty)
	e.Value, e.Currency = m.DeclaredValue.Amount, m.DeclaredValue.Currency
	e.Lists = lists
	e.Chemicals, e.Families = e.Chemicals[:0], e.Families[:0]
	f := &e.facts
	f.controlled, f.roles = f.controlled[:0], f.roles[:0]
	f.watchlisted, f.hsMismatch, f.casInvalid, f.normReady = false, false, false, false
	f.confident = false
	f.parties, f.listed = en.Parties, listedParty(en.Parties)

	n := len(m.Items)
	if cap(f.items) < n {
		f.items = make([]Item, n)
	}
	f.items = f.items[:n]
	for len(f.matches) < n {
		f.matches = append(f.matches, nil)
	}
	e.Items = e.Items[:0]
	f.matchCount, f.textSteps = 0, n
	for i := range m.Items {
		res := &noResult
		if i < len(en.Items) {
			res = &en.Items[i]
		}
		e.setItem(i, &m.Items[i], res)
		e.Items = append(e.Items, &f.items[i])
	}
}

// noResult is the enrichment of an item Enrichment has none for; never
// written.
var noResult chemicals.Result

// setItem fills item i, reusing its match storage. Field by field: every
// field of Item is set (Matches below), and assigning a composite literal
// would build it aside and copy it.
func (e *Env) setItem(i int, src *manifest.Item, res *chemicals.Result) {
	f := &e.facts
	it := &f.items[i]
	ptrs := it.Matches[:0]
	it.Line, it.Description, it.HSCode, it.CAS = src.Line, src.Description, src.HSCode, src.CAS
	it.Quantity, it.Unit, it.Kg, it.GrossWeightKg = src.Quantity, src.Unit, src.Kg(), src.GrossWeightKg
	ms := f.matches[i][:0]
	for j := range res.Matches {
		ms = append(ms, e.addMatch(&res.Matches[j]))
	}
	f.matches[i] = ms
	f.matchCount += len(ms)
	f.textSteps += len(src.Description) / textBytesPerStep
	for j := range ms {
		ptrs = append(ptrs, &ms[j])
	}
	it.Matches = ptrs
	if len(res.InvalidCAS) > 0 {
		f.casInvalid = true
	}
}

// addMatch converts one catalog match and folds it into the shipment facts.
func (e *Env) addMatch(cm *chemicals.Match) Match {
	m := Match{
		Method: string(cm.Method), Confidence: cm.Confidence,
		Text: cm.Text, Field: string(cm.Field), HS: string(cm.HS), start: cm.Start, end: cm.End,
	}
	if cm.Obfuscation != 0 {
		m.Obfuscation = cm.Obfuscation.String() // rare: only disguised text allocates
	}
	f := &e.facts
	f.confident = f.confident || cm.Confidence >= minConfidence
	ent := cm.Entry
	if ent == nil {
		return m
	}
	mask := controlMask(ent, e)
	m.Chemical, m.Family, m.Role = ent.ID, ent.Family, string(ent.Role)
	m.Controlled = mask != 0
	m.Watchlist = ent.Watchlist()
	if cm.Confidence < minConfidence {
		return m
	}
	if !slices.Contains(e.Chemicals, ent.ID) {
		e.Chemicals = append(e.Chemicals, ent.ID)
		f.controlled = append(f.controlled, mask)
	}
	if ent.Family != "" && !slices.Contains(e.Families, ent.Family) {
		e.Families = append(e.Families, ent.Family)
	}
	if !slices.Contains(f.roles, m.Role) {
		f.roles = append(f.roles, m.Role)
	}
	f.watchlisted = f.watchlisted || m.Watchlist
	f.hsMismatch = f.hsMismatch || cm.HS == chemicals.HSMismatch
	return m
}

// controlMask is the set of jurisdictions controlling ent at the event date.
func controlMask(ent *chemicals.Entry, e *Env) uint16 {
	var mask uint16
	for i, j := range chemicals.Jurisdictions {
		if ent.ControlledIn(j, e.EventTime) {
			mask |= 1 << i
		}
	}
	return mask
}

// guards returns the guard facts (guard.go) of the shipment but needHS,
// which guardsBefore finds.
func (e *Env) guards() guard {
	var g guard
	if e.facts.confident {
		g |= needMatch
	}
	if e.facts.casInvalid {
		g |= needBadCAS
	}
	if e.facts.listed {
		g |= needParty
	}
	return g
}

// guardsBefore returns, from the manifest and its enrichment alone, the
// guard facts that guards finds once the Env is built, and needHS (hs is
// the ruleset's hsGuard); needMatch is also assumed whenever an item has
// a structure finding, which addStructures may turn into a confident
// match. A superset of the facts, then: when it leaves no rule to run,
// the exact facts do not either, and Score need not build the Env. The
// loops follow reset's: items beyond the manifest's are ignored.
func guardsBefore(m *manifest.Manifest, en Enrichment, hs *hsPrefixes) guard {
	var g guard
	if listedParty(en.Parties) {
		g |= needParty
	}
	n := len(m.Items)
	for i := range min(n, len(en.Items)) {
		res := &en.Items[i]
		if len(res.InvalidCAS) > 0 {
			g |= needBadCAS
		}
		for j := range res.Matches {
			if res.Matches[j].Confidence >= minConfidence {
				g |= needMatch
			}
		}
	}
	for i := range min(n, len(en.Structures)) {
		if len(en.Structures[i]) > 0 {
			g |= needMatch
		}
	}
	if hs != nil {
		for i := range m.Items {
			if hs.has(m.Items[i].HSCode) {
				g |= needHS
				break
			}
		}
	}
	return g
}
