package embedded

import (
	"context"
	"fmt"
	"sync"

	"github.com/twmb/franz-go/pkg/kfake"
)

// Options configure an embedded broker.
type Options struct {
	// Partitions is the partition count of Topics and of topics created
	// later without an explicit count. Default 6.
	Partitions int
	// Topics are created at start.
	Topics []string
	// Port is the TCP port on 127.0.0.1. Default 0: a free port.
	Port int
}

// defaultPartitions matches pipeline.DefaultConfig().Partitions.
const defaultPartitions = 6

// Broker is a running in-memory single-node Kafka cluster listening on
// loopback. Close it when done; it is also closed when the context given to
// Start is cancelled.
type Broker struct {
	cluster *kfake.Cluster
	addrs   []string
	stop    func() bool
	once    sync.Once
}

// Start starts a broker and creates opts.Topics. Auto topic creation is on,
// so clients may also create topics implicitly, as with a default Kafka.
func Start(ctx context.Context, opts Options) (*Broker, error) {
	if opts.Partitions < 0 || opts.Port < 0 || opts.Port > 65535 {
		return nil, fmt.Errorf("start embedded broker: partitions %d or port %d out of range", opts.Partitions, opts.Port)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("start embedded broker: %w", err)
	}
	parts := opts.Partitions
	if parts == 0 {
		parts = defaultPartitions
	}
	kopts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.Ports(opts.Port),
		kfake.ClusterID("precursor-embedded"),
		kfake.DefaultNumPartitions(parts),
		kfake.AllowAutoTopicCreation(),
	}
	if len(opts.Topics) > 0 {
		kopts = append(kopts, kfake.SeedTopics(int32(parts), opts.Topics...))
	}
	c, err := kfake.NewCluster(kopts...)
	if err != nil {
		return nil, fmt.Errorf("start embedded broker on 127.0.0.1:%d: %w", opts.Port, err)
	}
	b := &Broker{cluster: c, addrs: c.ListenAddrs()}
	b.stop = context.AfterFunc(ctx, b.Close)
	return b, nil
}

// Addrs returns the host:port bootstrap addresses of the broker.
func (b *Broker) Addrs() []string { return append([]string(nil), b.addrs...) }

// Close shuts the broker down, dropping every connection and all data. It is
// safe to call more than once.
func (b *Broker) Close() {
	b.once.Do(func() {
		b.stop()
		b.cluster.Close()
	})
}
