package kafkatest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"strings"
)

// The node actions of kafka.sh. Each returns once it has taken effect:
// StartBroker once the broker is registered and answers (its partitions
// may still be catching up: see WaitInSync), StopBroker once a controlled
// shutdown has finished, KillBroker once the JVM is gone (the controller
// notices after broker.session.timeout.ms, 9 s by default), PauseBroker
// once the JVM is frozen with its connections open.

// StartBroker starts, or resumes, broker id.
func (c *Cluster) StartBroker(ctx context.Context, id int32) error {
	return c.control(ctx, "start", id)
}

// StartBrokers starts (or resumes) brokers in parallel; each is
// registered and answers when it returns. Errors are joined.
func (c *Cluster) StartBrokers(ctx context.Context, ids ...int32) error {
	errs := make(chan error, len(ids))
	for _, id := range ids {
		go func() { errs <- c.StartBroker(ctx, id) }()
	}
	var all []error
	for range ids {
		all = append(all, <-errs)
	}
	return errors.Join(all...)
}

// StopBroker shuts broker id down cleanly (SIGTERM): its leaderships move
// and it leaves every ISR at once.
func (c *Cluster) StopBroker(ctx context.Context, id int32) error { return c.control(ctx, "stop", id) }

// KillBroker kills broker id with SIGKILL: no shutdown at all.
func (c *Cluster) KillBroker(ctx context.Context, id int32) error { return c.control(ctx, "kill", id) }

// PauseBroker freezes broker id (SIGSTOP): it holds its connections and
// answers nothing, like a broker behind a network partition.
func (c *Cluster) PauseBroker(ctx context.Context, id int32) error {
	return c.control(ctx, "pause", id)
}

// ResumeBroker thaws a paused broker (SIGCONT).
func (c *Cluster) ResumeBroker(ctx context.Context, id int32) error {
	return c.control(ctx, "resume", id)
}

func (c *Cluster) control(ctx context.Context, action string, id int32) error {
	if err := c.Need("control"); err != nil {
		return err
	}
	if !slices.Contains(c.BrokerIDs, id) {
		return fmt.Errorf("%s broker %d: the cluster's brokers are %v", action, id, c.BrokerIDs)
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, "bash", c.Control, action, strconv.Itoa(int(id)))
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s broker %d: %w: %s", action, id, err, strings.TrimSpace(out.String()))
	}
	return nil
}

// StopFollowers makes a partition's leader refuse writes with acks=all
// the way a real outage does: it stops (cleanly) every follower of the
// partition, so its ISR falls to the leader alone, below
// min.insync.replicas. With replication factor 3 on three brokers this
// stops two brokers, and every topic refuses writes. It returns the leader
// and the stopped brokers, which the caller restarts with StartBroker
// (then WaitInSync).
func (c *Cluster) StopFollowers(ctx context.Context, topic string, partition int32) (leader int32, stopped []int32, err error) {
	pd, err := c.Partition(ctx, topic, partition)
	if err != nil {
		return -1, nil, err
	}
	for _, id := range without(pd.Replicas, pd.Leader) {
		if err := c.StopBroker(ctx, id); err != nil {
			return pd.Leader, stopped, err
		}
		stopped = append(stopped, id)
	}
	return pd.Leader, stopped, nil
}
