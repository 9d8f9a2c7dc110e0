package kafkatest

import (
	"context"
	"fmt"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

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
