package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/segmentio/kafka-go"
)

// topicCreator is the part of *kafka.Client used to create topics.
type topicCreator interface {
	CreateTopics(ctx context.Context, req *kafka.CreateTopicsRequest) (*kafka.CreateTopicsResponse, error)
}

// topicConfigs returns the topics to create. The input topic accepts
// events up to the reader's fetch size, and the dead-letter topic twice
// that, so an oversized event (manifest.Decode refuses more than 1 MiB)
// still reaches the pipeline and is dead-lettered unchanged. The alert
// topic accepts a full alert writer batch (alertBatchBytes).
func topicConfigs(c Config) []kafka.TopicConfig {
	maxBytes := func(n int) []kafka.ConfigEntry {
		return []kafka.ConfigEntry{{ConfigName: "max.message.bytes", ConfigValue: strconv.Itoa(n)}}
	}
	mk := func(name string, entries []kafka.ConfigEntry) kafka.TopicConfig {
		return kafka.TopicConfig{Topic: name, NumPartitions: c.Partitions, ReplicationFactor: c.ReplicationFactor, ConfigEntries: entries}
	}
	topics := []kafka.TopicConfig{
		mk(c.Topics.Input, maxBytes(maxFetchBytes)),
		mk(c.Topics.Alerts, maxBytes(alertTopicMaxMessageBytes)),
		mk(c.Topics.DeadLetters, maxBytes(maxDeadLetterBatchBytes)),
	}
	if c.CandidateRulesDir != "" {
		topics = append(topics, mk(c.Topics.CandidateAlerts, maxBytes(alertTopicMaxMessageBytes)))
	}
	return topics
}

// createTopics creates the missing topics on the controller. A topic that
// already exists counts as created, so calling it again is harmless.
func createTopics(ctx context.Context, cl topicCreator, topics []kafka.TopicConfig) error {
	resp, err := cl.CreateTopics(ctx, &kafka.CreateTopicsRequest{Topics: topics})
	if err != nil {
		return fmt.Errorf("create topics: %w", err)
	}
	var errs []error
	for _, t := range topics {
		if e := resp.Errors[t.Topic]; e != nil && !errors.Is(e, kafka.TopicAlreadyExists) {
			errs = append(errs, fmt.Errorf("create topic %s: %w", t.Topic, e))
		}
	}
	return errors.Join(errs...)
}

// ensureTopics retries createTopics with backoff until it succeeds or ctx
// ends: brokers may not be reachable yet when the service starts.
func ensureTopics(ctx context.Context, cl topicCreator, topics []kafka.TopicConfig, log *slog.Logger) error {
	for attempt := 0; ; attempt++ {
		err := createTopics(ctx, cl, topics)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		d := backoff(attempt)
		log.Warn("creating topics failed; retrying", "attempt", attempt+1, "backoff", d, "err", err)
		if !sleep(ctx, d) {
			return ctx.Err()
		}
	}
}
