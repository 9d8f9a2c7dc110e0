package kafkatest

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// Listener is one kind of listener of the cluster.
type Listener int

// The listeners of every broker.
const (
	Plaintext     Listener = iota // PLAINTEXT
	SASLPlaintext                 // SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)
	SSL                           // SSL with a client certificate (mutual TLS)
)

func (l Listener) String() string {
	switch l {
	case SASLPlaintext:
		return "SASL_PLAINTEXT"
	case SSL:
		return "SSL"
	}
	return "PLAINTEXT"
}

// Addrs returns the bootstrap addresses of listener l.
func (c *Cluster) Addrs(l Listener) []string {
	switch l {
	case SASLPlaintext:
		return c.SASLBrokers
	case SSL:
		return c.SSLBrokers
	}
	return c.Brokers
}

// Opts returns the franz-go options that reach the cluster on listener l:
// seed brokers, and the SASL mechanism (SASLPlaintext; "" means the first
// of Mechanisms) or the TLS client certificate (SSL).
func (c *Cluster) Opts(l Listener, mechanism string) ([]kgo.Opt, error) {
	need := map[Listener]string{SASLPlaintext: "sasl", SSL: "ssl"}[l]
	if need != "" {
		if err := c.Need(need); err != nil {
			return nil, err
		}
	}
	opts := []kgo.Opt{kgo.SeedBrokers(c.Addrs(l)...)}
	switch l {
	case SASLPlaintext:
		if mechanism == "" {
			mechanism = c.Mechanisms[0]
		}
		m, err := c.mechanism(mechanism)
		if err != nil {
			return nil, err
		}
		opts = append(opts, kgo.SASL(m))
	case SSL:
		t, err := c.TLSConfig()
		if err != nil {
			return nil, err
		}
		opts = append(opts, kgo.DialTLSConfig(t))
	}
	return opts, nil
}

func (c *Cluster) mechanism(name string) (sasl.Mechanism, error) {
	switch name {
	case "PLAIN":
		return plain.Auth{User: c.Username, Pass: c.Password}.AsMechanism(), nil
	case "SCRAM-SHA-256":
		return scram.Auth{User: c.Username, Pass: c.Password}.AsSha256Mechanism(), nil
	case "SCRAM-SHA-512":
		return scram.Auth{User: c.Username, Pass: c.Password}.AsSha512Mechanism(), nil
	}
	return nil, fmt.Errorf("sasl mechanism %q: want PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", name)
}

// TLSConfig trusts the cluster's CA and presents the client certificate.
func (c *Cluster) TLSConfig() (*tls.Config, error) {
	ca, err := os.ReadFile(c.CAFile)
	if err != nil {
		return nil, fmt.Errorf("cluster CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca) {
		return nil, fmt.Errorf("cluster CA %s: no PEM certificate", c.CAFile)
	}
	cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("client certificate: %w", err)
	}
	return &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// Client returns a franz-go client on listener l with extra options.
func (c *Cluster) Client(l Listener, mechanism string, extra ...kgo.Opt) (*kgo.Client, error) {
	opts, err := c.Opts(l, mechanism)
	if err != nil {
		return nil, err
	}
	cl, err := kgo.NewClient(append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("kafka client on %s: %w", l, err)
	}
	return cl, nil
}

// withClient runs f with a client on the PLAINTEXT listener, and its
// admin client.
func (c *Cluster) withClient(f func(*kgo.Client, *kadm.Client) error) error {
	cl, err := c.Client(Plaintext, "")
	if err != nil {
		return err
	}
	defer cl.Close()
	return f(cl, kadm.NewClient(cl))
}
