package kafkatest

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// offsetsTopic holds the committed offsets; each of its partitions is one
// group coordinator.
const offsetsTopic = "__consumer_offsets"

// waitCoordinators waits until every group coordinator answers an offset
// fetch: a partition of offsetsTopic may have a leader and a full ISR
// while its new leader is still loading the groups (
// COORDINATOR_LOAD_IN_PROGRESS), as after every broker restarted.
func waitCoordinators(ctx context.Context, cl *kgo.Client, md metadata) error {
	t, ok := md.topics[offsetsTopic]
	if !ok || len(t.Partitions) == 0 {
		return nil // no group has committed yet: nothing to load
	}
	adm := kadm.NewClient(cl)
	var errs []error
	for p := range len(t.Partitions) {
		group := probeGroup(p, len(t.Partitions))
		if _, err := adm.FetchOffsets(ctx, group); err != nil && !errors.Is(err, kerr.GroupIDNotFound) {
			errs = append(errs, fmt.Errorf("group coordinator %s/%d: %w", offsetsTopic, p, err))
		}
	}
	return errors.Join(errs...)
}

// probeGroup returns a group name whose coordinator is partition p of n.
func probeGroup(p, n int) string {
	for i := 0; ; i++ {
		g := "kafkatest-probe-" + strconv.Itoa(i)
		if coordinatorPartition(g, n) == p {
			return g
		}
	}
}

// coordinatorPartition is Kafka's partition for a group: the absolute
// value of Java's String.hashCode of its id, modulo n.
func coordinatorPartition(group string, n int) int {
	var h int32
	for _, c := range group { // ASCII names: one UTF-16 unit per rune
		h = 31*h + c
	}
	if h == -1<<31 {
		return 0
	}
	if h < 0 {
		h = -h
	}
	return int(h) % n
}
