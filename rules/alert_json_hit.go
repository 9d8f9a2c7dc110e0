package rules

import "strconv"

// appendHits writes hits. The rule's part of each hit (id ... references)
// was encoded once when the rule was compiled (staticJSON); only the items,
// evidence and counts are encoded per alert.
func appendHits(dst []byte, hits []Hit) []byte {
	dst = append(dst, '[')
	for i := range hits {
		h := &hits[i]
		dst = comma(dst, i)
		if h.static != nil {
			dst = append(dst, h.static...)
		} else {
			dst = appendHitStatic(dst, h)
		}
		dst = append(dst, `,"items":`...)
		dst = appendHitItems(dst, h.Items)
		dst = appendOptCount(dst, "items_truncated", h.ItemsTruncated)
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
	if ev.Method != "" {
		dst = appendOptKey(dst, start, "start")
		dst = strconv.AppendInt(dst, int64(ev.Start), 10)
		dst = appendOptKey(dst, start, "end")
		dst = strconv.AppendInt(dst, int64(ev.End), 10)
	}
	opt("field", ev.Field)
	opt("value", ev.Value)
	if ev.Party != nil {
		dst = appendOptKey(dst, start, "party")
		dst = appendPartyHit(dst, ev.Party)
	}
	dst = appendStructureEvidence(dst, ev.Structure)
	return append(dst, '}')
}
