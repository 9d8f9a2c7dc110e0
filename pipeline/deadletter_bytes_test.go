package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"
)

// fakeOriginals answers nulls from a table, or fails.
type fakeOriginals struct {
	keyNull, valueNull bool
	err                error
	calls              int
}

func (f *fakeOriginals) nulls(context.Context, kafka.Message) (bool, bool, error) {
	f.calls++
	return f.keyNull, f.valueNull, f.err
}

// TestRestoreEmpty: only a dead letter whose key or value arrived empty
// asks for the original; a record gone from the log keeps what arrived,
// any other failure fails the delivery (to be retried).
func TestRestoreEmpty(t *testing.T) {
	d := newDeadLetterOutput(&memSink{}, NewMetrics(prometheus.NewRegistry()), slog.New(slog.DiscardHandler), time.Now, nil)
	src := kafka.Message{Topic: "in", Key: nil, Value: nil}
	tests := []struct {
		name          string
		src           kafka.Message
		orig          fakeOriginals
		wantKeyNil    bool
		wantValueNil  bool
		wantErr, call bool
	}{
		{"both present", kafka.Message{Key: []byte("k"), Value: []byte("v")}, fakeOriginals{}, false, false, false, false},
		{"empty value", kafka.Message{Key: []byte("k")}, fakeOriginals{}, false, false, false, true},
		{"null value", kafka.Message{Key: []byte("k")}, fakeOriginals{valueNull: true}, false, true, false, true},
		{"null key, empty value", src, fakeOriginals{keyNull: true}, true, false, false, true},
		{"gone from the log", src, fakeOriginals{err: errOriginalGone}, true, true, false, true},
		{"broker unreachable", src, fakeOriginals{err: errors.New("dial: refused")}, true, true, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d.orig = &tt.orig
			dl := deadLetter(tt.src, &deadInfo{stage: stageDecodeDL, reason: "syntax", err: "empty"}, []byte("t"))
			err := d.restoreEmpty(context.Background(), tt.src, &dl)
			if (err != nil) != tt.wantErr || (tt.orig.calls > 0) != tt.call {
				t.Fatalf("err = %v, lookups %d", err, tt.orig.calls)
			}
			if err == nil && ((dl.Key == nil) != tt.wantKeyNil || (dl.Value == nil) != tt.wantValueNil) {
				t.Errorf("key nil %v value nil %v, want %v %v", dl.Key == nil, dl.Value == nil, tt.wantKeyNil, tt.wantValueNil)
			}
		})
	}
}
