package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
)

// TestReadRange produces two batches a moment apart to a 3-partition
// topic and reads ranges of it: the whole topic, from an offset, and from
// the time the second batch began; each yields exactly its messages, in
// partition then offset order, and nothing produced after opening.
func TestReadRange(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 3)
	batch := func(prefix string, n int) []kafka.Message {
		var msgs []kafka.Message
		for i := range n {
			msgs = append(msgs, kafka.Message{Key: fmt.Appendf(nil, "k%d", i), Value: fmt.Appendf(nil, "%s-%d", prefix, i)})
		}
		return msgs
	}
	c.produce(t, cfg.Topics.Input, batch("a", 30))
	time.Sleep(50 * time.Millisecond)
	mid := time.Now()
	time.Sleep(50 * time.Millisecond)
	c.produce(t, cfg.Topics.Input, batch("b", 30))

	read := func(from, to Bound) []string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		rr, err := OpenRange(ctx, TopicRange{Brokers: c.addrs, Topic: cfg.Topics.Input, From: from, To: to, TLS: cfg.TLS, SASL: cfg.SASL})
		if err != nil {
			t.Fatal(err)
		}
		defer rr.Close()
		c.produce(t, cfg.Topics.Input, batch("late", 3)) // after opening: not in the range
		var got []string
		last := map[int]int64{}
		for {
			m, err := rr.Next(ctx)
			if errors.Is(err, io.EOF) {
				return got
			}
			if err != nil {
				t.Fatal(err)
			}
			if prev, ok := last[m.Partition]; ok && m.Offset <= prev || len(got) > 0 && m.Partition < slices.Max(keys(last)) {
				t.Errorf("out of order: %d/%d after %v", m.Partition, m.Offset, last)
			}
			last[m.Partition] = m.Offset
			got = append(got, string(m.Value))
		}
	}
	count := func(vals []string, prefix string) (n int) {
		for _, v := range vals {
			if len(v) > len(prefix) && v[:len(prefix)+1] == prefix+"-" {
				n++
			}
		}
		return n
	}
	all := read(Bound{}, Bound{})
	if count(all, "a") != 30 || count(all, "b") != 30 || count(all, "late") != 0 {
		t.Errorf("whole topic: %d a, %d b, %d late; want 30, 30, 0", count(all, "a"), count(all, "b"), count(all, "late"))
	}
	fromTime := read(Bound{Time: mid}, Bound{Time: time.Now().Add(time.Hour)})
	// The late messages of the first read were produced before this one
	// opened, so they are in its range; its own are not.
	if count(fromTime, "a") != 0 || count(fromTime, "b") != 30 || count(fromTime, "late") != 3 {
		t.Errorf("from the middle: %d a, %d b, %d late; want 0, 30, 3", count(fromTime, "a"), count(fromTime, "b"), count(fromTime, "late"))
	}
	none := read(Bound{Offset: 1000, HasOffset: true}, Bound{})
	if len(none) != 0 {
		t.Errorf("from offset 1000: %d messages, want none", len(none))
	}
	if _, err := OpenRange(context.Background(), TopicRange{Brokers: c.addrs, Topic: "no-such-topic-" + cfg.GroupID}); err == nil {
		t.Error("a missing topic opens")
	}
}

func keys(m map[int]int64) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
