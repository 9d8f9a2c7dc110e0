package pipeline

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
)

func TestCommitPoints(t *testing.T) {
	msg := func(topic string, p int, off int64) kafka.Message {
		return kafka.Message{Topic: topic, Partition: p, Offset: off, Value: []byte("payload")}
	}
	tests := []struct {
		name  string
		batch []kafka.Message
		want  string
	}{
		{"one partition", []kafka.Message{msg("in", 0, 4), msg("in", 0, 5), msg("in", 0, 6)}, "in/0@6"},
		{"interleaved partitions", []kafka.Message{msg("in", 1, 10), msg("in", 0, 3), msg("in", 1, 11), msg("in", 0, 4)}, "in/1@11,in/0@4"},
		{"offset gaps (compaction, transaction markers)", []kafka.Message{msg("in", 0, 2), msg("in", 0, 9)}, "in/0@9"},
		{"two topics same partition", []kafka.Message{msg("a", 0, 1), msg("b", 0, 7)}, "a/0@1,b/0@7"},
		{"empty", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := commitPoints(tc.batch, nil)
			if s := describePoints(got); s != tc.want {
				t.Errorf("commitPoints = %s, want %s", s, tc.want)
			}
			for _, p := range got {
				if p.Value != nil {
					t.Errorf("commit point %s/%d keeps its payload", p.Topic, p.Partition)
				}
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond}
	for i, w := range want {
		if got := backoff(i); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i, got, w)
		}
	}
	if got := backoff(1000); got != backoffMax {
		t.Errorf("backoff(1000) = %v, want the cap %v", got, backoffMax)
	}
}

func TestDeadLetterKeepsEventAndAddsHeaders(t *testing.T) {
	src := kafka.Message{Topic: "manifests", Partition: 4, Offset: 1234, Key: []byte("SHP-9"),
		Value: []byte("\xff{not json"), Headers: []kafka.Header{{Key: "traceparent", Value: []byte("00-abc")}}}
	now := time.Date(2026, 11, 27, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	dl := deadLetter(src, &deadInfo{stage: "decode", reason: "encoding", err: "invalid UTF-8 at byte 0"}, deadLetterTime(now))
	if string(dl.Key) != "SHP-9" || string(dl.Value) != "\xff{not json" {
		t.Errorf("dead letter key/value changed: %q %q", dl.Key, dl.Value)
	}
	want := map[string]string{
		"traceparent":         "00-abc",
		HeaderError:           "invalid UTF-8 at byte 0",
		HeaderStage:           "decode",
		HeaderReason:          "encoding",
		HeaderSourceTopic:     "manifests",
		HeaderSourcePartition: "4",
		HeaderSourceOffset:    "1234",
		HeaderTime:            "2026-11-27T08:30:00Z",
	}
	if len(dl.Headers) != len(want) {
		t.Errorf("%d headers, want %d", len(dl.Headers), len(want))
	}
	for _, h := range dl.Headers {
		if want[h.Key] != string(h.Value) {
			t.Errorf("header %s = %q, want %q", h.Key, h.Value, want[h.Key])
		}
	}
}

// Retries start at the first failed message, so nothing acknowledged before
// it is duplicated and nothing after it overtakes it.
func TestFromFirstFailure(t *testing.T) {
	msgs := []kafka.Message{{Value: []byte("a")}, {Value: []byte("b")}, {Value: []byte("c")}}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"middle failed", kafka.WriteErrors{nil, fmt.Errorf("leader moved"), nil}, "bc"},
		{"last failed", kafka.WriteErrors{nil, nil, fmt.Errorf("timeout")}, "c"},
		{"opaque error retries all", fmt.Errorf("connection refused"), "abc"},
		{"wrapped write errors", fmt.Errorf("write: %w", kafka.WriteErrors{fmt.Errorf("x"), nil, fmt.Errorf("y")}), "abc"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := pendingWrites{msgs: msgs}
			p.fromFirstFailure(tc.err)
			got := ""
			for j, m := range p.msgs {
				got += string(m.Value)
				if string(msgs[p.orig(j)].Value) != string(m.Value) {
					t.Errorf("orig(%d) = %d, which is %q", j, p.orig(j), msgs[p.orig(j)].Value)
				}
			}
			if got != tc.want {
				t.Errorf("fromFirstFailure = %q, want %q", got, tc.want)
			}
		})
	}
}

// --create-topics gives the alert topic a max.message.bytes that accepts
// whatever the alert writer sends (a full batch plus framing), and the
// evaluator keeps full alerts below the writer's limit.
func TestAlertTopicAcceptsWriterBatches(t *testing.T) {
	cfg := DefaultConfig()
	var got string
	for _, tc := range topicConfigs(cfg) {
		if tc.Topic != cfg.Topics.Alerts {
			continue
		}
		for _, e := range tc.ConfigEntries {
			if e.ConfigName == "max.message.bytes" {
				got = e.ConfigValue
			}
		}
	}
	n, err := strconv.Atoi(got)
	if err != nil || n < alertBatchBytes {
		t.Errorf("alert topic max.message.bytes = %q, want at least the writer's %d", got, alertBatchBytes)
	}
	if maxAlertBytes >= alertBatchBytes {
		t.Errorf("maxAlertBytes %d leaves no room for key and framing within %d", maxAlertBytes, alertBatchBytes)
	}
}

// commitPoints over several batches keeps the highest offset of each
// partition across all of them.
func TestCommitPointsAcrossBatches(t *testing.T) {
	msg := func(p int, off int64) kafka.Message { return kafka.Message{Topic: "in", Partition: p, Offset: off} }
	points := commitPoints([]kafka.Message{msg(0, 1), msg(1, 5)}, nil)
	points = commitPoints([]kafka.Message{msg(1, 6), msg(2, 0), msg(0, 2)}, points)
	if got := describePoints(points); got != "in/0@2,in/1@6,in/2@0" {
		t.Errorf("commitPoints = %s, want in/0@2,in/1@6,in/2@0", got)
	}
}
