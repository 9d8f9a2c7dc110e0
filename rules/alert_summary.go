package rules

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/precursorwatch/precursor/manifest"
)

// summary is one human line, e.g.
// "HIGH 80: 4-AP (4-Anilinopiperidine) CN->MX express; rules FEN-001, FEN-002".
// It is written into a buffer on the stack and copied once into the
// string.
func summary(a *Alert, m *manifest.Manifest, r Result) string {
	var buf [256]byte
	b := appendUpper(buf[:0], r.Severity)
	b = append(b, ' ')
	b = appendWhole(b, RoundedScore(r.Score))
	b = append(b, ": "...)
	n := len(b)
	if b = appendChemicalLabel(b, a, r); len(b) > n {
		b = append(b, ' ')
	}
	b = append(b, orDash(m.Origin.Country)...)
	for _, p := range m.Route {
		b = append(b, "->"...)
		b = append(b, p.Country...)
	}
	b = append(b, "->"...)
	b = append(b, orDash(m.Destination.Country)...)
	if m.Mode != "" {
		b = append(b, ' ')
		b = append(b, m.Mode...)
	}
	if len(r.Hits) == 0 {
		b = append(b, "; no rules"...)
	} else {
		b = append(b, "; rules "...)
		for i, h := range r.Hits {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, h.RuleID...)
		}
	}
	for i, s := range r.Suppressed {
		if i == 0 {
			b = append(b, "; suppressed by "...)
		} else {
			b = append(b, ", "...)
		}
		b = append(b, s.Exception...)
	}
	return string(b)
}

// appendUpper writes strings.ToUpper(s), ASCII byte by byte.
func appendUpper(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return append(dst, strings.ToUpper(s[i:])...)
		}
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// appendWhole writes a whole number as strconv.FormatFloat(f, 'f', 0, 64)
// does.
func appendWhole(dst []byte, f float64) []byte {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 && !(f == 0 && math.Signbit(f)) {
		return strconv.AppendInt(dst, int64(f), 10)
	}
	return strconv.AppendFloat(dst, f, 'f', 0, 64)
}

// appendChemicalLabel writes the name of the chemical an alert is mostly
// about: the first chemical in the hits' evidence, else the most
// confident match >= 0.5, as "ABBR (Name)" or "Name", with "+N more" for
// further chemicals; else an uncatalogued derivative found by structure;
// else nothing.
func appendChemicalLabel(dst []byte, a *Alert, r Result) []byte {
	var idBuf [8]string
	ids := idBuf[:0]
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
		return append(dst, derivativeLabel(a)...)
	}
	label := false
	for i := range a.Matches {
		if m := &a.Matches[i]; m.Chemical == ids[0] {
			if abbr := abbreviationOf(m.Text, m.Name); abbr != "" {
				dst = append(dst, abbr...)
				dst = append(dst, " ("...)
				dst = append(dst, m.Name...)
				dst = append(dst, ')')
			} else {
				dst = append(dst, m.Name...)
			}
			label = true
			break
		}
	}
	if !label {
		dst = append(dst, ids[0]...)
	}
	if len(ids) > 1 {
		dst = append(dst, " +"...)
		dst = strconv.AppendInt(dst, int64(len(ids)-1), 10)
		dst = append(dst, " more"...)
	}
	return dst
}

// abbreviationOf returns the matched text when it is a short code (no
// spaces, shorter than the name), e.g. "4-AP" for 4-Anilinopiperidine.
func abbreviationOf(text, name string) string {
	if text == "" || strings.ContainsAny(text, " \t") || len(text) >= len(name) || len(text) > 12 {
		return ""
	}
	return text
}

// RoundedScore is the score as people read it: rounded to the nearest
// integer, halves up. The summary prints it and the severity is judged on
// it, so "HIGH 70" and "MEDIUM 69" never disagree with the thresholds.
func RoundedScore(score float64) float64 { return math.Round(score) }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
