package embedded

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestProducerAndTail(t *testing.T) {
	b := startBroker(t, Options{Partitions: 3, Topics: []string{"a", "b"}})
	preload(t, b, "a", 300)
	preload(t, b, "b", 200)

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var mu sync.Mutex
	got := map[string]int{}
	lastOffset := map[[2]any]int64{}
	done := make(chan error, 1)
	go func() {
		done <- Tail(ctx, b.Addrs(), func(r Record) {
			mu.Lock()
			defer mu.Unlock()
			got[r.Topic]++
			k := [2]any{r.Topic, r.Partition}
			if prev, ok := lastOffset[k]; ok && r.Offset != prev+1 {
				t.Errorf("%s/%d: offset %d after %d", r.Topic, r.Partition, r.Offset, prev)
			}
			lastOffset[k] = r.Offset
			if len(r.Key) == 0 || len(r.Value) == 0 || r.Time.IsZero() {
				t.Errorf("record without key, value or time: %+v", r)
			}
			if got["a"] == 300 && got["b"] == 200 {
				cancel()
			}
		}, "a", "b")
	}()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got["a"] != 300 || got["b"] != 200 {
		t.Errorf("tail read %v, want a:300 b:200", got)
	}
}

func TestProducerCancelled(t *testing.T) {
	b := startBroker(t, Options{Topics: []string{"a"}})
	p, err := NewProducer(b.Addrs(), "a")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := p.Send(ctx, []byte("k"), []byte("v")); !errors.Is(err, context.Canceled) {
		t.Errorf("Send with a cancelled context = %v, want context.Canceled", err)
	}
	if err := p.Send(t.Context(), []byte("k"), []byte("v")); err != nil {
		t.Fatal(err)
	}
	if err := p.Flush(t.Context()); err != nil || p.Acked() != 1 || p.Failed() != 0 {
		t.Errorf("Flush = %v, acked %d failed %d; want nil, 1, 0", err, p.Acked(), p.Failed())
	}
}

func BenchmarkPreload(b *testing.B) {
	br, err := Start(context.Background(), Options{Topics: []string{"in"}})
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	value := make([]byte, 800)
	next := func() ([]byte, []byte) { return []byte("key"), value }
	b.ReportAllocs()
	b.SetBytes(int64(len(value)))
	b.ResetTimer()
	if err := Preload(context.Background(), br.Addrs(), "in", b.N, next); err != nil {
		b.Fatal(err)
	}
}
