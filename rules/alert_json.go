package rules

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// chemicalLabel names the chemical an alert is mostly about: the first
// chemical in the hits' evidence, else the most confident match >= 0.5,
// as "ABBR (Name)" or "Name", with "+N more" for further chemicals.
func chemicalLabel(a *Alert, r Result) string {
	var ids []string
	for _, h := range r.Hits {
		for _, ev := range h.Evidence {
			if ev.Chemical != "" {
				ids = addUnique(ids, ev.Chemical)
			}
		}
	}
	best := -1
	for i, m := range a.Matches {
		if m.Chemical != "" && m.Confidence >= minConfidence && (best < 0 || m.Confidence > a.Matches[best].Confidence) {
			best = i
		}
	}
	if len(ids) == 0 && best >= 0 {
		ids = append(ids, a.Matches[best].Chemical)
	}
	if len(ids) == 0 {
		return ""
	}
	label := ids[0]
	for _, m := range a.Matches {
		if m.Chemical == ids[0] {
			label = m.Name
			if abbr := abbreviationOf(m.Text, m.Name); abbr != "" {
				label = abbr + " (" + m.Name + ")"
			}
			break
		}
	}
	if len(ids) > 1 {
		label += " +" + strconv.Itoa(len(ids)-1) + " more"
	}
	return label
}

// abbreviationOf returns the matched text when it is a short code (no
// spaces, shorter than the name), e.g. "4-AP" for 4-Anilinopiperidine.
func abbreviationOf(text, name string) string {
	if text == "" || strings.ContainsAny(text, " \t") || len(text) >= len(name) || len(text) > 12 {
		return ""
	}
	return text
}

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
	return append(dst, "}}"...)
}

func appendHits(dst []byte, hits []Hit) []byte {
	dst = append(dst, '[')
	for i, h := range hits {
		dst = comma(dst, i)
		dst = append(dst, `{"rule":`...)
		dst = appendString(dst, h.RuleID)
		dst = appendKeyString(dst, "title", h.Title)
		dst = append(dst, `,"score":`...)
		dst = appendFloat(dst, h.Score)
		dst = append(dst, `,"tags":`...)
		dst = appendStrings(dst, h.Tags)
		dst = appendReferences(dst, h.References)
		dst = append(dst, `,"evidence":[`...)
		for j, ev := range h.Evidence {
			dst = comma(dst, j)
			dst = appendEvidence(dst, ev)
		}
		dst = append(dst, ']')
		dst = appendOptCount(dst, "evidence_truncated", h.EvidenceTruncated)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendReferences writes a hit's references, when it has any.
func appendReferences(dst []byte, refs []Reference) []byte {
	if len(refs) == 0 {
		return dst
	}
	dst = append(dst, `,"references":[`...)
	for i, r := range refs {
		dst = comma(dst, i)
		dst = append(dst, `{"source":`...)
		dst = appendString(dst, r.Source)
		dst = appendKeyString(dst, "title", r.Title)
		if r.URL != "" {
			dst = appendKeyString(dst, "url", r.URL)
		}
		if r.Note != "" {
			dst = appendKeyString(dst, "note", r.Note)
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendEvidence writes the set fields only, matching the omitempty tags.
func appendEvidence(dst []byte, ev Evidence) []byte {
	start := len(dst)
	dst = append(dst, '{')
	opt := func(key, v string) {
		if v != "" {
			dst = appendOptKey(dst, start, key)
			dst = appendString(dst, v)
		}
	}
	if ev.Line != 0 {
		dst = appendOptKey(dst, start, "line")
		dst = strconv.AppendInt(dst, int64(ev.Line), 10)
	}
	opt("chemical", ev.Chemical)
	opt("family", ev.Family)
	opt("method", ev.Method)
	if ev.Confidence != 0 {
		dst = appendOptKey(dst, start, "confidence")
		dst = appendFloat(dst, ev.Confidence)
	}
	opt("text", ev.Text)
	opt("item_field", ev.ItemField)
	opt("obfuscation", ev.Obfuscation)
	opt("field", ev.Field)
	opt("value", ev.Value)
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

// appendFloat writes f in the shortest form that round-trips; non-finite
// values (never produced by scoring) are written as 0 to keep JSON valid.
func appendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, '0')
	}
	return strconv.AppendFloat(dst, f, 'g', -1, 64)
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced by U+FFFD, U+2028/U+2029
// escaped for JavaScript consumers.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
