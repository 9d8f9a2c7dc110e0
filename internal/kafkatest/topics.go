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

// CreateTopics creates topics (existing ones are fine) with partitions,
// replication factor rf (-1: the cluster default) and configs, and waits
// until every partition has a leader.
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
			for _, t := range topics {
				for p := range partitions {
					pd, err := md.partition(t, p)
					if err != nil {
						return err
					}
					if pd.ErrorCode != 0 || pd.Leader < 0 {
						return fmt.Errorf("topic %s partition %d has no leader", t, p)
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

// SetProduceQuota limits every producer with client id clientID to
// bytesPerSecond per broker (the brokers delay their answers to hold the
// rate: produce is throttled, not refused); 0 removes the limit. It waits
// until every live broker enforces the new value.
func (c *Cluster) SetProduceQuota(ctx context.Context, clientID string, bytesPerSecond float64) error {
	const key = "producer_byte_rate"
	op := kadm.AlterClientQuotaOp{Key: key, Value: bytesPerSecond, Remove: bytesPerSecond == 0}
	entity := kadm.ClientQuotaEntity{{Type: "client-id", Name: &clientID}}
	return c.withClient(func(_ *kgo.Client, adm *kadm.Client) error {
		resp, err := adm.AlterClientQuotas(ctx, []kadm.AlterClientQuotaEntry{{Entity: entity, Ops: []kadm.AlterClientQuotaOp{op}}})
		if err != nil {
			return fmt.Errorf("alter client quotas: %w", err)
		}
		for _, r := range resp {
			if r.Err != nil {
				return fmt.Errorf("quota of client id %s: %w (%s)", clientID, r.Err, r.ErrMessage)
			}
		}
		return c.onEveryBroker(ctx, func(ctx context.Context, b *kgo.Broker) error {
			got := 0.0
			req := kmsg.NewPtrDescribeClientQuotasRequest()
			comp := kmsg.NewDescribeClientQuotasRequestComponent()
			comp.EntityType, comp.Match, comp.MatchType = "client-id", &clientID, 0
			req.Components, req.Strict = append(req.Components, comp), true
			resp, err := req.RequestWith(ctx, b)
			if err != nil {
				return err
			}
			if err := kerr.ErrorForCode(resp.ErrorCode); err != nil {
				return err
			}
			for _, e := range resp.Entries {
				for _, v := range e.Values {
					if v.Key == key {
						got = v.Value
					}
				}
			}
			if got != bytesPerSecond {
				return fmt.Errorf("client id %s: %s is %v on this broker, want %v", clientID, key, got, bytesPerSecond)
			}
			return nil
		})
	})
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
