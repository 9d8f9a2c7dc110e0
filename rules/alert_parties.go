package rules

import (
	"strconv"
	"time"

	"github.com/precursorwatch/precursor/parties"
)

// appendLists writes the alert's lists: every list the shipment was
// screened against, with its publication date and hash.
func appendLists(dst []byte, lists []ListRef) []byte {
	dst = append(dst, '[')
	for i, l := range lists {
		dst = comma(dst, i)
		dst = append(dst, `{"id":`...)
		dst = appendString(dst, l.ID)
		dst = appendKeyString(dst, "title", l.Title)
		dst = append(dst, `,"published":"`...)
		dst = l.Published.UTC().AppendFormat(dst, time.RFC3339)
		dst = append(dst, '"')
		dst = appendKeyString(dst, "hash", l.Hash)
		dst = append(dst, `,"entries":`...)
		dst = strconv.AppendInt(dst, int64(l.Entries), 10)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendPartyHit writes a party's list hit with the field names and order
// of parties.Hit's JSON, empty lists as [] (TestPartyHitJSON compares
// them).
func appendPartyHit(dst []byte, h *parties.Hit) []byte {
	dst = append(dst, `{"role":`...)
	dst = appendString(dst, string(h.Role))
	dst = appendKeyString(dst, "party", h.Party)
	dst = appendKeyString(dst, "list", h.List)
	dst = appendKeyString(dst, "list_title", h.ListTitle)
	dst = appendKeyString(dst, "entry_id", h.EntryID)
	dst = appendKeyString(dst, "kind", string(h.Kind))
	dst = appendKeyString(dst, "entry_type", string(h.EntryType))
	dst = append(dst, `,"programmes":`...)
	dst = appendStrings(dst, h.Programmes)
	dst = appendKeyString(dst, "name", h.Name)
	dst = appendKeyString(dst, "matched", h.Matched)
	dst = appendKeyString(dst, "matched_as", h.MatchedAs)
	if len(h.Countries) > 0 {
		dst = append(dst, `,"countries":`...)
		dst = appendStrings(dst, h.Countries)
	}
	if h.Action != "" {
		dst = appendKeyString(dst, "action", h.Action)
	}
	if len(h.Sources) > 0 {
		dst = append(dst, `,"sources":`...)
		dst = appendStrings(dst, h.Sources)
	}
	dst = append(dst, `,"score":`...)
	dst = appendFloat(dst, h.Score)
	dst = append(dst, `,"explain":`...)
	dst = appendExplanation(dst, &h.Explain)
	if x := h.Cleared; x != nil {
		dst = append(dst, `,"cleared":`...)
		dst = appendPartyException(dst, x)
	}
	return append(dst, '}')
}

// appendExplanation writes a hit's score taken apart.
func appendExplanation(dst []byte, x *parties.Explanation) []byte {
	dst = append(dst, `{"words":[`...)
	for i, w := range x.Words {
		dst = comma(dst, i)
		dst = appendWordMatch(dst, w)
	}
	dst = append(dst, ']')
	dst = appendKeyFloat(dst, "name_coverage", x.NameCoverage)
	dst = appendKeyFloat(dst, "party_coverage", x.PartyCoverage)
	dst = appendKeyFloat(dst, "name_score", x.NameScore)
	if x.WeakAlias != 0 {
		dst = appendKeyFloat(dst, "weak_alias_penalty", x.WeakAlias)
	}
	c := &x.Country
	start := len(dst) + len(`,"country":`)
	dst = append(dst, `,"country":{`...)
	if c.Party != "" {
		dst = appendOptKey(dst, start, "party")
		dst = appendString(dst, c.Party)
	}
	if len(c.Listed) > 0 {
		dst = appendOptKey(dst, start, "listed")
		dst = appendStrings(dst, c.Listed)
	}
	dst = appendOptKey(dst, start, "effect")
	dst = appendString(dst, c.Effect)
	dst = appendKeyFloat(dst, "adjust", c.Adjust)
	dst = append(dst, '}')
	if len(x.LegalForms) > 0 {
		dst = append(dst, `,"legal_forms":`...)
		dst = appendStrings(dst, x.LegalForms)
	}
	return append(dst, '}')
}

// appendWordMatch writes one row of an explanation.
func appendWordMatch(dst []byte, w parties.WordMatch) []byte {
	start := len(dst)
	dst = append(dst, '{')
	if w.Listed != "" {
		dst = appendOptKey(dst, start, "listed")
		dst = appendString(dst, w.Listed)
	}
	if w.Party != "" {
		dst = appendOptKey(dst, start, "party")
		dst = appendString(dst, w.Party)
	}
	dst = appendOptKey(dst, start, "how")
	dst = appendString(dst, w.How)
	dst = appendKeyString(dst, "class", w.Class)
	dst = appendKeyFloat(dst, "weight", w.Weight)
	dst = appendKeyFloat(dst, "similarity", w.Similarity)
	return append(dst, '}')
}

// appendPartyException writes the exception that cleared a hit.
func appendPartyException(dst []byte, x *parties.Exception) []byte {
	dst = append(dst, `{"id":`...)
	dst = appendString(dst, x.ID)
	dst = appendKeyString(dst, "party", x.Party)
	if x.Country != "" {
		dst = appendKeyString(dst, "country", x.Country)
	}
	if x.Role != "" {
		dst = appendKeyString(dst, "role", x.Role)
	}
	dst = appendKeyString(dst, "list", x.List)
	dst = appendKeyString(dst, "entry", x.Entry)
	dst = appendKeyString(dst, "author", x.Author)
	dst = appendKeyString(dst, "reason", x.Reason)
	if !x.Created.IsZero() {
		dst = appendKeyTime(dst, "created", x.Created)
	}
	dst = appendKeyTime(dst, "expires", x.Expires)
	return append(dst, '}')
}

func appendKeyFloat(dst []byte, key string, f float64) []byte {
	dst = append(dst, ',', '"')
	dst = append(dst, key...)
	dst = append(dst, '"', ':')
	return appendFloat(dst, f)
}

func appendKeyTime(dst []byte, key string, t time.Time) []byte {
	dst = append(dst, ',', '"')
	dst = append(dst, key...)
	dst = append(dst, `":"`...)
	dst = t.UTC().AppendFormat(dst, time.RFC3339Nano)
	return append(dst, '"')
}
