package kafkatest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Cluster is a running cluster as its environment describes it. Only
// Brokers is always set; the rest is empty for a cluster that
// .ci/kafka/kafka.sh did not start, and the helpers needing it say so.
type Cluster struct {
	// Brokers, SASLBrokers and SSLBrokers are the bootstrap addresses of
	// the PLAINTEXT, SASL_PLAINTEXT and SSL (mutual TLS) listeners.
	Brokers, SASLBrokers, SSLBrokers []string
	// BrokerIDs are the node ids of the brokers, in order.
	BrokerIDs []int32
	// Mechanisms are the SASL mechanisms the SASL listener accepts, for
	// Username and Password.
	Mechanisms         []string
	Username, Password string
	// CAFile signs every broker certificate; CertFile and KeyFile are the
	// client certificate the SSL listener requires (PEM).
	CAFile, CertFile, KeyFile string
	// ReplicationFactor and MinInsyncReplicas are the cluster's topic
	// defaults (0 when unknown).
	ReplicationFactor, MinInsyncReplicas int
	// Control is the script that starts and stops the nodes (kafka.sh).
	Control string
}

// FromEnv reads the cluster description from getenv (os.Getenv). It
// returns nil and no error when KAFKA_BROKERS is unset: there is no real
// cluster. Every malformed variable is reported at once.
func FromEnv(getenv func(string) string) (*Cluster, error) {
	if getenv("KAFKA_BROKERS") == "" {
		return nil, nil
	}
	var errs []error
	list := func(name string) []string {
		v := getenv(name)
		if v == "" {
			return nil
		}
		out := strings.Split(v, ",")
		for _, a := range out {
			if i := strings.LastIndexByte(a, ':'); i <= 0 || i == len(a)-1 {
				errs = append(errs, fmt.Errorf("%s: %q is not host:port", name, a))
			}
		}
		return out
	}
	num := func(name string) int {
		v := getenv(name)
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			errs = append(errs, fmt.Errorf("%s: %q is not a positive number", name, v))
		}
		return n
	}
	c := &Cluster{
		Brokers: list("KAFKA_BROKERS"), SASLBrokers: list("KAFKA_SASL_BROKERS"), SSLBrokers: list("KAFKA_SSL_BROKERS"),
		Username: getenv("KAFKA_SASL_USERNAME"), Password: getenv("KAFKA_SASL_PASSWORD"),
		CAFile: getenv("KAFKA_TLS_CA_FILE"), CertFile: getenv("KAFKA_TLS_CERT_FILE"), KeyFile: getenv("KAFKA_TLS_KEY_FILE"),
		ReplicationFactor: num("KAFKA_REPLICATION_FACTOR"), MinInsyncReplicas: num("KAFKA_MIN_INSYNC_REPLICAS"),
		Control: getenv("KAFKA_CONTROL"),
	}
	if m := getenv("KAFKA_SASL_MECHANISMS"); m != "" {
		c.Mechanisms = strings.Split(m, ",")
	}
	if ids := getenv("KAFKA_BROKER_IDS"); ids != "" {
		for _, s := range strings.Split(ids, ",") {
			id, err := strconv.ParseInt(s, 10, 32)
			if err != nil || id < 0 {
				errs = append(errs, fmt.Errorf("KAFKA_BROKER_IDS: %q is not a node id", s))
				continue
			}
			c.BrokerIDs = append(c.BrokerIDs, int32(id))
		}
	}
	if len(c.SASLBrokers) > 0 && (c.Username == "" || c.Password == "" || len(c.Mechanisms) == 0) {
		errs = append(errs, errors.New("KAFKA_SASL_BROKERS is set without KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISMS"))
	}
	if len(c.SSLBrokers) > 0 && (c.CAFile == "" || c.CertFile == "" || c.KeyFile == "") {
		errs = append(errs, errors.New("KAFKA_SSL_BROKERS is set without KAFKA_TLS_CA_FILE, KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("kafka cluster environment: %w", err)
	}
	return c, nil
}

// Need reports what c lacks for a test that uses the SASL listener, the
// SSL listener or broker control ("sasl", "ssl", "control"): nil when it
// has everything. The message tells how to get a full description.
func (c *Cluster) Need(parts ...string) error {
	var missing []string
	for _, p := range parts {
		switch {
		case p == "sasl" && len(c.SASLBrokers) == 0:
			missing = append(missing, "KAFKA_SASL_BROKERS")
		case p == "ssl" && len(c.SSLBrokers) == 0:
			missing = append(missing, "KAFKA_SSL_BROKERS")
		case p == "control" && (c.Control == "" || len(c.BrokerIDs) == 0):
			missing = append(missing, "KAFKA_CONTROL and KAFKA_BROKER_IDS")
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("the cluster in KAFKA_BROKERS has no %s: run the tests with make test-kafka, or load the description of make kafka-up with eval \"$(.ci/kafka/kafka.sh env)\"",
		strings.Join(missing, ", "))
}
