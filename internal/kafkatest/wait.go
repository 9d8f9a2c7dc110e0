package kafkatest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Poll calls try every 250 ms, each attempt bounded to 5 s, until it
// succeeds or ctx ends; then it reports the last error.
func Poll(ctx context.Context, try func(context.Context) error) error {
	for {
		attempt, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := try(attempt)
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("gave up: %w (last error: %v)", ctx.Err(), err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// WaitBrokers waits until the metadata lists at least n live brokers and
// returns their ids.
func (c *Cluster) WaitBrokers(ctx context.Context, n int) ([]int32, error) {
	var ids []int32
	err := c.withClient(func(cl *kgo.Client, _ *kadm.Client) error {
		return Poll(ctx, func(ctx context.Context) error {
			md, err := freshMetadata(ctx, cl, []string{})
			if err != nil {
				return err
			}
			if ids = md.brokerIDs(); len(ids) < n {
				return fmt.Errorf("%d of %d brokers registered (%v)", len(ids), n, ids)
			}
			return nil
		})
	})
	return ids, err
}

// WaitBroker waits until broker id is registered and answers a metadata
// request on its own PLAINTEXT address.
func (c *Cluster) WaitBroker(ctx context.Context, id int32) error {
	return Poll(ctx, func(ctx context.Context) error {
		addr, err := c.BrokerAddr(ctx, id)
		if err != nil {
			return err
		}
		own, err := kgo.NewClient(kgo.SeedBrokers(addr))
		if err != nil {
			return err
		}
		defer own.Close()
		_, err = freshMetadata(ctx, own, []string{})
		return err
	})
}

// WaitListeners waits until the SASL listener accepts every mechanism and
// the SSL listener the client certificate (each answering a metadata
// request), for the listeners the cluster has.
func (c *Cluster) WaitListeners(ctx context.Context) error {
	type probe struct {
		l    Listener
		mech string
	}
	var probes []probe
	if len(c.SASLBrokers) > 0 {
		for _, m := range c.Mechanisms {
			probes = append(probes, probe{SASLPlaintext, m})
		}
	}
	if len(c.SSLBrokers) > 0 {
		probes = append(probes, probe{SSL, ""})
	}
	for _, p := range probes {
		cl, err := c.Client(p.l, p.mech)
		if err != nil {
			return err
		}
		err = Poll(ctx, func(ctx context.Context) error {
			md, err := freshMetadata(ctx, cl, []string{})
			if err == nil && len(md.brokers) < len(c.BrokerIDs) {
				err = fmt.Errorf("%d brokers answer", len(md.brokers))
			}
			return err
		})
		cl.Close()
		if err != nil {
			return fmt.Errorf("listener %s %s: %w", p.l, p.mech, err)
		}
	}
	return nil
}

// WaitInSync waits until every broker is registered, every partition of
// topics (all topics when none are named) has a leader and all its
// replicas in sync, and every group coordinator has loaded its groups: the
// cluster is whole again after a broker came back.
func (c *Cluster) WaitInSync(ctx context.Context, topics ...string) error {
	if len(topics) == 0 {
		topics = nil // every topic
	}
	return c.withClient(func(cl *kgo.Client, _ *kadm.Client) error {
		return Poll(ctx, func(ctx context.Context) error {
			md, err := freshMetadata(ctx, cl, topics)
			if err != nil {
				return err
			}
			if missing := without(c.BrokerIDs, md.brokerIDs()...); len(missing) > 0 {
				return fmt.Errorf("brokers %v are not registered", missing)
			}
			var lagging []error
			for name, t := range md.topics {
				if err := kerr.ErrorForCode(t.ErrorCode); err != nil {
					lagging = append(lagging, fmt.Errorf("topic %s: %w", name, err))
					continue
				}
				for _, p := range t.Partitions {
					if p.Leader < 0 || len(p.ISR) < len(p.Replicas) {
						lagging = append(lagging, fmt.Errorf("%s/%d: leader %d, replicas %v, in sync %v", name, p.Partition, p.Leader, p.Replicas, p.ISR))
					}
				}
			}
			if err := errors.Join(lagging...); err != nil {
				return err
			}
			return waitCoordinators(ctx, cl, md)
		})
	})
}

// WaitDrained waits until group has committed, on every partition of
// topic, an offset at or past the partition's end (lag 0).
func (c *Cluster) WaitDrained(ctx context.Context, group, topic string) error {
	return c.withClient(func(_ *kgo.Client, adm *kadm.Client) error {
		return Poll(ctx, func(ctx context.Context) error {
			ends, err := adm.ListEndOffsets(ctx, topic)
			if err != nil {
				return fmt.Errorf("list end offsets: %w", err)
			}
			committed, err := adm.FetchOffsets(ctx, group)
			if err != nil {
				return fmt.Errorf("fetch offsets of group %s: %w", group, err)
			}
			var lag int64
			var errs []error
			ends.Each(func(end kadm.ListedOffset) {
				c, ok := committed.Lookup(topic, end.Partition)
				switch {
				case end.Err != nil:
					errs = append(errs, end.Err)
				case ok && c.Err != nil:
					errs = append(errs, c.Err)
				case ok:
					lag += max(0, end.Offset-max(c.At, 0))
				default:
					lag += end.Offset
				}
			})
			if err := errors.Join(errs...); err != nil {
				return err
			}
			if lag > 0 {
				return fmt.Errorf("group %s lags %d message(s) on %s", group, lag, topic)
			}
			return nil
		})
	})
}

// without returns ids without the ones in drop.
func without(ids []int32, drop ...int32) []int32 {
	var out []int32
	for _, id := range ids {
		if !slices.Contains(drop, id) {
			out = append(out, id)
		}
	}
	return out
}

// BrokerAddr returns the PLAINTEXT address of broker id, as the cluster
// advertises it (the broker must be registered).
func (c *Cluster) BrokerAddr(ctx context.Context, id int32) (string, error) {
	var addr string
	err := c.withClient(func(cl *kgo.Client, _ *kadm.Client) error {
		md, err := freshMetadata(ctx, cl, []string{})
		if err != nil {
			return err
		}
		i := slices.IndexFunc(md.brokers, func(b kmsg.MetadataResponseBroker) bool { return b.NodeID == id })
		if i < 0 {
			return fmt.Errorf("broker %d is not registered (live: %v)", id, md.brokerIDs())
		}
		addr = net.JoinHostPort(md.brokers[i].Host, strconv.Itoa(int(md.brokers[i].Port)))
		return nil
	})
	return addr, err
}
