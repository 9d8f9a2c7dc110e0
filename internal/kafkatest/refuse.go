package kafkatest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// RefuseWrites makes every partition of topic refuse produce requests with
// acks=all (NOT_ENOUGH_REPLICAS), as a partition that lost in-sync
// replicas does, while every other topic keeps working: the topic is made
// to need all its replicas in sync (min.insync.replicas = replication
// factor) and one broker holding a replica of every partition is stopped
// cleanly, which takes it out of every ISR at once. Reads are unaffected.
// (A min.insync.replicas above the replication factor does not refuse
// anything: Kafka caps it at the replica count.)
//
// allow restores the topic's setting, so writes are accepted again at
// once, then restarts the broker and waits until every replica is back in
// sync. It returns the stopped broker too.
func (c *Cluster) RefuseWrites(ctx context.Context, topic string) (stopped int32, allow func(context.Context) error, err error) {
	replicas, before, err := c.refusalPlan(ctx, topic)
	if err != nil {
		return -1, nil, err
	}
	victim := replicas[len(replicas)-1]
	need := strconv.Itoa(len(replicas))
	if err := c.SetTopicConfig(ctx, topic, map[string]*string{"min.insync.replicas": &need}); err != nil {
		return -1, nil, err
	}
	if err := c.StopBroker(ctx, victim); err != nil {
		return -1, nil, errors.Join(err, c.SetTopicConfig(ctx, topic, map[string]*string{"min.insync.replicas": before}))
	}
	return victim, func(ctx context.Context) error {
		if err := c.SetTopicConfig(ctx, topic, map[string]*string{"min.insync.replicas": before}); err != nil {
			return err
		}
		if err := c.StartBroker(ctx, victim); err != nil {
			return err
		}
		return c.WaitInSync(ctx)
	}, nil
}

// refusalPlan returns the brokers holding a replica of every partition of
// topic (sorted) and the topic's own min.insync.replicas (nil: the
// cluster default).
func (c *Cluster) refusalPlan(ctx context.Context, topic string) (common []int32, before *string, err error) {
	err = c.withClient(func(cl *kgo.Client, adm *kadm.Client) error {
		md, err := freshMetadata(ctx, cl, []string{topic})
		if err != nil {
			return err
		}
		t := md.topics[topic]
		if len(t.Partitions) == 0 {
			return fmt.Errorf("topic %s: no partitions in the metadata", topic)
		}
		common = slices.Clone(t.Partitions[0].Replicas)
		for _, p := range t.Partitions[1:] {
			common = slices.DeleteFunc(common, func(id int32) bool { return !slices.Contains(p.Replicas, id) })
		}
		slices.Sort(common)
		if len(t.Partitions[0].Replicas) < 2 || len(common) == 0 {
			return fmt.Errorf("topic %s: needs 2 or more replicas and one broker holding a replica of every partition (replicas of partition 0: %v)",
				topic, t.Partitions[0].Replicas)
		}
		rcs, err := adm.DescribeTopicConfigs(ctx, topic)
		if err != nil {
			return err
		}
		rc, err := rcs.On(topic, nil)
		if err != nil {
			return err
		}
		for _, cfg := range rc.Configs {
			if cfg.Key == "min.insync.replicas" && cfg.Source == kmsg.ConfigSourceDynamicTopicConfig {
				before = cfg.Value
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("refuse writes to %s: %w", topic, err)
	}
	return common, before, nil
}
