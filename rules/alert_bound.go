package rules

import "strconv"

// Bounds on the explanations in one alert. Without them an alert grows with
// the number of matching items times the number of hits (a 1000-item
// manifest could yield an alert of several megabytes, more than a Kafka
// topic accepts). With them an alert is bounded by the ruleset's size, not
// the shipment's: each list keeps its first entries and says how many it
// left out.
const (
	// maxAlertEvidence is the number of item evidence entries (catalog
	// matches and item field values, those with a line) kept per hit;
	// shipment-level field values (origin, route, ...), at most one per
	// field the rule reads, are always kept. The rest are counted in the
	// hit's evidence_truncated.
	maxAlertEvidence = 10
	// maxHitItems is the number of items kept per hit, the first in item
	// order; the rest are counted in the hit's items_truncated.
	maxHitItems = 10
	// maxAlertMatches is the number of distinct catalog matches kept in
	// matches; the rest are counted in matches_truncated.
	maxAlertMatches = 50
	// maxAlertInvalidCAS is the number of distinct invalid CAS findings
	// kept in invalid_cas; the rest are counted in invalid_cas_truncated.
	maxAlertInvalidCAS = 20
	// maxMinimalErrorLen bounds each rule error message of a minimal alert.
	maxMinimalErrorLen = 200
	// maxMinimalPartyLen bounds each party name, address and country of a
	// minimal alert.
	maxMinimalPartyLen = 200
)

// boundHits returns hits with each hit's evidence bounded by
// maxAlertEvidence and its items by maxHitItems. hits (the Result's) is
// not modified: a hit over a bound is copied with shorter lists.
func boundHits(hits []Hit) []Hit {
	if hits == nil {
		return []Hit{}
	}
	var out []Hit
	for i, h := range hits {
		ev, dropped := boundEvidence(h.Evidence)
		items := h.Items
		if len(items) > maxHitItems {
			items = items[:maxHitItems:maxHitItems]
		}
		if dropped == 0 && len(items) == len(h.Items) {
			if out != nil {
				out[i] = h
			}
			continue
		}
		if out == nil {
			out = make([]Hit, len(hits))
			copy(out, hits)
		}
		h.Evidence, h.EvidenceTruncated = ev, h.EvidenceTruncated+dropped
		h.Items, h.ItemsTruncated = items, h.ItemsTruncated+len(h.Items)-len(items)
		out[i] = h
	}
	if out == nil {
		return hits
	}
	return out
}

// boundEvidence keeps the first maxAlertEvidence item entries (Line set)
// and every shipment-level entry, in order, and returns how many it left
// out. The input is not modified.
func boundEvidence(ev []Evidence) ([]Evidence, int) {
	items := 0
	for _, e := range ev {
		if e.Line != 0 {
			items++
		}
	}
	if items <= maxAlertEvidence {
		return ev, 0
	}
	out := make([]Evidence, 0, len(ev)-items+maxAlertEvidence)
	kept := 0
	for _, e := range ev {
		if e.Line != 0 {
			if kept == maxAlertEvidence {
				continue
			}
			kept++
		}
		out = append(out, e)
	}
	return out, items - kept
}

// bound removes duplicate matches and invalid CAS findings and caps both
// lists. Matches are kept so that every distinct chemical (and matched
// text) is represented before repeats of the same one on further lines.
func (a *Alert) bound() {
	a.Matches, a.MatchesTruncated = boundMatches(a.Matches)
	a.InvalidCAS, a.InvalidCASTruncated = boundInvalidCAS(a.InvalidCAS)
}

type matchKey struct {
	chemical, method, text, field string
}

// boundMatches drops exact duplicates, then, when more than
// maxAlertMatches remain, keeps the first match of each distinct
// (chemical, method, text, field) and fills the remaining places with the
// other matches in item order. Kept matches stay in item order.
func boundMatches(ms []AlertMatch) ([]AlertMatch, int) {
	if len(ms) <= 1 {
		return ms, 0
	}
	ms = dedupe(ms, func(m AlertMatch) string {
		return m.Chemical + "\x00" + m.Family + "\x00" + m.Method + "\x00" + m.Text + "\x00" + m.Field + "\x00" + m.HS + "\x00" + strconv.Itoa(m.Line)
	}, func(x, y AlertMatch) bool {
		return x.Line == y.Line && x.Chemical == y.Chemical && x.Family == y.Family && x.Method == y.Method && x.Text == y.Text &&
			x.Field == y.Field && x.HS == y.HS
	})
	if len(ms) <= maxAlertMatches {
		return ms, 0
	}
	keep := make([]bool, len(ms))
	seen := map[matchKey]bool{}
	n := 0
	for i, m := range ms {
		k := matchKey{m.Chemical, m.Method, m.Text, m.Field}
		if !seen[k] && n < maxAlertMatches {
			seen[k], keep[i] = true, true
			n++
		}
	}
	for i := range ms {
		if !keep[i] && n < maxAlertMatches {
			keep[i] = true
			n++
		}
	}
	out := make([]AlertMatch, 0, maxAlertMatches)
	for i, m := range ms {
		if keep[i] {
			out = append(out, m)
		}
	}
	return out, len(ms) - len(out)
}

