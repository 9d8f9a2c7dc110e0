package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/segmentio/kafka-go"
)

// pollInterval is how often reader statistics and group lag are polled.
const pollInterval = 2 * time.Second

// readerStats is the part of *kafka.Reader the poller reads. Its counters
// reset on every call, so exactly one goroutine (the poller) may call it.
type readerStats interface {
	Stats() kafka.ReaderStats
}

// lagClient is the part of *kafka.Client the poller uses for group lag.
type lagClient interface {
	Metadata(ctx context.Context, req *kafka.MetadataRequest) (*kafka.MetadataResponse, error)
	ListOffsets(ctx context.Context, req *kafka.ListOffsetsRequest) (*kafka.ListOffsetsResponse, error)
	OffsetFetch(ctx context.Context, req *kafka.OffsetFetchRequest) (*kafka.OffsetFetchResponse, error)
}

// poller moves kafka-go reader statistics into Prometheus counters and
// measures group lag: for each input partition, its end offset minus the
// group's committed offset (or minus its first offset when nothing is
// committed yet).
type poller struct {
	reader  readerStats
	client  lagClient
	topic   string
	group   string
	metrics *Metrics
	counts  *counters
	log     *slog.Logger

	partitions map[int]bool // partitions with a partition_lag series
	failures   int          // consecutive failed lag polls
}

func (p *poller) run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		p.pollReader()
		p.pollLag(ctx)
		select {
		case <-ctx.Done():
			p.pollReader() // the last deltas
			return
		case <-t.C:
		}
	}
}

// pollReader adds the reader's counter deltas since the last call.
func (p *poller) pollReader() {
	s := p.reader.Stats()
	m := p.metrics
	m.MessagesFetched.Add(float64(s.Messages))
	m.BytesFetched.Add(float64(s.Bytes))
	m.Fetches.Add(float64(s.Fetches))
	m.FetchErrors.Add(float64(s.Errors))
	if s.Rebalances > 0 {
		m.Rebalances.Add(float64(s.Rebalances))
		p.counts.joined.Store(true)
	}
}

// pollLag sets consumer_lag_messages and partition_lag_messages. It is best
// effort: failures are logged once per failing streak and leave the gauges
// as they were. Two failures in a row mark the brokers unreachable, which
// /readyz reports, until a poll succeeds again.
func (p *poller) pollLag(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, pollInterval)
	defer cancel()
	lags, err := p.groupLag(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		if p.failures == 0 {
			p.log.Warn("measuring consumer lag failed", "err", err)
		}
		p.failures++
		if p.failures >= 2 {
			p.counts.brokersDown.Store(true)
		}
		return
	}
	if p.failures > 0 {
		p.log.Info("measuring consumer lag works again", "after_failures", p.failures)
	}
	p.failures = 0
	p.counts.brokersDown.Store(false)
	var total int64
	seen := map[int]bool{}
	for part, lag := range lags {
		total += lag
		seen[part] = true
		p.metrics.PartitionLag.WithLabelValues(p.topic, strconv.Itoa(part)).Set(float64(lag))
	}
	for part := range p.partitions {
		if !seen[part] {
			p.metrics.PartitionLag.DeleteLabelValues(p.topic, strconv.Itoa(part))
		}
	}
	p.partitions = seen
	p.metrics.ConsumerLag.Set(float64(total))
	p.counts.lag.Store(total)
}

// partitionIDs lists the partitions of the input topic.
func (p *poller) partitionIDs(ctx context.Context) ([]int, error) {
	md, err := p.client.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{p.topic}})
	if err != nil {
		return nil, fmt.Errorf("metadata %s: %w", p.topic, err)
	}
	var parts []int
	for _, t := range md.Topics {
		if t.Name != p.topic {
			continue
		}
		if t.Error != nil {
			return nil, fmt.Errorf("metadata %s: %w", p.topic, t.Error)
		}
		for _, pt := range t.Partitions {
			parts = append(parts, pt.ID)
		}
	}
	return parts, nil
}

// groupLag returns the lag of every partition of the input topic.
func (p *poller) groupLag(ctx context.Context) (map[int]int64, error) {
	parts, err := p.partitionIDs(ctx)
	if err != nil {
		return nil, err
	}
	reqs := make([]kafka.OffsetRequest, 0, 2*len(parts))
	for _, pt := range parts {
		reqs = append(reqs, kafka.FirstOffsetOf(pt), kafka.LastOffsetOf(pt))
	}
	lo, err := p.client.ListOffsets(ctx, &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{p.topic: reqs}})
	if err != nil {
		return nil, fmt.Errorf("list offsets %s: %w", p.topic, err)
	}
	of, err := p.client.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: p.group, Topics: map[string][]int{p.topic: parts}})
	if err != nil {
		return nil, fmt.Errorf("offset fetch %s: %w", p.group, err)
	}
	if of.Error != nil && !errors.Is(of.Error, kafka.GroupIdNotFound) { // not found: nothing committed yet
		return nil, fmt.Errorf("offset fetch %s: %w", p.group, of.Error)
	}
	committed := map[int]int64{}
	for _, po := range of.Topics[p.topic] {
		if po.Error == nil {
			committed[po.Partition] = po.CommittedOffset
		}
	}
	lags := map[int]int64{}
	for _, po := range lo.Topics[p.topic] {
		if po.Error != nil {
			return nil, fmt.Errorf("list offsets %s/%d: %w", p.topic, po.Partition, po.Error)
		}
		from, ok := committed[po.Partition]
		if !ok || from < 0 {
			from = po.FirstOffset
		}
		lags[po.Partition] = max(po.LastOffset-from, 0)
	}
	return lags, nil
}
