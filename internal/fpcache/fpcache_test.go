package fpcache

import (
	"fmt"
	"sync"
	"testing"
)

func TestGetPut(t *testing.T) {
	c := New[string](64)
	k1, k2 := c.Key("a", "b"), c.Key("ab")
	if k1 == k2 {
		t.Fatal(`Key("a", "b") == Key("ab"): part boundaries are lost`)
	}
	if _, ok := c.Get(k1); ok {
		t.Fatal("empty cache returned a value")
	}
	c.Put(k1, ptr("one"))
	c.Put(k2, ptr("two"))
	c.Put(k1, ptr("uno"))
	for k, want := range map[Key]string{k1: "uno", k2: "two"} {
		if got, ok := c.Get(k); !ok || *got != want {
			t.Errorf("Get(%v) = %v, %v; want %q", k, got, ok, want)
		}
	}
	if n := c.Len(); n != 2 {
		t.Errorf("Len = %d after two keys (one stored twice), want 2", n)
	}
	k3 := c.Key("nothing found")
	c.Put(k3, nil)
	if v, ok := c.Get(k3); !ok || v != nil {
		t.Errorf("Get of a stored nil = %v, %v; want nil, true", v, ok)
	}
}

func ptr[V any](v V) *V { return &v }

// Key is a function of the parts and the cache: the same parts give the
// same key, different parts (and different caches) different ones.
func TestKey(t *testing.T) {
	c, other := New[int](8), New[int](8)
	keys := map[Key][]string{}
	for _, parts := range [][]string{
		{}, {""}, {"", ""}, {"a"}, {"a", ""}, {"", "a"}, {"a\x00", "b"}, {"a", "\x00b"},
		{"shipper", "Acme Ltd", "CN"}, {"consignee", "Acme Ltd", "CN"}, {"shipper", "Acme Ltd", "HK"},
	} {
		k := c.Key(parts...)
		if prev, dup := keys[k]; dup {
			t.Errorf("Key(%q) == Key(%q)", parts, prev)
		}
		keys[k] = parts
		if c.Key(parts...) != k {
			t.Errorf("Key(%q) differs between calls", parts)
		}
		if len(parts) > 0 && other.Key(parts...) == k {
			t.Errorf("Key(%q) is the same in two caches: the seeds are not the cache's own", parts)
		}
	}
}

// A way that holds a key with the same high half is not a hit: the check
// is on all 128 bits.
func TestHalfCollision(t *testing.T) {
	c := New[int](ways)
	a := Key{hi: 0xAB00000000000000, lo: 1}
	b := Key{hi: 0xAB00000000000000, lo: 3} // same set, same high half
	c.Put(a, ptr(1))
	if _, ok := c.Get(b); ok {
		t.Fatal("Get returned the value of another key with the same high half")
	}
	c.Put(b, ptr(2))
	for k, want := range map[Key]int{a: 1, b: 2} {
		if got, ok := c.Get(k); !ok || *got != want {
			t.Errorf("Get(%x) = %v, %v; want %d", k, got, ok, want)
		}
	}
}

// The bound holds however many keys go in, and the newest value is always
// found right after its Put.
func TestBounded(t *testing.T) {
	for _, tt := range []struct{ entries, keys int }{{1, 100}, {8, 1000}, {100, 10000}, {1 << 12, 100000}} {
		c := New[int](tt.entries)
		if c.Cap() < tt.entries {
			t.Errorf("New(%d).Cap() = %d", tt.entries, c.Cap())
		}
		for i := range tt.keys {
			k := c.Key(fmt.Sprint(i))
			c.Put(k, ptr(i))
			if got, ok := c.Get(k); !ok || *got != i {
				t.Fatalf("entries %d: key %d not found right after Put", tt.entries, i)
			}
		}
		if n := c.Len(); n > c.Cap() || n == 0 {
			t.Errorf("entries %d after %d keys: Len %d, want 1..%d", tt.entries, tt.keys, n, c.Cap())
		}
	}
}

// Keys that fit keep their values: with the table a quarter full, nearly
// every key is still there after all were stored. A set overflows when
// more than four keys fall in it, and loses one key per key over four: at
// one key per set on average (a Poisson(1) count per set) that is about
// 0.43 % of the keys, 17.6 of 4,096 with a standard deviation of about 4.
// The bound, 1 %, is five standard deviations above that.
func TestKeepsWhatFits(t *testing.T) {
	c := New[int](1 << 14)
	n := c.Cap() / 4
	for i := range n {
		c.Put(c.Key(fmt.Sprint(i)), ptr(i))
	}
	found := 0
	for i := range n {
		if v, ok := c.Get(c.Key(fmt.Sprint(i))); ok && *v == i {
			found++
		}
	}
	if found < n*99/100 {
		t.Errorf("%d of %d keys found at a quarter of capacity", found, n)
	}
}

// Readers and writers race on a small table (run with -race): a value is
// only ever returned for its own key.
func TestConcurrent(t *testing.T) {
	c := New[int](64)
	keys := make([]Key, 500)
	for i := range keys {
		keys[i] = c.Key(fmt.Sprint(i))
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 20000 {
				j := (i*7 + w) % len(keys)
				if v, ok := c.Get(keys[j]); ok && *v != j {
					t.Errorf("Get(key %d) = %d", j, *v)
					return
				}
				c.Put(keys[j], ptr(j))
			}
		})
	}
	wg.Wait()
	if n := c.Len(); n > c.Cap() {
		t.Errorf("Len %d over the bound %d", n, c.Cap())
	}
}

func BenchmarkGet(b *testing.B) {
	for _, size := range []int{1 << 10, 1 << 16} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			c := New[int](size)
			keys := make([]Key, size/4)
			for i := range keys {
				keys[i] = c.Key("shipper", fmt.Sprintf("Company %d Trading Co. Ltd.", i), "CN")
				c.Put(keys[i], ptr(i))
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				c.Get(keys[i])
				i = (i + 7919) % len(keys)
			}
		})
	}
}

func BenchmarkKey(b *testing.B) {
	c := New[int](8)
	b.ReportAllocs()
	for b.Loop() {
		_ = c.Key("shipper", "Shenzhen FengHua Import & Export Co., Ltd.", "CN")
	}
}