// boundInvalidCAS drops exact duplicates and keeps the first
// maxAlertInvalidCAS findings.
func boundInvalidCAS(xs []InvalidCAS) ([]InvalidCAS, int) {
	if len(xs) <= 1 {
		return xs, 0
	}
	xs = dedupe(xs, func(x InvalidCAS) string {
		return x.Text + "\x00" + x.Field + "\x00" + x.Want + "\x00" + x.Chemical + "\x00" + strconv.Itoa(x.Line)
	}, func(x, y InvalidCAS) bool { return x == y })
	if len(xs) <= maxAlertInvalidCAS {
		return xs, 0
	}
	return xs[:maxAlertInvalidCAS:maxAlertInvalidCAS], len(xs) - maxAlertInvalidCAS
}

// dedupeQuadratic is the list length up to which dedupe compares pairs
// instead of building a set: the usual alert has a handful of matches.
const dedupeQuadratic = 32

// dedupe removes later exact duplicates from xs, in place; key and eq
// define equality (eq for short lists, key for long ones).
func dedupe[T any](xs []T, key func(T) string, eq func(x, y T) bool) []T {
	if len(xs) <= dedupeQuadratic {
		out := xs[:0]
	next:
		for _, x := range xs {
			for _, y := range out {
				if eq(x, y) {
					continue next
				}
			}
			out = append(out, x)
		}
		return out
	}
	seen := make(map[string]bool, len(xs))
	out := xs[:0]
	for _, x := range xs {
		k := key(x)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, x)
	}
	return out
}

// Minimal returns the smallest useful form of a: ids, score, severity,
// summary, the shipment header (party fields shortened), rule ids, titles,
// actions and tags, rule errors (messages shortened), with every item,
// evidence entry, match and invalid CAS finding left out and counted, the
// rules' descriptions and references left out, and Truncated set. The
// pipeline writes it when the full alert exceeds the alert topic's size
// limit. a is not modified.
func (a *Alert) Minimal() *Alert {
	m := *a
	m.Truncated = true
	m.Parties = Parties{Shipper: minimalParty(a.Parties.Shipper), Consignee: minimalParty(a.Parties.Consignee),
		NotifyParty: minimalParty(a.Parties.NotifyParty)}
	m.Hits, m.ShadowHits = minimalHits(a.Hits), minimalHits(a.ShadowHits)
	m.Matches, m.MatchesTruncated = []AlertMatch{}, a.MatchesTruncated+len(a.Matches)
	m.InvalidCAS, m.InvalidCASTruncated = []InvalidCAS{}, a.InvalidCASTruncated+len(a.InvalidCAS)
	m.RuleErrors = make([]RuleError, len(a.RuleErrors))
	for i, e := range a.RuleErrors {
		e.Error = truncateUTF8(e.Error, maxMinimalErrorLen)
		m.RuleErrors[i] = e
	}
	return &m
}

func minimalHits(hits []Hit) []Hit {
	out := make([]Hit, len(hits))
	for i, h := range hits {
		h.EvidenceTruncated += len(h.Evidence)
		h.Evidence = []Evidence{}
		h.ItemsTruncated += len(h.Items)
		h.Items = []HitItem{}
		h.Description, h.References, h.static = "", nil, nil
		h.Action = truncateUTF8(h.Action, maxMinimalErrorLen)
		out[i] = h
	}
	return out
}

func minimalParty(p Party) Party {
	return Party{Name: truncateUTF8(p.Name, maxMinimalPartyLen), Address: truncateUTF8(p.Address, maxMinimalPartyLen),
		Country: truncateUTF8(p.Country, maxMinimalPartyLen)}
}

// truncateUTF8 shortens s to at most n bytes, on a rune boundary, marking
// the cut with "...".
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - 3
	for cut > 0 && s[cut]&0xC0 == 0x80 { // continuation byte
		cut--
	}
	return s[:cut] + "..."
}
