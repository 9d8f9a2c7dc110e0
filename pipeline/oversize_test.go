package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
)

// oversizeStream is five events on one partition: risky, big risky, risky,
// malformed, risky.
func oversizeStream() []kafka.Message {
	var msgs []kafka.Message
	for i, v := range [][]byte{
		fakeValue("S0", true),
		[]byte(`{"shipment_id":"BIG","risky":true,"big":true}`),
		fakeValue("S2", true),
		[]byte(`{not json`),
		fakeValue("S4", true),
	} {
		msgs = append(msgs, kafka.Message{Topic: "in", Partition: 0, Offset: int64(i), Value: v})
	}
	return msgs
}

// An alert larger than the alert sink accepts must not stall the loop (it
// used to be retried forever, and again after a restart): its minimal form
// is written in its place, in order, and everything is committed.
func TestLoopOversizeAlertWritesMinimal(t *testing.T) {
	for _, broker := range []bool{false, true} {
		t.Run(fmt.Sprintf("broker=%v", broker), func(t *testing.T) {
			src := &memSource{msgs: oversizeStream()}
			alerts, dead := &memSink{maxBytes: 1000, broker: broker}, &memSink{}
			l := newTestLoop(t, src, alerts, dead, &fakeEvaluator{version: "1", big: 5000})
			runUntil(t, l, func() bool { return src.committed()[0] == 4 })
			got := alerts.all()
			if len(got) != 4 {
				t.Fatalf("alerts %q, want 4", values(got))
			}
			if v := string(got[1].Value); string(got[1].Key) != "BIG" || !strings.Contains(v, `"truncated":true`) {
				t.Errorf("alert 2 = %s %.80q, want BIG's minimal alert", got[1].Key, v)
			} else {
				var doc map[string]any
				if err := json.Unmarshal(got[1].Value, &doc); err != nil || doc["shipment_id"] != "BIG" {
					t.Errorf("minimal alert %s: %v", got[1].Value, err)
				}
			}
			if k := string(got[2].Key) + string(got[3].Key); k != "S2S4" {
				t.Errorf("alerts after the big one: keys %q, want S2 then S4", k)
			}
			if d := dead.all(); len(d) != 1 || header(d[0], HeaderReason) != "syntax" {
				t.Errorf("dead letters %q, want only the malformed event", values(d))
			}
			if s := l.counts.alerts.Load(); s != 4 {
				t.Errorf("alerts counted %d, want 4", s)
			}
		})
	}
}

// When even the minimal alert is refused, the event is dead-lettered
// (reason alert_too_large, stage emit) so it is kept, and the loop goes on.
func TestLoopOversizeMinimalDeadLetters(t *testing.T) {
	for _, broker := range []bool{false, true} {
		t.Run(fmt.Sprintf("broker=%v", broker), func(t *testing.T) {
			msgs := oversizeStream()
			src := &memSource{msgs: msgs}
			alerts, dead := &memSink{maxBytes: 1000, broker: broker}, &memSink{}
			l := newTestLoop(t, src, alerts, dead, &fakeEvaluator{version: "1", big: 5000, bigSummary: 5000})
			runUntil(t, l, func() bool { return src.committed()[0] == 4 })
			if got := alerts.all(); len(got) != 3 || string(got[0].Key)+string(got[1].Key)+string(got[2].Key) != "S0S2S4" {
				t.Errorf("alerts %q, want S0, S2, S4", values(got))
			}
			var big *kafka.Message
			for _, d := range dead.all() {
				if header(d, HeaderReason) == reasonAlertTooLarge {
					big = &d
				}
			}
			switch {
			case big == nil:
				t.Fatalf("no alert_too_large dead letter among %q", values(dead.all()))
			case string(big.Value) != string(msgs[1].Value) || header(*big, HeaderStage) != stageEmitDL ||
				header(*big, HeaderSourceOffset) != "1":
				t.Errorf("dead letter %q stage %s offset %s, want the original event at offset 1, stage emit",
					big.Value, header(*big, HeaderStage), header(*big, HeaderSourceOffset))
			}
			if v := metricValue(l.metrics.DeadLetters.WithLabelValues(reasonAlertTooLarge)); v != 1 {
				t.Errorf("dead_letters_total{alert_too_large} = %v, want 1", v)
			}
			if a, d := l.counts.alerts.Load(), l.counts.deadLetters.Load(); a != 3 || d != 2 {
				t.Errorf("counted %d alerts, %d dead letters; want 3 and 2", a, d)
			}
		})
	}
}

