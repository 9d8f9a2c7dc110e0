package manifest

import (
	"encoding/json"
	"fmt"
)

// Encode returns the canonical JSON form of m: the wire format that Decode
// reads, with every value normalised, absent optional objects and zero
// optional values omitted, and event_time in UTC. Decode(Encode(m)) equals m
// for any m that Decode produced. Encode is for generators, tests and tools;
// it is not on the hot path and uses encoding/json.
func Encode(m *Manifest) ([]byte, error) {
	c := *m
	c.EventTime = m.EventTime.UTC()
	b, err := json.Marshal(&c)
	if err != nil {
		return nil, fmt.Errorf("encode manifest %q: %w", m.ShipmentID, err)
	}
	return b, nil
}
