package console

import (
	"testing"
	"unicode/utf8"
)

// FuzzDecodeAlert: any record of the alert topic is decoded or refused
// with an error, never a panic, and a decoded one has what the store
// needs.
func FuzzDecodeAlert(f *testing.F) {
	for _, a := range testAlertsJSON(f, 3) {
		f.Add(a)
	}
	f.Add([]byte(`{"alert_id":"x","event_time":"2026-01-01T00:00:00Z","hits":[{"rule":"R","evidence":[{"chemical":"c"}]}]}`))
	f.Add([]byte(`{"alert_id":"","hits":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := decodeAlert(data)
		if err != nil {
			return
		}
		if a.ID == "" || a.EventTime.IsZero() || len(a.JSON) != len(data) {
			t.Fatalf("decoded an alert without id or time: %+v", a)
		}
	})
}

// FuzzHighlight: whatever the spans, the segments put the text back
// together and never cut a character.
func FuzzHighlight(f *testing.F) {
	f.Add("4-AP, 99% für 4-anilinopiperidine", 0, 4, 15, 34)
	f.Add("<script>x</script>", 3, 100, -1, 2)
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2 int) {
		segs := highlight(text, []span{{s1, e1, "a"}, {s2, e2, "b"}})
		joined := ""
		for _, s := range segs {
			joined += s.Text
			if utf8.ValidString(text) && !utf8.ValidString(s.Text) {
				t.Fatalf("segment %q cuts a character of %q", s.Text, text)
			}
		}
		if joined != text {
			t.Fatalf("segments %q do not rebuild %q", joined, text)
		}
	})
}
