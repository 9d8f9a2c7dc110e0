package console

import (
	"sort"
	"unicode/utf8"
)

// segment is a piece of an item's text, marked when a match covers it.
type segment struct {
	Text string
	Mark bool
	// Title says what matched the marked text (chemical, method).
	Title string
}

// span is a matched range of bytes of a text, with what matched.
type span struct {
	start, end int
	title      string
}

// highlight cuts text into plain and marked segments. Spans outside the
// text or not on character boundaries are ignored (an alert is read from a
// topic: its offsets are checked, not trusted); overlapping spans merge.
// The segments are rendered through html/template, which escapes them.
func highlight(text string, spans []span) []segment {
	var ok []span
	for _, s := range spans {
		if s.start < 0 || s.end > len(text) || s.start >= s.end ||
			!utf8.RuneStart(text[s.start]) || (s.end < len(text) && !utf8.RuneStart(text[s.end])) {
			continue
		}
		ok = append(ok, s)
	}
	sort.Slice(ok, func(i, j int) bool { return ok[i].start < ok[j].start })
	var merged []span
	for _, s := range ok {
		if n := len(merged); n > 0 && s.start <= merged[n-1].end {
			last := &merged[n-1]
			last.end = max(last.end, s.end)
			if last.title != s.title {
				last.title += "; " + s.title
			}
			continue
		}
		merged = append(merged, s)
	}
	var out []segment
	at := 0
	for _, s := range merged {
		if s.start > at {
			out = append(out, segment{Text: text[at:s.start]})
		}
		out = append(out, segment{Text: text[s.start:s.end], Mark: true, Title: s.title})
		at = s.end
	}
	if at < len(text) || len(out) == 0 {
		out = append(out, segment{Text: text[at:]})
	}
	return out
}
