package rules

import (
	"strconv"
	"time"
)

// AppendJSON appends the alert as one JSON object (no trailing newline).
// It is hand-written, without reflection, and its output is deterministic.
func (a *Alert) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"schema_version":`...)
	dst = strconv.AppendInt(dst, int64(a.SchemaVersion), 10)
	dst = appendKeyString(dst, "alert_id", a.ID)
	dst = appendKeyString(dst, "shipment_id", a.ShipmentID)
	dst = appendKeyString(dst, "event_type", a.EventType)
	dst = append(dst, `,"event_time":"`...)
	dst = a.EventTime.UTC().AppendFormat(dst, time.RFC3339Nano)
	dst = append(dst, `","score":`...)
	dst = appendFloat(dst, a.Score)
	dst = appendKeyString(dst, "severity", a.Severity)
	dst = appendKeyString(dst, "summary", a.Summary)
	if a.Truncated {
		dst = append(dst, `,"truncated":true`...)
	}
	dst = a.appendShipment(dst)
	dst = append(dst, `,"hits":`...)
	dst = appendHits(dst, a.Hits)
	dst = append(dst, `,"shadow_hits":`...)
	dst = appendHits(dst, a.ShadowHits)
	dst = append(dst, `,"suppressed":[`...)
	for i, s := range a.Suppressed {
		dst = comma(dst, i)
		dst = append(dst, `{"exception":`...)
		dst = appendString(dst, s.Exception)
		dst = append(dst, `,"rules":`...)
		dst = appendStrings(dst, s.Rules)
		dst = append(dst, '}')
	}
	dst = append(dst, `],"rule_errors":[`...)
	for i, e := range a.RuleErrors {
		dst = comma(dst, i)
		dst = append(dst, `{"rule":`...)
		dst = appendString(dst, e.RuleID)
		dst = appendKeyString(dst, "error", e.Error)
		dst = append(dst, '}')
	}
	dst = append(dst, `],"matches":`...)
	dst = appendMatches(dst, a.Matches)
	dst = appendOptCount(dst, "matches_truncated", a.MatchesTruncated)
	dst = append(dst, `,"invalid_cas":`...)
	dst = appendInvalidCAS(dst, a.InvalidCAS)
	dst = appendOptCount(dst, "invalid_cas_truncated", a.InvalidCASTruncated)
	dst = append(dst, `,"ruleset":{"name":`...)
	dst = appendString(dst, a.Ruleset.Name)
	dst = appendKeyString(dst, "version", a.Ruleset.Version)
	dst = appendKeyString(dst, "hash", a.Ruleset.Hash)
	dst = append(dst, `},"catalog":{"version":`...)
	dst = appendString(dst, a.Catalog.Version)
	dst = appendKeyString(dst, "hash", a.Catalog.Hash)
	dst = append(dst, `},"lists":`...)
	dst = appendLists(dst, a.Lists)
	return append(dst, '}')
}

// appendOptKey writes `"key":`, preceded by a comma unless it is the first
// member of the object opened at start.
func appendOptKey(dst []byte, start int, key string) []byte {
	if len(dst) > start+1 {
		dst = append(dst, ',')
	}
	dst = append(dst, '"')
	dst = append(dst, key...)
	return append(dst, `":`...)
}

func appendMatches(dst []byte, ms []AlertMatch) []byte {
	dst = append(dst, '[')
	for i, m := range ms {
		dst = comma(dst, i)
		dst = append(dst, `{"line":`...)
		dst = strconv.AppendInt(dst, int64(m.Line), 10)
		dst = appendKeyString(dst, "chemical", m.Chemical)
		dst = appendKeyString(dst, "name", m.Name)
		dst = appendKeyString(dst, "family", m.Family)
		dst = appendKeyString(dst, "method", m.Method)
		dst = append(dst, `,"confidence":`...)
		dst = appendFloat(dst, m.Confidence)
		dst = appendKeyString(dst, "text", m.Text)
		dst = appendKeyString(dst, "field", m.Field)
		dst = appendKeyString(dst, "hs", m.HS)
		dst = append(dst, `,"controlled_in":`...)
		dst = appendStrings(dst, m.ControlledIn)
		dst = appendStructureEvidence(dst, m.Structure)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

func appendInvalidCAS(dst []byte, xs []InvalidCAS) []byte {
	dst = append(dst, '[')
	for i, x := range xs {
		dst = comma(dst, i)
		dst = append(dst, `{"line":`...)
		dst = strconv.AppendInt(dst, int64(x.Line), 10)
		dst = appendKeyString(dst, "text", x.Text)
		dst = appendKeyString(dst, "field", x.Field)
		dst = appendKeyString(dst, "want_check_digit", x.Want)
		if x.Chemical != "" {
			dst = appendKeyString(dst, "chemical", x.Chemical)
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendOptCount writes `,"key":n` when n is not 0 (omitempty).
func appendOptCount(dst []byte, key string, n int) []byte {
	if n == 0 {
		return dst
	}
	dst = append(dst, ',', '"')
	dst = append(dst, key...)
	dst = append(dst, '"', ':')
	return strconv.AppendInt(dst, int64(n), 10)
}

func comma(dst []byte, i int) []byte {
	if i > 0 {
		return append(dst, ',')
	}
	return dst
}

func appendKeyString(dst []byte, key, v string) []byte {
	dst = append(dst, ',', '"')
	dst = append(dst, key...)
	dst = append(dst, '"', ':')
	return appendString(dst, v)
}

func appendStrings(dst []byte, ss []string) []byte {
	dst = append(dst, '[')
	for i, s := range ss {
		dst = comma(dst, i)
		dst = appendString(dst, s)
	}
	return append(dst, ']')
}
