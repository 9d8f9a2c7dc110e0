package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/segmentio/kafka-go"
)

// Bound is one end of a topic range: an offset (the same in every
// partition), a time (the first offset at or after it in each partition),
// or, when neither is set, the start of the partition (From) or its end
// when the range is opened (To).
type Bound struct {
	Offset    int64
	Time      time.Time
	HasOffset bool
}

// TopicRange is a range of a topic to read outside any consumer group,
// for offline work on real traffic (`precursor rules diff --topic`):
// every partition, in partition order, from From (included) to To
// (excluded). Brokers, TLS and SASL are as in Config.
type TopicRange struct {
	Brokers  []string
	Topic    string
	From, To Bound
	TLS      TLS
	SASL     SASL
}

// RangeMessage is one message of a range.
type RangeMessage struct {
	Partition int
	Offset    int64
	Value     []byte
}

// RangeReader reads a TopicRange. It is not safe for concurrent use.
type RangeReader struct {
	r      TopicRange
	sec    security
	client *kafka.Client
	parts  []partRange // the partitions left to read
	cur    *kafka.Reader
	end    int64 // of the partition cur reads
}

type partRange struct {
	partition  int
	start, end int64
}

// OpenRange resolves the range's bounds per partition (the end is fixed
// now: messages produced later are not read) and returns a reader.
func OpenRange(ctx context.Context, r TopicRange) (*RangeReader, error) {
	if len(r.Brokers) == 0 || r.Topic == "" {
		return nil, errors.New("topic range: brokers and topic are required")
	}
	sec, err := newSecurity(Config{TLS: r.TLS, SASL: r.SASL})
	if err != nil {
		return nil, err
	}
	rr := &RangeReader{r: r, sec: sec, client: &kafka.Client{Addr: kafka.TCP(r.Brokers...), Transport: sec.transport(), Timeout: 10 * time.Second}}
	if rr.parts, err = rr.resolve(ctx); err != nil {
		return nil, err
	}
	return rr, nil
}

// Partitions reports the partitions and offsets the range covers.
func (rr *RangeReader) Partitions() [][3]int64 {
	out := make([][3]int64, len(rr.parts))
	for i, p := range rr.parts {
		out[i] = [3]int64{int64(p.partition), p.start, p.end}
	}
	return out
}

// resolve lists the partitions and their start and end offsets.
func (rr *RangeReader) resolve(ctx context.Context) ([]partRange, error) {
	md, err := rr.client.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{rr.r.Topic}})
	if err != nil {
		return nil, fmt.Errorf("topic range: metadata of %s: %w", rr.r.Topic, err)
	}
	if len(md.Topics) != 1 || md.Topics[0].Error != nil {
		var terr error
		if len(md.Topics) == 1 {
			terr = md.Topics[0].Error
		}
		return nil, fmt.Errorf("topic range: topic %s: %w", rr.r.Topic, cmpErr(terr, errors.New("not found")))
	}
	var ids []int
	var edges []kafka.OffsetRequest
	for _, p := range md.Topics[0].Partitions {
		ids = append(ids, p.ID)
		edges = append(edges, kafka.FirstOffsetOf(p.ID), kafka.LastOffsetOf(p.ID))
	}
	slices.Sort(ids)
	first, last, err := rr.listOffsets(ctx, edges)
	if err != nil {
		return nil, err
	}
	start, err := rr.boundOffsets(ctx, rr.r.From, ids, first)
	if err != nil {
		return nil, err
	}
	end, err := rr.boundOffsets(ctx, rr.r.To, ids, last)
	if err != nil {
		return nil, err
	}
	var out []partRange
	for _, id := range ids {
		pr := partRange{partition: id, start: max(start[id], first[id]), end: min(end[id], last[id])}
		if pr.start < pr.end {
			out = append(out, pr)
		}
	}
	return out, nil
}

