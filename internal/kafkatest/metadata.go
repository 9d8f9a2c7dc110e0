package kafkatest

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// metadata is what one broker says about the cluster now. kadm answers
// from the client's metadata cache, which lags a broker's death or return
// by up to the refresh interval; every helper here asks afresh instead.
type metadata struct {
	brokers []kmsg.MetadataResponseBroker
	topics  map[string]kmsg.MetadataResponseTopic
}

// freshMetadata sends a metadata request for topics (nil: every topic;
// empty: none) to any broker of cl.
func freshMetadata(ctx context.Context, cl *kgo.Client, topics []string) (metadata, error) {
	req := kmsg.NewPtrMetadataRequest()
	if topics != nil {
		req.Topics = []kmsg.MetadataRequestTopic{}
	}
	for _, t := range topics {
		rt := kmsg.NewMetadataRequestTopic()
		rt.Topic = kmsg.StringPtr(t)
		req.Topics = append(req.Topics, rt)
	}
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return metadata{}, fmt.Errorf("metadata: %w", err)
	}
	md := metadata{brokers: resp.Brokers, topics: map[string]kmsg.MetadataResponseTopic{}}
	for _, t := range resp.Topics {
		if t.Topic != nil {
			md.topics[*t.Topic] = t
		}
	}
	return md, nil
}

// brokerIDs are the ids of the live brokers, sorted.
func (md metadata) brokerIDs() []int32 {
	ids := make([]int32, 0, len(md.brokers))
	for _, b := range md.brokers {
		ids = append(ids, b.NodeID)
	}
	slices.Sort(ids)
	return ids
}

// partition returns one partition of topic, or an error naming what is
// missing.
func (md metadata) partition(topic string, p int32) (kmsg.MetadataResponseTopicPartition, error) {
	t, ok := md.topics[topic]
	if !ok {
		return kmsg.MetadataResponseTopicPartition{}, fmt.Errorf("topic %s: not in the metadata", topic)
	}
	if err := kerr.ErrorForCode(t.ErrorCode); err != nil {
		return kmsg.MetadataResponseTopicPartition{}, fmt.Errorf("topic %s: %w", topic, err)
	}
	for _, pd := range t.Partitions {
		if pd.Partition == p {
			return pd, nil
		}
	}
	return kmsg.MetadataResponseTopicPartition{}, fmt.Errorf("topic %s has no partition %d", topic, p)
}

// onEveryBroker polls check against each live broker until all pass.
func (c *Cluster) onEveryBroker(ctx context.Context, check func(context.Context, *kgo.Broker) error) error {
	cl, err := c.Client(Plaintext, "")
	if err != nil {
		return err
	}
	defer cl.Close()
	return Poll(ctx, func(ctx context.Context) error {
		md, err := freshMetadata(ctx, cl, []string{})
		if err != nil {
			return err
		}
		var errs []error
		for _, b := range md.brokers {
			if err := check(ctx, cl.Broker(int(b.NodeID))); err != nil {
				errs = append(errs, fmt.Errorf("broker %d: %w", b.NodeID, err))
			}
		}
		return errors.Join(errs...)
	})
}
