package shardcache

import (
	"sync"
	"testing"
)

func newCache[V any](entries int) *Cache[V] {
	c := new(Cache[V])
	c.Init(entries)
	return c
}

func TestGetPut(t *testing.T) {
	c := newCache[string](64)
	if _, ok := c.Get(1); ok {
		t.Fatal("empty cache returned a value")
	}
	c.Put(1, "one")
	c.Put(17, "seventeen") // same shard as 1
	c.Put(1, "uno")
	for k, want := range map[uint64]string{1: "uno", 17: "seventeen"} {
		if got, ok := c.Get(k); !ok || got != want {
			t.Errorf("Get(%d) = %q, %v; want %q", k, got, ok, want)
		}
	}
	if n := c.Len(); n != 2 {
		t.Errorf("Len = %d, want 2", n)
	}
}

// The bound holds however many keys go in, per shard and in all, and a
// full shard still stores the newest value.
func TestBounded(t *testing.T) {
	tests := []struct{ entries, keys int }{{16, 1000}, {160, 10000}, {1 << 12, 100000}, {3, 50}}
	for _, tt := range tests {
		c := newCache[int](tt.entries)
		for k := range tt.keys {
			c.Put(uint64(k)*2654435761, k)
			if got, ok := c.Get(uint64(k) * 2654435761); !ok || got != k {
				t.Fatalf("entries %d: key %d not found right after Put", tt.entries, k)
			}
		}
		limit := max(tt.entries/shards, 1) * shards
		if n := c.Len(); n > limit || n == 0 {
			t.Errorf("entries %d after %d keys: Len %d, want 1..%d", tt.entries, tt.keys, n, limit)
		}
	}
}

// Replacing a key of a full shard evicts nothing.
func TestReplaceInFullShard(t *testing.T) {
	c := newCache[int](16 * shards)
	for i := range 16 {
		c.Put(uint64(i*shards), i) // all in shard 0
	}
	c.Put(0, 100)
	if n := c.Len(); n != 16 {
		t.Errorf("Len %d after replacing a key of a full shard, want 16", n)
	}
}

func TestConcurrent(t *testing.T) {
	c := newCache[uint64](1024)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 20000 {
				k := uint64(i*7 + w)
				if v, ok := c.Get(k); ok && v != k {
					t.Errorf("Get(%d) = %d", k, v)
					return
				}
				c.Put(k, k)
			}
		})
	}
	wg.Wait()
	if n := c.Len(); n > 1024 {
		t.Errorf("Len %d over the bound 1024", n)
	}
}
