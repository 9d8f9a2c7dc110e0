package pipeline

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/segmentio/kafka-go"
)

// Sizes of the Kafka clients.
const (
	// maxFetchBytes is the reader's MaxBytes: large enough that an oversized
	// event (manifest.Decode refuses more than 1 MiB) is fetched and
	// dead-lettered instead of stalling its partition.
	maxFetchBytes = 16 << 20
	// maxDeadLetterBatchBytes bounds one dead-letter produce request; it must
	// exceed maxFetchBytes so any fetched event can be dead-lettered.
	maxDeadLetterBatchBytes = 2 * maxFetchBytes
	// alertBatchBytes bounds one alert produce request (the broker default
	// message.max.bytes is about 1 MB). kafka-go refuses a single message
	// larger than this with MessageTooLargeError before sending it.
	alertBatchBytes = 1 << 20
	// maxAlertBytes is the largest alert value written in full; a larger
	// one is replaced by its minimal form (rules.(*Alert).Minimal). The
	// margin leaves room for the key (a shipment id of at most 512 bytes)
	// and the record overhead within alertBatchBytes.
	maxAlertBytes = alertBatchBytes - 16<<10
	// alertTopicMaxMessageBytes is the max.message.bytes given to the
	// alert topic when the pipeline creates it: a full writer batch plus
	// the record batch framing, so whatever the writer accepts the broker
	// accepts too.
	alertTopicMaxMessageBytes = alertBatchBytes + 16<<10
	// writerBatchTimeout is how long a writer waits to fill a partition's
	// batch. Every WriteMessages call hands over the loop's whole batch at
	// once (kafka-go appends all of a call's messages under the partition
	// writer's lock, so the timer cannot split them), so waiting only adds
	// latency: the produce requests leave as soon as the call has queued
	// them. Compression stays off (kafka-go's default): Snappy on the
	// writers made no measurable difference to CPU per manifest in
	// precursor bench even with 30 % alerts.
	writerBatchTimeout = 10 * time.Microsecond
)

// Consumer-group timers, chosen so that the partitions of an instance that
// dies without leaving the group (SIGKILL, a lost host) move to the
// survivors within about 10 s, and those of an instance that stops cleanly
// within about 2 s (see docs/reliability.md for the measurements).
// kafka-go's defaults are in brackets.
const (
	// groupSessionTimeout [30s] is how long the coordinator waits without
	// a heartbeat before it evicts a member and rebalances: the bulk of a
	// failover after a crash. 6 s is the smallest a broker accepts by
	// default (group.min.session.timeout.ms).
	groupSessionTimeout = 6 * time.Second
	// groupHeartbeatInterval [3s] is how often a member heartbeats, and so
	// how soon a survivor learns of a rebalance and rejoins; a third of
	// the session timeout at most, as Kafka advises.
	groupHeartbeatInterval = time.Second
	// groupRebalanceTimeout [30s] is how long the coordinator waits for
	// every member to rejoin during a rebalance. kafka-go rejoins from its
	// own goroutine without waiting for the loop, so a live member rejoins
	// within a heartbeat; the bound only matters for a member that died
	// during a rebalance.
	groupRebalanceTimeout = 10 * time.Second
	// groupJoinBackoff [5s] is the wait before joining again after a
	// failed join or sync (a coordinator that died or moved). It is not
	// a retry storm: one request per attempt.
	groupJoinBackoff = 500 * time.Millisecond
	// readBackoffMax [1s] caps kafka-go's wait before a partition reader
	// retries a broker that refused it (leader moved, broker down).
	readBackoffMax = time.Second
	// transportMetadataTTL [6s] bounds how long the pipeline's transport
	// (writers, lag poller) keeps its metadata: it refreshes at a random
	// time within it, and only then (not on an error) learns of a broker
	// that came back or a leader that moved. Until then every write fails:
	// after a cluster restart, one or two stale refreshes held the writes,
	// and so the commits, for up to 12 s. Its requests name only the
	// pipeline's own topics (Pipeline.topics), so they stay small on a
	// cluster of many topics.
	transportMetadataTTL = time.Second
)

// readerConfig is the consumer-group reader configuration. MaxWait is small
// and MinBytes 1 so a batch forms from whatever is available; the queue
// holds two batches (the one being collected and the next), the read-ahead
// that lets fetching overlap scoring: the scoring stage reads the reader
// directly (loop.collect). Close leaves the
// group (kafka-go sends LeaveGroup), so the partitions of an instance that
// shuts down move at once instead of after the session timeout.
func readerConfig(c Config, sec security, log *slog.Logger) kafka.ReaderConfig {
	return kafka.ReaderConfig{
		Brokers:        c.Brokers,
		GroupID:        c.GroupID,
		GroupTopics:    []string{c.Topics.Input},
		Dialer:         sec.dialer(),
		QueueCapacity:  max(2*c.BatchSize, 100),
		MinBytes:       1,
		MaxBytes:       maxFetchBytes,
		MaxWait:        100 * time.Millisecond,
		CommitInterval: 0, // synchronous commits: CommitMessages returns once committed
		StartOffset:    kafka.FirstOffset,
		// Rebalances are detected by kafka-go's own group handling; new
		// partitions of the input topic are picked up.
		WatchPartitionChanges: true,
		SessionTimeout:        groupSessionTimeout,
		HeartbeatInterval:     groupHeartbeatInterval,
		RebalanceTimeout:      groupRebalanceTimeout,
		JoinGroupBackoff:      groupJoinBackoff,
		ReadBackoffMin:        50 * time.Millisecond,
		ReadBackoffMax:        readBackoffMax,
		ErrorLogger:           kafka.LoggerFunc(func(f string, a ...any) { log.Debug("kafka reader: "+fmt.Sprintf(f, a...), "component", "kafka-go") }),
	}
}

// newWriter builds a synchronous writer for topic that returns only after
// every message is acknowledged by all in-sync replicas. Messages are
// partitioned by key hash, so alerts of one shipment stay in order.
func newWriter(c Config, tr *kafka.Transport, topic string, batchBytes int64) *kafka.Writer {
	return &kafka.Writer{
		Addr:         kafka.TCP(c.Brokers...),
		Topic:        topic,
		Balancer:     &kafka.Hash{},
		RequiredAcks: kafka.RequireAll,
		BatchSize:    max(c.BatchSize, 100),
		BatchBytes:   batchBytes,
		BatchTimeout: writerBatchTimeout,
		MaxAttempts:  3, // then the loop's own backoff takes over, logged and counted
		Transport:    tr,
	}
}
