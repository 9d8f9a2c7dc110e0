package rules

import (
	"bytes"
	"math"
	"testing"
)

// plainAppendHits is appendHits without its memo: every item and
// evidence entry encoded where it occurs.
func plainAppendHits(dst []byte, hits []Hit) []byte {
	dst = append(dst, '[')
	for i := range hits {
		h := &hits[i]
		dst = comma(dst, i)
		dst = appendHitStatic(dst, h)
		dst = append(dst, `,"items":[`...)
		for j := range h.Items {
			dst = comma(dst, j)
			dst = appendHitItem(dst, &h.Items[j])
		}
		dst = append(dst, ']')
		dst = appendOptCount(dst, "items_truncated", h.ItemsTruncated)
		dst = append(dst, `,"evidence":[`...)
		for j := range h.Evidence {
			dst = comma(dst, j)
			dst = appendEvidence(dst, &h.Evidence[j])
		}
		dst = append(dst, ']')
		dst = appendOptCount(dst, "evidence_truncated", h.EvidenceTruncated)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// TestAppendHitsMemo compares appendHits with plainAppendHits on the hits
// and shadow hits of the alerts of 3000 synthetic manifests (a third
// risky), each also with every item and entry repeated (more than the
// memo holds) and with zeros of both signs.
func TestAppendHitsMemo(t *testing.T) {
	e := synthEngine(t)
	check := func(hits []Hit) {
		t.Helper()
		if got, want := appendHits([]byte("x"), hits), plainAppendHits([]byte("x"), hits); !bytes.Equal(got, want) {
			t.Fatalf("appendHits differs from the plain loop:\n got %s\nwant %s", got, want)
		}
	}
	n := 0
	for _, c := range synthCases(t, e, 5, 0.3, 3000, func(c *synthCase) bool { return len(c.r.Hits)+len(c.r.ShadowHits) > 0 }) {
		a := e.Alert(c.raw, c.m, c.en, c.r)
		check(a.Hits)
		check(a.ShadowHits)
		n++
		var many []Hit
		for _, h := range a.Hits {
			h.Items = append(append(append([]HitItem(nil), h.Items...), h.Items...), h.Items...)
			for k := range memoSize + 1 {
				h.Evidence = append(h.Evidence, Evidence{Line: k + 1, Field: "kg", Value: "1"})
			}
			h.Evidence = append(h.Evidence, h.Evidence...)
			many = append(many, h, h)
		}
		check(many)
	}
	if n < 500 {
		t.Fatalf("only %d synthetic alerts with hits", n)
	}
	negZero := math.Copysign(0, -1)
	check([]Hit{
		{RuleID: "Z", Items: []HitItem{{Line: 1, Kg: 0}, {Line: 1, Kg: negZero, Quantity: negZero}},
			Evidence: []Evidence{{Line: 1, Confidence: 0}, {Line: 1, Confidence: negZero}}},
		{RuleID: "Z", Items: []HitItem{{Line: 1, Kg: negZero}, {Line: 1, Kg: 0}},
			Evidence: []Evidence{{Line: 1, Confidence: negZero}, {Line: 1, Confidence: math.NaN()}}},
	})
}
