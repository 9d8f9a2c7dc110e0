package rules

import "strconv"

// appendHits writes hits. The rule's part of each hit (id ... references)
// was encoded once when the rule was compiled (staticJSON); only the items,
// evidence and counts are encoded per alert, and an item or evidence entry
// equal to one an earlier hit wrote (a match or item explains several
// hits) is copied from where it was written.
func appendHits(dst []byte, hits []Hit) []byte {
	var memo hitMemo
	dst = append(dst, '[')
	for i := range hits {
		h := &hits[i]
		dst = comma(dst, i)
		if h.static != nil {
			dst = append(dst, h.static...)
		} else {
			dst = appendHitStatic(dst, h)
		}
		dst = append(dst, `,"items":[`...)
		for j := range h.Items {
			dst = comma(dst, j)
			dst = memo.appendItem(dst, &h.Items[j])
		}
		dst = append(dst, ']')
		dst = appendOptCount(dst, "items_truncated", h.ItemsTruncated)
		dst = append(dst, `,"evidence":[`...)
		for j := range h.Evidence {
			dst = comma(dst, j)
			dst = memo.appendEvidence(dst, &h.Evidence[j])
		}
		dst = append(dst, ']')
		dst = appendOptCount(dst, "evidence_truncated", h.EvidenceTruncated)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// memoSize is the number of items and of evidence entries a hitMemo
// remembers: the first ones written, enough for the usual alert.
const memoSize = 8

// hitMemo remembers where in dst the first items and evidence entries of
// one appendHits call were written. Equal values encode to equal bytes:
// the only fields that tell apart equal floats (0 and -0) are written
// only when not 0, and pointers (party hits, structures) are compared as
// pointers. TestAppendHitsMemo compares appendHits with the plain loop.
type hitMemo struct {
	items memo[HitItem]
	ev    memo[Evidence]
}

func (m *hitMemo) appendItem(dst []byte, it *HitItem) []byte {
	return m.items.append(dst, it, appendHitItem)
}

func (m *hitMemo) appendEvidence(dst []byte, ev *Evidence) []byte {
	return m.ev.append(dst, ev, appendEvidence)
}

// memo remembers the first memoSize values of one kind written to dst and
// where their bytes are.
type memo[T comparable] struct {
	vals [memoSize]*T
	at   [memoSize]span
	n    int
}

// span is a range of bytes in the output.
type span struct{ start, end int }

// append writes v with encode, or copies the bytes of an equal value
// written before.
func (m *memo[T]) append(dst []byte, v *T, encode func([]byte, *T) []byte) []byte {
	for k := range m.n {
		if *m.vals[k] == *v {
			return append(dst, dst[m.at[k].start:m.at[k].end]...)
		}
	}
	start := len(dst)
	dst = encode(dst, v)
	if m.n < memoSize {
		m.vals[m.n], m.at[m.n] = v, span{start, len(dst)}
		m.n++
	}
	return dst
}

// appendHitStatic writes the opening brace and the members of a hit that
// come from its rule alone.
func appendHitStatic(dst []byte, h *Hit) []byte {
	dst = append(dst, `{"rule":`...)
	dst = appendString(dst, h.RuleID)
	dst = appendKeyString(dst, "title", h.Title)
	if h.Description != "" {
		dst = appendKeyString(dst, "description", h.Description)
	}
	if h.Action != "" {
		dst = appendKeyString(dst, "action", h.Action)
	}
	dst = append(dst, `,"score":`...)
	dst = appendFloat(dst, h.Score)
	dst = append(dst, `,"tags":`...)
	dst = appendStrings(dst, h.Tags)
	return appendReferences(dst, h.References)
}

// staticJSON is the rule's part of its hits' JSON, encoded once.
func (r *rule) staticJSON() []byte {
	h := Hit{RuleID: r.id, Title: r.title, Description: r.description, Action: r.action,
		Score: r.score, Tags: r.tags, References: r.sources}
	return appendHitStatic(nil, &h)
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

// appendEvidence writes the set fields only, matching the omitempty tags;
// a catalog match (method set) always has its span, start and end.
func appendEvidence(dst []byte, ev *Evidence) []byte {
	start := len(dst)
	dst = append(dst, '{')
	if ev.Line != 0 {
		dst = appendOptKey(dst, start, "line")
		dst = strconv.AppendInt(dst, int64(ev.Line), 10)
	}
	dst = appendOptString(dst, start, "chemical", ev.Chemical)
	dst = appendOptString(dst, start, "family", ev.Family)
	dst = appendOptString(dst, start, "method", ev.Method)
	if ev.Confidence != 0 {
		dst = appendOptKey(dst, start, "confidence")
		dst = appendFloat(dst, ev.Confidence)
	}
	dst = appendOptString(dst, start, "text", ev.Text)
	dst = appendOptString(dst, start, "item_field", ev.ItemField)
	dst = appendOptString(dst, start, "obfuscation", ev.Obfuscation)
	if ev.Method != "" {
		dst = appendOptKey(dst, start, "start")
		dst = strconv.AppendInt(dst, int64(ev.Start), 10)
		dst = appendOptKey(dst, start, "end")
		dst = strconv.AppendInt(dst, int64(ev.End), 10)
	}
	dst = appendOptString(dst, start, "field", ev.Field)
	dst = appendOptString(dst, start, "value", ev.Value)
	if ev.Party != nil {
		dst = appendOptKey(dst, start, "party")
		dst = appendPartyHit(dst, ev.Party)
	}
	dst = appendStructureEvidence(dst, ev.Structure)
	return append(dst, '}')
}

// appendOptString writes `"key":"v"` when v is set (omitempty), preceded
// by a comma unless it is the first member of the object opened at start.
func appendOptString(dst []byte, start int, key, v string) []byte {
	if v == "" {
		return dst
	}
	dst = appendOptKey(dst, start, key)
	return appendString(dst, v)
}
