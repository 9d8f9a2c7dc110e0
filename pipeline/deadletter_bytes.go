package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/segmentio/kafka-go"
)

// A dead letter keeps the key and value of its event byte for byte, and
// that includes the difference between a null and an empty value (on a
// compacted topic a null value deletes the key). kafka-go's reader loses
// that difference: it allocates a key or value only for a positive length
// (readNewBytes in read.go), so a null and an empty one both arrive as
// nil, while its writer writes nil as null and an empty slice as empty
// (writer.go). The protocol client keeps it (protocol/record_v2.go: a
// negative length is a nil Bytes, zero an empty one), so for a dead letter
// whose key or value arrived empty, the original record is fetched once
// more to learn which it was. Dead letters with an empty key or value are
// rare, and cost one fetch each.

// originals tells whether a consumed record's key and value were null.
type originals interface {
	nulls(ctx context.Context, m kafka.Message) (keyNull, valueNull bool, err error)
}

// errOriginalGone is returned when the record is no longer in the log
// (deleted by retention or compaction since it was consumed).
var errOriginalGone = errors.New("the record is no longer in the log")

// fetchOriginals fetches records with the protocol client.
type fetchOriginals struct{ client *kafka.Client }

// originalFetchBytes bounds the fetch: Kafka returns the whole first
// record batch holding the offset even when it is larger.
const originalFetchBytes = 1 << 20

func (f fetchOriginals) nulls(ctx context.Context, m kafka.Message) (keyNull, valueNull bool, err error) {
	res, err := f.client.Fetch(ctx, &kafka.FetchRequest{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset,
		MinBytes: 1, MaxBytes: originalFetchBytes, MaxWait: 500 * time.Millisecond})
	if err == nil {
		err = res.Error
	}
	if errors.Is(err, kafka.OffsetOutOfRange) {
		return false, false, errOriginalGone
	}
	if err != nil {
		return false, false, fmt.Errorf("fetch %s/%d@%d: %w", m.Topic, m.Partition, m.Offset, err)
	}
	for {
		rec, err := res.Records.ReadRecord()
		if errors.Is(err, io.EOF) || err == nil && rec.Offset > m.Offset {
			return false, false, errOriginalGone
		}
		if err != nil {
			return false, false, fmt.Errorf("read %s/%d@%d: %w", m.Topic, m.Partition, m.Offset, err)
		}
		keyNull, valueNull = rec.Key == nil, rec.Value == nil
		for _, b := range []interface{ Close() error }{rec.Key, rec.Value} {
			if b != nil {
				b.Close()
			}
		}
		if rec.Offset == m.Offset {
			return keyNull, valueNull, nil
		}
	}
}

// restoreEmpty gives dl (the dead letter of src) the key and value src
// had, null or empty, when src's arrived empty. A record no longer in the
// log keeps what arrived, with a warning; any other failure is returned,
// and the delivery retried.
func (d *deadLetterOutput) restoreEmpty(ctx context.Context, src kafka.Message, dl *kafka.Message) error {
	if d.orig == nil || len(src.Key) > 0 && len(src.Value) > 0 {
		return nil
	}
	keyNull, valueNull, err := d.orig.nulls(ctx, src)
	if errors.Is(err, errOriginalGone) {
		d.log.Warn("dead letter of a record no longer in the log: an empty key or value is written as null",
			"topic", src.Topic, "partition", src.Partition, "offset", src.Offset)
		return nil
	}
	if err != nil {
		return fmt.Errorf("dead letter: read the original record: %w", err)
	}
	if len(src.Key) == 0 {
		dl.Key = emptyOrNull(keyNull)
	}
	if len(src.Value) == 0 {
		dl.Value = emptyOrNull(valueNull)
	}
	return nil
}

// emptyOrNull is what kafka-go's writer writes as null (nil) or as an
// empty key or value (a non-nil empty slice).
func emptyOrNull(null bool) []byte {
	if null {
		return nil
	}
	return []byte{}
}
