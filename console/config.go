package console

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"
)

// Config configures a console. Start from DefaultConfig; every field
// documents its default; Validate reports every problem at once and has no
// side effects.
type Config struct {
	// Listen is the HTTP address. Default "127.0.0.1:8080": the console
	// is reachable from this machine only unless configured otherwise.
	Listen string
	// TLSCertFile and TLSKeyFile serve HTTPS when both are set. Default
	// "" (plain HTTP, for loopback or behind a TLS-terminating proxy).
	TLSCertFile, TLSKeyFile string
	// Brokers are the Kafka bootstrap brokers (host:port). Required.
	Brokers []string
	// AlertsTopic is read. Default "precursor-alerts".
	AlertsTopic string
	// DispositionsTopic is read and written; compacted, keyed by alert
	// id. Default "precursor-dispositions".
	DispositionsTopic string
	// GroupPrefix names the consumer group: GroupPrefix-STOREID. Default
	// "precursor-console".
	GroupPrefix string
	// CreateTopic creates the dispositions topic (compacted) when it is
	// missing. Default true.
	CreateTopic bool
	// Partitions and ReplicationFactor of a created dispositions topic.
	// Defaults 6 and 1.
	Partitions, ReplicationFactor int
	// StorePath is the SQLite store. Default "" (a temporary file, rebuilt
	// from the topics at every start).
	StorePath string
	// CatalogFile is the precursor catalog shown on alert pages. Default
	// "" (the embedded catalog).
	CatalogFile string
	// AccountsFile lists built-in accounts, one "name:bcrypt-hash" a line
	// (`precursor console -hash-password` makes a hash). Default "".
	AccountsFile string
	// ProxyHeader names the header a trusted reverse proxy sets to the
	// analyst's name, e.g. "X-Forwarded-User". Default "" (not used).
	ProxyHeader string
	// TrustedProxies are the addresses (CIDRs) whose ProxyHeader is
	// believed; the header from anywhere else is ignored. Required with
	// ProxyHeader.
	TrustedProxies []string
	// SessionTTL is how long a login lasts. Default 12h.
	SessionTTL time.Duration
	// BatchSize and BatchWait bound an ingest batch: at most BatchSize
	// records, stored and committed together, waiting at most BatchWait
	// after the first. Defaults 1000 and 100ms.
	BatchSize int
	BatchWait time.Duration
	// ShutdownTimeout bounds the HTTP server's shutdown. Default 5s.
	ShutdownTimeout time.Duration
}

// DefaultConfig returns the documented defaults; Brokers must be set.
func DefaultConfig() Config {
	return Config{
		Listen:            "127.0.0.1:8080",
		AlertsTopic:       "precursor-alerts",
		DispositionsTopic: "precursor-dispositions",
		GroupPrefix:       "precursor-console",
		CreateTopic:       true,
		Partitions:        6,
		ReplicationFactor: 1,
		SessionTTL:        12 * time.Hour,
		BatchSize:         1000,
		BatchWait:         100 * time.Millisecond,
		ShutdownTimeout:   5 * time.Second,
	}
}

// Validate reports every problem of c, joined.
func (c Config) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		add("listen: %q is not host:port", c.Listen)
	}
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		add("tls: cert and key files must be set together")
	}
	if len(c.Brokers) == 0 {
		add("brokers: at least one broker is required")
	}
	for i, b := range c.Brokers {
		if _, _, err := net.SplitHostPort(b); err != nil {
			add("brokers[%d]: %q is not host:port", i, b)
		}
	}
	if c.AlertsTopic == "" || c.DispositionsTopic == "" || c.AlertsTopic == c.DispositionsTopic {
		add("topics: alerts and dispositions topics must be set and differ")
	}
	if strings.TrimSpace(c.GroupPrefix) == "" {
		add("group prefix: must not be empty")
	}
	if c.CreateTopic && (c.Partitions < 1 || c.ReplicationFactor < 1) {
		add("partitions and replication factor must be at least 1")
	}
	if c.ProxyHeader != "" && len(c.TrustedProxies) == 0 {
		add("proxy header %q: trusted proxies (CIDRs) are required, or anyone could set it", c.ProxyHeader)
	}
	if _, err := parseCIDRs(c.TrustedProxies); err != nil {
		errs = append(errs, err)
	}
	if c.SessionTTL <= 0 || c.BatchSize < 1 || c.BatchWait <= 0 || c.ShutdownTimeout <= 0 {
		add("session TTL, batch size, batch wait and shutdown timeout must be positive")
	}
	return errors.Join(errs...)
}

// parseCIDRs parses trusted proxy prefixes; a bare address is one host.
func parseCIDRs(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	var errs []error
	for _, s := range list {
		s = strings.TrimSpace(s)
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("trusted proxies: %q is not a CIDR or an address", s))
			continue
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, errors.Join(errs...)
}
