package embedded

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Record is one record read by Tail.
type Record struct {
	Topic     string
	Partition int32
	Offset    int64
	Key       []byte
	Value     []byte
	Time      time.Time
}

// tailMaxWait bounds how long the broker holds an empty fetch, and so how
// late Tail sees a new record.
const tailMaxWait = 100 * time.Millisecond

// Tail reads every partition of topics from the beginning, without a
// consumer group, and calls fn for each record in partition order until ctx
// ends. It returns nil when ctx ends and the first fatal client error
// otherwise. Topics that do not exist yet are picked up when created.
func Tail(ctx context.Context, addrs []string, fn func(Record), topics ...string) error {
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(addrs...),
		kgo.ConsumeTopics(topics...),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchMaxWait(tailMaxWait),
		kgo.MetadataMinAge(250*time.Millisecond),
	)
	if err != nil {
		return fmt.Errorf("tail %v: %w", topics, err)
	}
	defer cl.Close()
	for {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if fetches.IsClientClosed() {
			return errors.New("tail: client closed")
		}
		fetches.EachRecord(func(r *kgo.Record) {
			fn(Record{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset, Key: r.Key, Value: r.Value, Time: r.Timestamp})
		})
	}
}
