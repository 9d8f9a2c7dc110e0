// Command kafkactl is the CI helper that talks to the test cluster, the
// command line of internal/kafkatest: it waits until brokers and listeners
// answer, creates topics, waits until a consumer group has committed
// everything in a topic, finds partition leaders, changes topic configs
// and produce quotas, and waits until every replica is back in sync. It
// exists so the scripts in .ci need neither the Kafka shell tools nor a JVM
// start per call; it uses franz-go, a client independent of the kafka-go
// code under test.
//
// The cluster is the one described by the environment .ci/kafka/kafka.sh
// writes (eval "$(.ci/kafka/kafka.sh env)"); -brokers overrides its
// PLAINTEXT bootstrap list.
//
//	kafkactl wait     [-count 3] [-broker ID] [-listeners all]
//	kafkactl topics   [-partitions 3] [-replication-factor -1] [-config k=v,...] name...
//	kafkactl drained  -group G topic
//	kafkactl leader   -topic T [-partition 0]
//	kafkactl config   -topic T key=value... key=   (empty value: back to the default)
//	kafkactl quota    -client-id ID -produce-rate BYTES_PER_SECOND   (0 removes it)
//	kafkactl insync   [topic...]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/internal/kafkatest"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "kafkactl: %v\n", err)
		os.Exit(1)
	}
}

// flags are every command's flags; each command reads the ones it needs.
type flags struct {
	brokers, group, topic, clientID, listeners, configs string
	timeout                                             time.Duration
	count, partitions, replication, broker              int
	partition                                           int
	rate                                                float64
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: kafkactl wait|topics|drained|leader|config|quota|insync [flags] [args...]")
	}
	var f flags
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.StringVar(&f.brokers, "brokers", "", "comma-separated PLAINTEXT seed brokers (default $KAFKA_BROKERS)")
	fs.DurationVar(&f.timeout, "timeout", 60*time.Second, "give up after this long")
	fs.IntVar(&f.count, "count", 1, "wait: brokers that must be registered")
	fs.IntVar(&f.broker, "broker", -1, "wait: this broker id must be registered and answer")
	fs.StringVar(&f.listeners, "listeners", "plaintext", "wait: plaintext, or all (SASL with every mechanism, and SSL)")
	fs.IntVar(&f.partitions, "partitions", 3, "topics: partitions per created topic")
	fs.IntVar(&f.replication, "replication-factor", -1, "topics: replication factor (-1: the cluster default)")
	fs.StringVar(&f.configs, "config", "", "topics: comma-separated key=value topic configs")
	fs.StringVar(&f.group, "group", "", "drained: consumer group")
	fs.StringVar(&f.topic, "topic", "", "leader, config: topic")
	fs.IntVar(&f.partition, "partition", 0, "leader: partition")
	fs.StringVar(&f.clientID, "client-id", "", "quota: client id")
	fs.Float64Var(&f.rate, "produce-rate", 0, "quota: producer bytes per second per broker (0 removes the quota)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	getenv := os.Getenv
	if f.brokers != "" {
		getenv = func(k string) string {
			if k == "KAFKA_BROKERS" {
				return f.brokers
			}
			return os.Getenv(k)
		}
	}
	c, err := kafkatest.FromEnv(getenv)
	if err != nil {
		return err
	}
	if c == nil {
		return errors.New("no cluster: set KAFKA_BROKERS or -brokers (eval \"$(.ci/kafka/kafka.sh env)\")")
	}
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	return command(ctx, c, args[0], f, fs.Args())
}

func command(ctx context.Context, c *kafkatest.Cluster, name string, f flags, args []string) error {
	switch name {
	case "wait":
		return wait(ctx, c, f)
	case "topics":
		configs, err := keyValues(strings.Split(f.configs, ","))
		if err != nil {
			return err
		}
		if err := c.CreateTopics(ctx, int32(f.partitions), int16(f.replication), configs, args...); err != nil {
			return err
		}
		fmt.Printf("topics ready: %s\n", strings.Join(args, " "))
	case "drained":
		if f.group == "" || len(args) != 1 {
			return errors.New("drained: want -group G and one topic")
		}
		if err := c.WaitDrained(ctx, f.group, args[0]); err != nil {
			return err
		}
		fmt.Printf("group %s has committed all of %s\n", f.group, args[0])
	case "leader":
		id, err := c.Leader(ctx, f.topic, int32(f.partition))
		if err != nil {
			return err
		}
		fmt.Println(id)
	case "config":
		configs, err := keyValues(args)
		if err != nil || len(configs) == 0 || f.topic == "" {
			return errors.Join(err, errors.New("config: want -topic T and key=value arguments"))
		}
		return c.SetTopicConfig(ctx, f.topic, configs)
	case "quota":
		if f.clientID == "" {
			return errors.New("quota: want -client-id")
		}
		return c.SetProduceQuota(ctx, f.clientID, f.rate)
	case "insync":
		if err := c.WaitInSync(ctx, args...); err != nil {
			return err
		}
		fmt.Println("every partition has all its replicas in sync")
	default:
		return fmt.Errorf("unknown command %q", name)
	}
	return nil
}

func wait(ctx context.Context, c *kafkatest.Cluster, f flags) error {
	if f.broker >= 0 {
		if err := c.WaitBroker(ctx, int32(f.broker)); err != nil {
			return err
		}
		fmt.Printf("broker %d is registered and answers\n", f.broker)
		return nil
	}
	ids, err := c.WaitBrokers(ctx, f.count)
	if err != nil {
		return err
	}
	fmt.Printf("kafka ready: brokers %v\n", ids)
	if f.listeners != "all" {
		return nil
	}
	if err := c.WaitListeners(ctx); err != nil {
		return err
	}
	fmt.Printf("SASL_PLAINTEXT (%s) and SSL (client certificate) answer\n", strings.Join(c.Mechanisms, ", "))
	return nil
}

// keyValues parses key=value arguments; an empty value means "remove".
func keyValues(args []string) (map[string]*string, error) {
	out := map[string]*string{}
	for _, a := range args {
		if a == "" {
			continue
		}
		k, v, ok := strings.Cut(a, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%q is not key=value", a)
		}
		if v == "" {
			out[k] = nil
		} else {
			out[k] = &v
		}
	}
	return out, nil
}