// listOffsets asks the brokers for offsets: the first and last of each
// partition (first, last) and, for time requests, the offset found (in
// first, by partition; -1 when no message is that late).
func (rr *RangeReader) listOffsets(ctx context.Context, reqs []kafka.OffsetRequest) (first, last map[int]int64, err error) {
	res, err := rr.client.ListOffsets(ctx, &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{rr.r.Topic: reqs}})
	if err != nil {
		return nil, nil, fmt.Errorf("topic range: offsets of %s: %w", rr.r.Topic, err)
	}
	first, last = map[int]int64{}, map[int]int64{}
	for _, po := range res.Topics[rr.r.Topic] {
		if po.Error != nil {
			return nil, nil, fmt.Errorf("topic range: offsets of %s/%d: %w", rr.r.Topic, po.Partition, po.Error)
		}
		first[po.Partition], last[po.Partition] = po.FirstOffset, po.LastOffset
		for o := range po.Offsets { // a time request: the offset found
			first[po.Partition] = o
		}
	}
	return first, last, nil
}

// boundOffsets is where a bound falls in each partition: its offset, the
// first offset at or after its time (the partition's end when there is
// none), or def when unset.
func (rr *RangeReader) boundOffsets(ctx context.Context, b Bound, ids []int, def map[int]int64) (map[int]int64, error) {
	out := map[int]int64{}
	switch {
	case b.HasOffset:
		for _, id := range ids {
			out[id] = b.Offset
		}
		return out, nil
	case b.Time.IsZero():
		return def, nil
	}
	reqs := make([]kafka.OffsetRequest, len(ids))
	for i, id := range ids {
		reqs[i] = kafka.TimeOffsetOf(id, b.Time)
	}
	found, _, err := rr.listOffsets(ctx, reqs)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		o, ok := found[id]
		if !ok || o < 0 {
			o = math.MaxInt64 // no message that late: the partition's end
		}
		out[id] = o
	}
	return out, nil
}

func cmpErr(err, def error) error {
	if err != nil {
		return err
	}
	return def
}

// Next returns the next message of the range, partition after
// partition; io.EOF at its end.
func (rr *RangeReader) Next(ctx context.Context) (RangeMessage, error) {
	for {
		if rr.cur == nil {
			if len(rr.parts) == 0 {
				return RangeMessage{}, io.EOF
			}
			if err := rr.openPartition(); err != nil {
				return RangeMessage{}, err
			}
		}
		m, err := rr.cur.ReadMessage(ctx)
		if err != nil {
			return RangeMessage{}, fmt.Errorf("topic range: read %s/%d: %w", rr.r.Topic, rr.parts[0].partition, err)
		}
		if m.Offset+1 >= rr.end {
			rr.cur.Close()
			rr.cur, rr.parts = nil, rr.parts[1:]
		}
		if m.Offset < rr.end {
			return RangeMessage{Partition: m.Partition, Offset: m.Offset, Value: m.Value}, nil
		}
	}
}

func (rr *RangeReader) openPartition() error {
	p := rr.parts[0]
	rc := kafka.ReaderConfig{
		Brokers: rr.r.Brokers, Topic: rr.r.Topic, Partition: p.partition, Dialer: rr.sec.dialer(),
		MinBytes: 1, MaxBytes: maxFetchBytes, MaxWait: 100 * time.Millisecond,
	}
	if err := rc.Validate(); err != nil { // kafka.NewReader panics on invalid config
		return fmt.Errorf("topic range: %w", err)
	}
	rr.cur = kafka.NewReader(rc)
	rr.end = p.end
	if err := rr.cur.SetOffset(p.start); err != nil {
		return fmt.Errorf("topic range: seek %s/%d to %d: %w", rr.r.Topic, p.partition, p.start, err)
	}
	return nil
}

// Close closes the reader of the partition being read.
func (rr *RangeReader) Close() error {
	if rr.cur != nil {
		return rr.cur.Close()
	}
	return nil
}
