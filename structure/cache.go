package structure

import "sync"

// cache maps normalised query text to a definitive answer (a structure, or
// "no structure"). It keeps two generations of at most size/2 entries each:
// when the young one fills, the old one is dropped and the young one ages.
// Lookups in the old generation promote the entry, so what is used stays.
// Bounded memory, O(1) operations, no per-entry bookkeeping.
//
// It also holds the requests in flight, so that concurrent lookups of the
// same text share one resolver request.
type cache struct {
	mu       sync.Mutex
	half     int
	young    map[string]*Structure
	old      map[string]*Structure
	inflight map[string]*flight
}

// flight is one resolver request that later lookups of the same text wait on.
type flight struct {
	done chan struct{}
	res  *Structure
	err  error
}

func newCache(size int) *cache {
	half := max(1, size/2)
	return &cache{
		half:     half,
		young:    make(map[string]*Structure, half),
		old:      map[string]*Structure{},
		inflight: map[string]*flight{},
	}
}

// get returns the cached answer for key. Otherwise it returns the flight to
// wait on, with leader true if the caller must make the request and then
// call finish.
func (c *cache) get(key string) (s *Structure, f *flight, leader bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.young[key]; s != nil {
		return s, nil, false
	}
	if s := c.old[key]; s != nil {
		c.putLocked(key, s)
		return s, nil, false
	}
	if f := c.inflight[key]; f != nil {
		return nil, f, false
	}
	f = &flight{done: make(chan struct{})}
	c.inflight[key] = f
	return nil, f, true
}

// finish ends the leader's flight; a definitive answer (err == nil) is kept.
func (c *cache) finish(key string, f *flight, s *Structure, err error) {
	c.mu.Lock()
	delete(c.inflight, key)
	if err == nil {
		c.putLocked(key, s)
	}
	c.mu.Unlock()
	f.res, f.err = s, err
	close(f.done)
}

func (c *cache) putLocked(key string, s *Structure) {
	if len(c.young) >= c.half {
		c.old, c.young = c.young, make(map[string]*Structure, c.half)
	}
	c.young[key] = s
}

// len returns the number of cached answers.
func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.young) + len(c.old)
}
