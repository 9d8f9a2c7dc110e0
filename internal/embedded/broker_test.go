package embedded

import (
	"context"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
)

func startBroker(t *testing.T, opts Options) *Broker {
	t.Helper()
	b, err := Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

func preload(t *testing.T, b *Broker, topic string, n int) {
	t.Helper()
	i := 0
	next := func() ([]byte, []byte) {
		i++
		return fmt.Appendf(nil, "k%d", i), fmt.Appendf(nil, `{"n":%d}`, i)
	}
	if err := Preload(t.Context(), b.Addrs(), topic, n, next); err != nil {
		t.Fatal(err)
	}
}

func TestStartOptions(t *testing.T) {
	if _, err := Start(t.Context(), Options{Partitions: -1}); err == nil {
		t.Error("Start with -1 partitions succeeded")
	}
	b := startBroker(t, Options{Partitions: 3, Topics: []string{"a", "b"}})
	conn, err := kafka.Dial("tcp", b.Addrs()[0])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	parts, err := conn.ReadPartitions("a", "b")
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 6 {
		t.Errorf("topics a and b have %d partitions together, want 3 each", len(parts))
	}
	host, _, _ := net.SplitHostPort(b.Addrs()[0])
	if host != "127.0.0.1" {
		t.Errorf("broker listens on %s, want loopback", b.Addrs()[0])
	}
}

func TestClosedWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	b, err := Start(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	addr := b.Addrs()[0]
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err != nil {
			b.Close() // idempotent
			return
		}
		c.Close()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("broker at %s still accepts connections after its context ended", addr)
}

// TestKafkaGoConsumerGroup is the compatibility contract the pipeline relies
// on: kafka-go readers in one group (JoinGroup, SyncGroup, Heartbeat,
// OffsetCommit, OffsetFetch at kafka-go's protocol versions) split the
// partitions, read every record once and commit offsets the broker reports.
func TestKafkaGoConsumerGroup(t *testing.T) {
	const n = 3000
	b := startBroker(t, Options{Partitions: 4, Topics: []string{"in"}})
	preload(t, b, "in", n)
	adm, err := NewAdmin(b.Addrs())
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	if end, err := adm.EndOffsets(ctx, "in"); err != nil || end != n {
		t.Fatalf("EndOffsets = %d, %v; want %d", end, err, n)
	}

	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	readCtx, stop := context.WithCancel(ctx)
	for range 2 {
		wg.Go(func() { consume(t, readCtx, b.Addrs(), &mu, seen) })
	}
	waitCommitted(t, ctx, adm, "g", "in", n)
	stop()
	wg.Wait()
	if len(seen) != n {
		t.Errorf("read %d distinct records, want %d", len(seen), n)
	}
	if lag, err := adm.Lag(ctx, "g", "in"); err != nil || lag != 0 {
		t.Errorf("Lag = %d, %v; want 0", lag, err)
	}
}

func consume(t *testing.T, ctx context.Context, addrs []string, mu *sync.Mutex, seen map[string]int) {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: addrs, GroupID: "g", Topic: "in", MinBytes: 1, MaxBytes: 1 << 20,
		MaxWait: 50 * time.Millisecond, StartOffset: kafka.FirstOffset,
		HeartbeatInterval: 500 * time.Millisecond, SessionTimeout: 6 * time.Second,
	})
	defer r.Close()
	var batch []kafka.Message
	for ctx.Err() == nil {
		// Group readers do not report lag, so commit a partial batch when
		// nothing arrives for a while.
		fctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		m, err := r.FetchMessage(fctx)
		cancel()
		if err == nil {
			mu.Lock()
			seen[string(m.Key)]++
			mu.Unlock()
			batch = append(batch, m)
		}
		if len(batch) == 100 || (err != nil && len(batch) > 0) {
			if err := r.CommitMessages(ctx, batch...); err != nil && ctx.Err() == nil {
				t.Errorf("commit: %v", err)
			}
			batch = batch[:0]
		}
	}
}

func waitCommitted(t *testing.T, ctx context.Context, adm *Admin, group, topic string, want int64) {
	t.Helper()
	for {
		got, err := adm.Committed(ctx, group, topic)
		if err == nil && got == want {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("group %s committed %d of %d on %s (last error %v)", group, got, want, topic, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
