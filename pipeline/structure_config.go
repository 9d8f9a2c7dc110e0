package pipeline

import (
	"fmt"
	"net/url"
	"time"
)

// StructureConfig configures the structure resolver (docs/structure.md):
// names of line items that the catalog did not resolve are resolved to
// structures and matched against the catalog's family patterns. It is
// optional: with URL and Jar empty the resolver is off and items are scored
// by the catalog alone.
type StructureConfig struct {
	// URL is the base URL of a running resolver, e.g. "http://127.0.0.1:8795"
	// (a Kubernetes sidecar, a compose service). Default "" (off).
	URL string `yaml:"url"`
	// Jar is the resolver jar for cmd/precursor to run as a child process
	// (`make resolver` builds .cache/resolver/resolver.jar); it sets URL to
	// the child's. Exclusive with URL. Default "".
	Jar string `yaml:"jar"`
	// Timeout bounds one lookup that reaches the resolver, including the
	// wait for a free connection. Default 500ms.
	Timeout time.Duration `yaml:"timeout"`
	// Budget bounds all lookups of one manifest together: a manifest waits
	// at most this long for structures, then is scored without the ones
	// missing. Default 1s.
	Budget time.Duration `yaml:"budget"`
	// CacheSize is the number of answers kept (by normalised name). Default
	// 10000.
	CacheSize int `yaml:"cache_size"`
	// MaxInFlight is the number of concurrent resolver requests. Default 4.
	MaxInFlight int `yaml:"max_in_flight"`
}

// Enabled reports whether a resolver is configured.
func (c StructureConfig) Enabled() bool { return c.URL != "" || c.Jar != "" }

func defaultStructureConfig() StructureConfig {
	return StructureConfig{Timeout: 500 * time.Millisecond, Budget: time.Second, CacheSize: 10000, MaxInFlight: 4}
}

// maxStructureInFlight bounds MaxInFlight: each request holds a resolver
// worker thread.
const maxStructureInFlight = 64

func (c StructureConfig) validate() []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.URL != "" && c.Jar != "" {
		add("structure: url and jar are exclusive (jar runs the resolver and sets url)")
	}
	if c.URL != "" {
		if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("structure.url: %q is not an http(s)://host:port URL", c.URL)
		}
	}
	if !c.Enabled() {
		return errs
	}
	if c.Timeout <= 0 {
		add("structure.timeout: %v must be positive", c.Timeout)
	}
	if c.Budget <= 0 {
		add("structure.budget: %v must be positive", c.Budget)
	}
	if c.CacheSize < 1 {
		add("structure.cache_size: %d must be at least 1", c.CacheSize)
	}
	if c.MaxInFlight < 1 || c.MaxInFlight > maxStructureInFlight {
		add("structure.max_in_flight: %d is outside 1..%d", c.MaxInFlight, maxStructureInFlight)
	}
	return errs
}
