// Package embedded runs an in-process Kafka-protocol broker on loopback for
// the demo, the benchmark and end-to-end tests, and loads it with events.
//
// The broker is github.com/twmb/franz-go/pkg/kfake: a single-node cluster
// speaking the real wire protocol over TCP, so the pipeline talks to it with
// the same kafka-go clients it uses against production Kafka (consumer
// groups, offset commits, acks=all writes). Data lives in memory and is gone
// when the broker closes.
//
// The package owns the broker's lifetime, topic creation, a fast batching
// producer (franz-go kgo) for preloading and steady-rate feeding, and small
// admin queries (end offsets, committed offsets) that let callers wait for a
// consumer group to catch up. It knows nothing about manifests or rules.
package embedded
