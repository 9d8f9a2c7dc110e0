package synth

import (
	"testing"

	"github.com/precursorwatch/precursor/manifest"
)

// TestDecodeContract feeds generated events to the real decoder: benign and
// risky events must decode, malformed ones must fail with the right kind.
func TestDecodeContract(t *testing.T) {
	want := map[string]manifest.ErrorKind{
		"invalid-json":        manifest.KindSyntax,
		"missing-shipment-id": manifest.KindInvalid,
		"missing-event-time":  manifest.KindInvalid,
		"bad-hs-code":         manifest.KindInvalid,
		"invalid-utf8":        manifest.KindEncoding,
		"unsupported-version": manifest.KindVersion,
	}
	opts := DefaultOptions()
	opts.RiskyFraction, opts.MalformedFraction = 0.3, 0.2
	for i, e := range generate(9, opts, 5000) {
		m, err := manifest.Decode(e.Value)
		if e.Label.Kind != Malformed {
			if err != nil {
				t.Fatalf("event %d (%s/%s): %v\n%s", i, e.Label.Kind, e.Label.Scenario, err, e.Value)
			}
			if m.ShipmentID != e.ShipmentID {
				t.Fatalf("event %d: decoded shipment id %q, want %q", i, m.ShipmentID, e.ShipmentID)
			}
			continue
		}
		if got := manifest.KindOf(err); got != want[e.Label.Scenario] {
			t.Errorf("event %d (%s): kind %q (err %v), want %q\n%q", i, e.Label.Scenario, got, err, want[e.Label.Scenario], e.Value)
		}
	}
}