// A dead letter the dead-letter topic refuses cannot go anywhere else: it
// is retried (back-pressure), never dropped.
func TestWriteAllWithoutRejectRetries(t *testing.T) {
	s := &memSink{maxBytes: 1}
	l := newTestLoop(t, &memSource{}, s, s, &fakeEvaluator{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go func() {
		for metricValue(l.metrics.WriteErrors.WithLabelValues("x")) < 2 && ctx.Err() == nil {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
	err := writeAll(ctx, s, "x", []kafka.Message{{Value: []byte("too big")}}, l.metrics, l.log, nil)
	if err == nil || len(s.all()) != 0 {
		t.Errorf("writeAll = %v with %d written, want the context error and nothing written", err, len(s.all()))
	}
}

// scriptSink returns its errors in turn (then nil) and records each call.
type scriptSink struct {
	errs  []error
	calls [][]string
}

func (s *scriptSink) WriteMessages(_ context.Context, msgs ...kafka.Message) error {
	s.calls = append(s.calls, values(msgs))
	if len(s.errs) == 0 {
		return nil
	}
	err := s.errs[0]
	s.errs = s.errs[1:]
	return err
}

// writeAll hands exactly the refused message to reject, with its index in
// the original slice, and goes on from the first failure with the
// replacement in place (or without the message when reject drops it).
func TestWriteAllRejectsOnlyRefused(t *testing.T) {
	msgs := []kafka.Message{{Value: []byte("a")}, {Value: []byte("b")}, {Value: []byte("c")}}
	tests := []struct {
		name string
		err  error
		keep bool
		want string // calls after the first
	}{
		{"per-message, replaced", kafka.WriteErrors{nil, kafka.MessageSizeTooLarge, nil}, true, "[B c]"},
		{"per-message, dropped", kafka.WriteErrors{nil, kafka.MessageSizeTooLarge, nil}, false, "[c]"},
		{"writer refused, replaced", kafka.MessageTooLargeError{Message: msgs[1], Remaining: []kafka.Message{msgs[0], msgs[2]}}, true, "[a B c]"},
		{"whole batch refused", kafka.WriteErrors{kafka.MessageSizeTooLarge, kafka.MessageSizeTooLarge, nil}, true, "[a] [b]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &scriptSink{errs: []error{tc.err}}
			if tc.name == "whole batch refused" {
				s.errs = append(s.errs, nil, kafka.WriteErrors{kafka.MessageSizeTooLarge}) // b alone still refused
			}
			var rejected []int
			reject := func(i int, err error) (kafka.Message, bool) {
				rejected = append(rejected, i)
				return kafka.Message{Value: []byte(strings.ToUpper(string(msgs[i].Value)))}, tc.keep
			}
			l := newTestLoop(t, &memSource{}, s, s, &fakeEvaluator{})
			if err := writeAll(context.Background(), s, "x", msgs, l.metrics, l.log, reject); err != nil {
				t.Fatal(err)
			}
			if len(rejected) != 1 || rejected[0] != 1 {
				t.Errorf("rejected %v, want [1]", rejected)
			}
			got := fmt.Sprint(s.calls[1:])
			if tc.name == "whole batch refused" {
				got = fmt.Sprint(s.calls[1:3])
			}
			if got != "["+tc.want+"]" {
				t.Errorf("calls after the refusal %s, want [%s]", got, tc.want)
			}
			if string(msgs[1].Value) != "b" {
				t.Error("writeAll changed the caller's messages")
			}
		})
	}
}
