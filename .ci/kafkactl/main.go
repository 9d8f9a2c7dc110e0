// Command kafkactl is the CI helper that talks to the test broker: it waits
// until a broker answers a metadata request, creates topics, and waits until
// a consumer group has committed everything in a topic. It exists so
// the scripts in .ci need neither the Kafka shell tools nor a JVM start per
// call; it uses franz-go, a client independent of the kafka-go code under test.
//
//	kafkactl wait   -brokers 127.0.0.1:19092 -timeout 90s
//	kafkactl topics -brokers 127.0.0.1:19092 -partitions 3 name...
//	kafkactl drained -brokers 127.0.0.1:19092 -group G topic
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "kafkactl: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: kafkactl wait|topics|drained [flags] [topic...]")
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	brokers := fs.String("brokers", "127.0.0.1:19092", "comma-separated seed brokers")
	timeout := fs.Duration("timeout", 60*time.Second, "give up after this long")
	partitions := fs.Int("partitions", 3, "partitions per created topic")
	group := fs.String("group", "", "consumer group (drained)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	cl, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(*brokers, ",")...))
	if err != nil {
		return fmt.Errorf("new client: %w", err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	switch args[0] {
	case "wait":
		return waitBrokers(ctx, adm)
	case "topics":
		return createTopics(ctx, adm, int32(*partitions), fs.Args())
	case "drained":
		if *group == "" || fs.NArg() != 1 {
			return errors.New("drained: want -group G and one topic")
		}
		return waitDrained(ctx, adm, *group, fs.Arg(0))
	}
	return fmt.Errorf("unknown command %q", args[0])
}

// waitBrokers polls until the cluster reports at least one live broker.
func waitBrokers(ctx context.Context, adm *kadm.Client) error {
	return poll(ctx, func(ctx context.Context) error {
		md, err := adm.BrokerMetadata(ctx)
		if err != nil {
			return err
		}
		if len(md.Brokers) == 0 {
			return errors.New("metadata lists no brokers")
		}
		fmt.Printf("kafka ready: cluster %s, %d broker(s), controller %d\n",
			md.Cluster, len(md.Brokers), md.Controller)
		return nil
	})
}

// createTopics creates the topics (existing ones are fine) and waits until
// every partition of each has a leader.
func createTopics(ctx context.Context, adm *kadm.Client, partitions int32, topics []string) error {
	if len(topics) == 0 {
		return errors.New("topics: no topic names given")
	}
	resp, err := adm.CreateTopics(ctx, partitions, 1, nil, topics...)
	if err != nil {
		return fmt.Errorf("create topics: %w", err)
	}
	for _, r := range resp.Sorted() {
		if r.Err != nil && !errors.Is(r.Err, kerr.TopicAlreadyExists) {
			return fmt.Errorf("create topic %s: %w", r.Topic, r.Err)
		}
	}
	return poll(ctx, func(ctx context.Context) error {
		md, err := adm.Metadata(ctx, topics...)
		if err != nil {
			return err
		}
		for _, t := range topics {
			if err := leadersReady(md.Topics[t]); err != nil {
				return fmt.Errorf("topic %s: %w", t, err)
			}
		}
		fmt.Printf("topics ready: %s\n", strings.Join(topics, " "))
		return nil
	})
}

func leadersReady(td kadm.TopicDetail) error {
	if td.Err != nil {
		return td.Err
	}
	if len(td.Partitions) == 0 {
		return errors.New("no partitions yet")
	}
	for _, p := range td.Partitions {
		if p.Err != nil || p.Leader < 0 {
			return fmt.Errorf("partition %d has no leader", p.Partition)
		}
	}
	return nil
}

// waitDrained polls until group has committed, on every partition of topic,
// an offset at or past the partition's end offset (lag 0).
func waitDrained(ctx context.Context, adm *kadm.Client, group, topic string) error {
	return poll(ctx, func(ctx context.Context) error {
		ends, err := adm.ListEndOffsets(ctx, topic)
		if err != nil {
			return fmt.Errorf("list end offsets: %w", err)
		}
		committed, err := adm.FetchOffsets(ctx, group)
		if err != nil {
			return fmt.Errorf("fetch offsets of group %s: %w", group, err)
		}
		var lag int64
		var bad error
		ends.Each(func(end kadm.ListedOffset) {
			if end.Err != nil {
				bad = end.Err
				return
			}
			c, ok := committed.Lookup(topic, end.Partition)
			switch {
			case ok && c.Err != nil:
				bad = c.Err
			case ok:
				lag += max(0, end.Offset-max(c.At, 0))
			default:
				lag += end.Offset
			}
		})
		if bad != nil {
			return bad
		}
		if lag > 0 {
			return fmt.Errorf("group %s lags %d message(s) on %s", group, lag, topic)
		}
		fmt.Printf("group %s has committed all of %s\n", group, topic)
		return nil
	})
}

// poll calls try every 500ms until it succeeds or ctx ends, then reports the
// last error.
func poll(ctx context.Context, try func(context.Context) error) error {
	for {
		attempt, cancel := context.WithTimeout(ctx, 3*time.Second)
		err := try(attempt)
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("gave up: %w (last error: %v)", ctx.Err(), err)
		case <-time.After(500 * time.Millisecond):
		}
	}
}
