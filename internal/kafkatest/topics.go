package kafkatest

import (
	"context"
	"errors"
	"fmt"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// CreateTopics creates topics (existing ones are fine) with partitions and
// replication factor rf (-1 each: the cluster defaults) and configs, and
// waits until every partition has a leader.
func (c *Cluster) CreateTopics(ctx context.Context, partitions int32, rf int16, configs map[string]*string, topics ...string) error {
	if len(topics) == 0 {
		return errors.New("create topics: no topic names given")
	}
	return c.withClient(func(cl *kgo.Client, adm *kadm.Client) error {
		resp, err := adm.CreateTopics(ctx, partitions, rf, configs, topics...)
		if err != nil {
			return fmt.Errorf("create topics: %w", err)
		}
		for _, r := range resp.Sorted() {
			if r.Err != nil && !errors.Is(r.Err, kerr.TopicAlreadyExists) {
				return fmt.Errorf("create topic %s: %w (%s)", r.Topic, r.Err, r.ErrMessage)
			}
		}
		return Poll(ctx, func(ctx context.Context) error {
			md, err := freshMetadata(ctx, cl, topics)
			if err != nil {
				return err
			}
			for _, name := range topics {
				t := md.topics[name]
				if len(t.Partitions) == 0 || partitions > 0 && len(t.Partitions) < int(partitions) {
					return fmt.Errorf("topic %s: %d partitions in the metadata", name, len(t.Partitions))
				}
				for _, p := range t.Partitions {
					if p.ErrorCode != 0 || p.Leader < 0 {
						return fmt.Errorf("topic %s partition %d has no leader", name, p.Partition)
					}
				}
			}
			return nil
		})
	})
}

// PartitionState is a partition's leader (-1 during an election), its
// replicas and the replicas in sync with the leader.
type PartitionState struct {
	Leader        int32
	Replicas, ISR []int32
}

// Partition returns the state of one partition as the metadata says now.
func (c *Cluster) Partition(ctx context.Context, topic string, partition int32) (PartitionState, error) {
	var ps PartitionState
	err := c.withClient(func(cl *kgo.Client, _ *kadm.Client) error {
		md, err := freshMetadata(ctx, cl, []string{topic})
		if err != nil {
			return err
		}
		pd, err := md.partition(topic, partition)
		if err != nil {
			return err
		}
		ps = PartitionState{Leader: pd.Leader, Replicas: pd.Replicas, ISR: pd.ISR}
		return nil
	})
	return ps, err
}

// Leader returns the broker id leading a partition; it waits while the
// partition has no leader (an election in progress).
func (c *Cluster) Leader(ctx context.Context, topic string, partition int32) (int32, error) {
	var leader int32 = -1
	err := Poll(ctx, func(ctx context.Context) error {
		pd, err := c.Partition(ctx, topic, partition)
		if err != nil {
			return err
		}
		if pd.Leader < 0 {
			return fmt.Errorf("%s/%d has no leader", topic, partition)
		}
		leader = pd.Leader
		return nil
	})
	return leader, err
}

// WaitNewLeader waits until a partition is led by a broker other than old
// and returns it: the failover after old died, was paused or stopped.
func (c *Cluster) WaitNewLeader(ctx context.Context, topic string, partition, old int32) (int32, error) {
	var leader int32 = -1
	err := Poll(ctx, func(ctx context.Context) error {
		ps, err := c.Partition(ctx, topic, partition)
		if err != nil {
			return err
		}
		if ps.Leader == old || ps.Leader < 0 {
			return fmt.Errorf("%s/%d: leader still %d", topic, partition, ps.Leader)
		}
		leader = ps.Leader
		return nil
	})
	return leader, err
}

// SetTopicConfig sets (value non-nil) or removes (nil: back to the
// cluster default) topic configs, and waits until every live broker
// reports the new values, so the next request anywhere sees them.
func (c *Cluster) SetTopicConfig(ctx context.Context, topic string, configs map[string]*string) error {
	var alter []kadm.AlterConfig
	for k, v := range configs {
		op := kadm.SetConfig
		if v == nil {
			op = kadm.DeleteConfig
		}
		alter = append(alter, kadm.AlterConfig{Op: op, Name: k, Value: v})
	}
	return c.withClient(func(_ *kgo.Client, adm *kadm.Client) error {
		resp, err := adm.AlterTopicConfigs(ctx, alter, topic)
		for _, r := range resp {
			if err == nil && r.Err != nil {
				err = fmt.Errorf("%w (%s)", r.Err, r.ErrMessage)
			}
		}
		if err != nil {
			return fmt.Errorf("alter configs of topic %s: %w", topic, err)
		}
		return c.onEveryBroker(ctx, func(ctx context.Context, b *kgo.Broker) error {
			return topicConfigIs(ctx, b, topic, configs)
		})
	})
}

// topicConfigIs checks that broker b reports configs for topic (nil: any
// value that is not a topic override).
func topicConfigIs(ctx context.Context, b *kgo.Broker, topic string, configs map[string]*string) error {
	req := kmsg.NewPtrDescribeConfigsRequest()
	res := kmsg.NewDescribeConfigsRequestResource()
	res.ResourceType, res.ResourceName = kmsg.ConfigResourceTypeTopic, topic
	req.Resources = append(req.Resources, res)
	resp, err := req.RequestWith(ctx, b)
	if err != nil {
		return err
	}
	if len(resp.Resources) != 1 {
		return fmt.Errorf("describe configs of %s: %d resources in the answer", topic, len(resp.Resources))
	}
	r := resp.Resources[0]
	if err := kerr.ErrorForCode(r.ErrorCode); err != nil {
		return fmt.Errorf("describe configs of %s: %w", topic, err)
	}
	for k, want := range configs {
		got, override := "", false
		for _, e := range r.Configs {
			if e.Name == k && e.Value != nil {
				got, override = *e.Value, e.Source == kmsg.ConfigSourceDynamicTopicConfig
			}
		}
		if want == nil && override || want != nil && (got != *want || !override) {
			return fmt.Errorf("topic %s: %s is %q (topic override: %v) on this broker", topic, k, got, override)
		}
	}
	return nil
}
