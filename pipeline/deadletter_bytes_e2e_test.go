package pipeline

import (
	"strconv"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestEndToEndDeadLetterNullAndEmpty: a dead letter keeps its event's key
// and value as they came, an empty one empty and a null one null (kafka-go's
// reader hands both over as nil; before this the dead letter of an empty
// value was null, which on a compacted topic deletes the key).
func TestEndToEndDeadLetterNullAndEmpty(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 1)
	events := []struct {
		name       string
		key, value []byte
	}{
		{"empty value", []byte("empty-value"), []byte{}},
		{"null value", []byte("null-value"), nil},
		{"null key, empty value", nil, []byte{}},
		{"empty key, null value", []byte{}, nil},
		{"both present", []byte("present"), []byte("{not json")},
	}
	msgs := make([]kafka.Message, len(events))
	for i, e := range events {
		msgs[i] = kafka.Message{Key: e.key, Value: e.value}
	}
	c.produce(t, cfg.Topics.Input, msgs)
	input := c.readTopic(t, cfg.Topics.Input, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(events) })
	for i, r := range input {
		if (r.Key == nil) != (events[i].key == nil) || (r.Value == nil) != (events[i].value == nil) {
			t.Fatalf("the broker did not keep %s: key %v value %v", events[i].name, r.Key, r.Value)
		}
	}

	startPipeline(t, cfg, Options{Engine: defaultEngine(t)})
	c.waitCommitted(t, cfg, 20*time.Second)
	dead := c.readTopic(t, cfg.Topics.DeadLetters, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(events) })
	if len(dead) != len(events) {
		t.Fatalf("%d dead letters, want %d", len(dead), len(events))
	}
	for _, r := range dead {
		var off int64 = -1
		for _, h := range r.Headers {
			if h.Key == HeaderSourceOffset {
				off, _ = strconv.ParseInt(string(h.Value), 10, 64)
			}
		}
		if off < 0 || off >= int64(len(events)) {
			t.Fatalf("dead letter without a valid source offset: %v", r.Headers)
		}
		e := events[off]
		if (r.Key == nil) != (e.key == nil) || string(r.Key) != string(e.key) {
			t.Errorf("%s: dead letter key %q (nil %v), want %q (nil %v)", e.name, r.Key, r.Key == nil, e.key, e.key == nil)
		}
		if (r.Value == nil) != (e.value == nil) || string(r.Value) != string(e.value) {
			t.Errorf("%s: dead letter value %q (nil %v), want %q (nil %v)", e.name, r.Value, r.Value == nil, e.value, e.value == nil)
		}
	}
}
