package embedded

import (
	"context"
	"fmt"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Admin answers offset questions about a cluster: how far a topic has been
// written and how far a consumer group has committed. Safe for concurrent
// use.
type Admin struct {
	cl  *kgo.Client
	adm *kadm.Client
}

// NewAdmin returns an admin client for the brokers at addrs.
func NewAdmin(addrs []string) (*Admin, error) {
	cl, err := kgo.NewClient(kgo.SeedBrokers(addrs...))
	if err != nil {
		return nil, fmt.Errorf("new admin client: %w", err)
	}
	return &Admin{cl: cl, adm: kadm.NewClient(cl)}, nil
}

// Close releases the admin client's connections.
func (a *Admin) Close() { a.cl.Close() }

// EndOffsets returns the sum over topic's partitions of the high watermark:
// the number of records ever written to the topic.
func (a *Admin) EndOffsets(ctx context.Context, topic string) (int64, error) {
	offs, err := a.adm.ListEndOffsets(ctx, topic)
	if err != nil {
		return 0, fmt.Errorf("end offsets of %s: %w", topic, err)
	}
	if err := offs.Error(); err != nil {
		return 0, fmt.Errorf("end offsets of %s: %w", topic, err)
	}
	var total int64
	offs.Each(func(o kadm.ListedOffset) { total += o.Offset })
	return total, nil
}

// Committed returns the sum of group's committed offsets on topic: the
// number of records the group has consumed and committed, when it started
// from the beginning. Partitions without a commit count as 0.
func (a *Admin) Committed(ctx context.Context, group, topic string) (int64, error) {
	offs, err := a.adm.FetchOffsetsForTopics(ctx, group, topic)
	if err != nil {
		return 0, fmt.Errorf("committed offsets of group %s: %w", group, err)
	}
	if err := offs.Error(); err != nil {
		return 0, fmt.Errorf("committed offsets of group %s: %w", group, err)
	}
	var total int64
	offs.Each(func(o kadm.OffsetResponse) {
		if o.Topic == topic && o.At > 0 {
			total += o.At
		}
	})
	return total, nil
}

// Lag returns end offsets minus committed offsets of group on topic.
func (a *Admin) Lag(ctx context.Context, group, topic string) (int64, error) {
	end, err := a.EndOffsets(ctx, topic)
	if err != nil {
		return 0, err
	}
	done, err := a.Committed(ctx, group, topic)
	if err != nil {
		return 0, err
	}
	return end - done, nil
}
