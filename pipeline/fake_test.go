package pipeline

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/precursorwatch/precursor/parties"
	"github.com/precursorwatch/precursor/rules"

	"github.com/segmentio/kafka-go"
)

// fakeEvaluator stands in for the rules engine in unit tests: an event is
// {"shipment_id": "...", "risky": bool, "event_time": RFC3339}; risky events
// alert with the body "alert:<id>:<version>", anything else that is not such
// JSON is a syntax dead letter, a missing shipment id is invalid.
type fakeEvaluator struct {
	version string
	delay   time.Duration
	// statusR1 is rule R1's status ("" = active); a shadow R1 hits as a
	// shadow hit.
	statusR1 string
	// big, when set, is the size of the alert of an event with "big": true;
	// full is then set too, so the alert has a minimal form, whose summary
	// is bigSummary bytes long.
	big, bigSummary int
	// calls counts evaluate calls, so tests can wait for scoring to start.
	calls atomic.Int64
}

type fakeEvent struct {
	ShipmentID string    `json:"shipment_id"`
	Risky      bool      `json:"risky"`
	EventTime  time.Time `json:"event_time"`
	Panic      bool      `json:"panic"`
	Fail       bool      `json:"fail"` // rule R1 fails
	Big        bool      `json:"big"`
}

func (f *fakeEvaluator) newScratch() *scratch { return &scratch{state: new(fakeEvent)} }

func (f *fakeEvaluator) evaluate(_ context.Context, value []byte, sc *scratch, out *outcome) {
	f.calls.Add(1)
	ev := sc.state.(*fakeEvent)
	*ev = fakeEvent{}
	if f.delay > 0 {
		time.Sleep(f.delay)
	}
	if err := json.Unmarshal(value, ev); err != nil {
		out.dead = &deadInfo{stage: stageDecodeDL, reason: "syntax", err: err.Error()}
		return
	}
	if ev.ShipmentID == "" {
		out.dead = &deadInfo{stage: stageValidateDL, reason: "invalid", err: "shipment_id: required"}
		return
	}
	if ev.Panic {
		panic("boom")
	}
	out.severity, out.score, out.eventTime = "none", 0, ev.EventTime
	if ev.Fail {
		out.ruleErrors = append(out.ruleErrors, "R1")
	}
	if ev.Risky {
		out.severity, out.score = "high", 80
		if f.statusR1 == "shadow" {
			out.shadowHits = append(out.shadowHits, "R1")
		} else {
			out.hits = append(out.hits, "R1")
		}
		out.alert = []byte(fmt.Sprintf("alert:%s:%s", ev.ShipmentID, f.version))
		out.key = []byte(ev.ShipmentID)
		if ev.Big && f.big > 0 {
			out.alert = append(out.alert, strings.Repeat("x", f.big)...)
			out.full = &rules.Alert{ID: ev.ShipmentID, ShipmentID: ev.ShipmentID, Score: 80, Severity: "high",
				Summary: strings.Repeat("s", f.bigSummary),
				Hits:    []rules.Hit{{RuleID: "R1", Evidence: []rules.Evidence{{Line: 1, Text: strings.Repeat("y", f.big)}}}}}
		}
	}
}

// withLists keeps the fake as it is: it screens no parties.
func (f *fakeEvaluator) withLists(*parties.Snapshot) evaluator { return f }

func (f *fakeEvaluator) info() engineInfo {
	return engineInfo{RulesetName: "fake", RulesetVersion: f.version, RulesetHash: "h" + f.version,
		CatalogVersion: "c1", CatalogHash: "ch", Rules: map[string]string{"R1": cmp.Or(f.statusR1, "active"), "V" + f.version: "active"},
		Families: []string{"common", "fam-" + f.version}}
}

func fakeValue(id string, risky bool) []byte {
	b, _ := json.Marshal(fakeEvent{ShipmentID: id, Risky: risky, EventTime: time.Now().Add(-time.Second)})
	return b
}

// memSource is an in-memory source: FetchMessage hands out msgs in order
// and then blocks; CommitMessages records commits.
type memSource struct {
	mu      sync.Mutex
	msgs    []kafka.Message
	next    int
	commits [][]kafka.Message
	failN   int // fail this many commits first
	// onCommit, when set, sees every commit before it is recorded.
	onCommit func(points []kafka.Message)
	// commitGate, when set, holds each commit until it yields.
	commitGate chan struct{}
}

func (s *memSource) FetchMessage(ctx context.Context) (kafka.Message, error) {
	for {
		s.mu.Lock()
		if s.next < len(s.msgs) {
			m := s.msgs[s.next]
			s.next++
			s.mu.Unlock()
			return m, nil
		}
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return kafka.Message{}, ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
}

func (s *memSource) CommitMessages(ctx context.Context, msgs ...kafka.Message) error {
	if s.commitGate != nil {
		select {
		case <-s.commitGate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failN > 0 {
		s.failN--
		return errors.New("coordinator not available")
	}
	if s.onCommit != nil {
		s.onCommit(msgs)
	}
	s.commits = append(s.commits, append([]kafka.Message(nil), msgs...))
	return nil
}

// committed returns the latest committed offset per partition.
func (s *memSource) committed() map[int]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[int]int64{}
	for _, c := range s.commits {
		for _, m := range c {
			out[m.Partition] = max(out[m.Partition], m.Offset)
		}
	}
	return out
}

// memSink records written messages; it can fail the first failN writes and
// reports, through onWrite, each attempt.
type memSink struct {
	mu      sync.Mutex
	written []kafka.Message
	failN   int
	onWrite func()
	// maxBytes, when set, refuses larger values as kafka-go's writer does
	// (MessageTooLargeError, nothing written) or, with broker set, as a
	// broker does for a record batch (MESSAGE_TOO_LARGE for every message
	// of the call, nothing written).
	maxBytes int
	broker   bool
}

func (s *memSink) WriteMessages(_ context.Context, msgs ...kafka.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.onWrite != nil {
		s.onWrite()
	}
	if s.failN > 0 {
		s.failN--
		return errors.New("not enough replicas")
	}
	if s.maxBytes > 0 {
		return s.writeLimited(msgs)
	}
	s.written = append(s.written, msgs...)
	return nil
}

func (s *memSink) writeLimited(msgs []kafka.Message) error {
	if !s.broker {
		for i, m := range msgs {
			if len(m.Value) > s.maxBytes {
				rest := append(append([]kafka.Message(nil), msgs[:i]...), msgs[i+1:]...)
				return kafka.MessageTooLargeError{Message: m, Remaining: rest}
			}
		}
		s.written = append(s.written, msgs...)
		return nil
	}
	// One record batch (one partition): the broker refuses it whole.
	for _, m := range msgs {
		if len(m.Value) > s.maxBytes {
			we := make(kafka.WriteErrors, len(msgs))
			for i := range we {
				we[i] = kafka.MessageSizeTooLarge
			}
			return we
		}
	}
	s.written = append(s.written, msgs...)
	return nil
}

func (s *memSink) all() []kafka.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]kafka.Message(nil), s.written...)
}
