package kafkatest

import (
	"slices"
	"strings"
	"testing"
)

func TestFromEnv(t *testing.T) {
	full := map[string]string{
		"KAFKA_BROKERS":      "127.0.0.1:19092,127.0.0.1:19093",
		"KAFKA_SASL_BROKERS": "127.0.0.1:19095", "KAFKA_SSL_BROKERS": "127.0.0.1:19098",
		"KAFKA_SASL_MECHANISMS": "PLAIN,SCRAM-SHA-512", "KAFKA_SASL_USERNAME": "u", "KAFKA_SASL_PASSWORD": "p",
		"KAFKA_TLS_CA_FILE": "ca.pem", "KAFKA_TLS_CERT_FILE": "c.pem", "KAFKA_TLS_KEY_FILE": "k.pem",
		"KAFKA_BROKER_IDS": "1,2", "KAFKA_REPLICATION_FACTOR": "2", "KAFKA_MIN_INSYNC_REPLICAS": "1",
		"KAFKA_CONTROL": "/x/kafka.sh",
	}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range full {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name    string
		env     map[string]string
		wantErr []string // substrings, all reported at once
		check   func(*testing.T, *Cluster)
	}{
		{name: "no cluster", env: map[string]string{"KAFKA_SASL_BROKERS": "x:1"},
			check: func(t *testing.T, c *Cluster) {
				if c != nil {
					t.Errorf("got %+v, want nil without KAFKA_BROKERS", c)
				}
			}},
		{name: "full description", env: full, check: func(t *testing.T, c *Cluster) {
			if !slices.Equal(c.BrokerIDs, []int32{1, 2}) || c.ReplicationFactor != 2 || c.MinInsyncReplicas != 1 ||
				!slices.Equal(c.Mechanisms, []string{"PLAIN", "SCRAM-SHA-512"}) || len(c.Brokers) != 2 || c.Control != "/x/kafka.sh" {
				t.Errorf("parsed %+v", c)
			}
			if err := c.Need("sasl", "ssl", "control"); err != nil {
				t.Errorf("Need: %v", err)
			}
		}},
		{name: "plain broker only", env: map[string]string{"KAFKA_BROKERS": "k:9092"}, check: func(t *testing.T, c *Cluster) {
			err := c.Need("sasl", "control")
			if err == nil || !strings.Contains(err.Error(), "KAFKA_SASL_BROKERS, KAFKA_CONTROL") || !strings.Contains(err.Error(), "make test-kafka") {
				t.Errorf("Need = %v, want both parts named and how to get them", err)
			}
			if _, err := c.Opts(SSL, ""); err == nil {
				t.Error("Opts(SSL) without an SSL listener succeeded")
			}
		}},
		{name: "every problem at once", env: with("KAFKA_BROKERS", "nohost,127.0.0.1:", "KAFKA_BROKER_IDS", "1,x",
			"KAFKA_REPLICATION_FACTOR", "0", "KAFKA_SASL_PASSWORD", "", "KAFKA_TLS_KEY_FILE", ""),
			wantErr: []string{`"nohost" is not host:port`, `"127.0.0.1:" is not host:port`, `KAFKA_BROKER_IDS: "x"`,
				`KAFKA_REPLICATION_FACTOR: "0"`, "KAFKA_SASL_BROKERS is set without", "KAFKA_SSL_BROKERS is set without"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := FromEnv(func(k string) string { return tc.env[k] })
			if len(tc.wantErr) > 0 {
				for _, w := range tc.wantErr {
					if err == nil || !strings.Contains(err.Error(), w) {
						t.Errorf("FromEnv error = %v, want it to contain %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("FromEnv: %v", err)
			}
			tc.check(t, c)
		})
	}
}

// Kafka's coordinator partition is Utils.abs(groupId.hashCode()) % n; the
// hash codes below are Java's.
func TestCoordinatorPartition(t *testing.T) {
	tests := []struct {
		group string
		n     int
		want  int
	}{
		{"test", 50, 3556498 % 50},                // "test".hashCode() = 3556498
		{"precursor", 3, 1365114951 % 3},          // hashCode() = -1365114951
		{"kafkatest-probe-0", 50, 451216702 % 50}, // hashCode() = 451216702
		{"polygenelubricants", 7, 0},              // hashCode() = Integer.MIN_VALUE
	}
	for _, tc := range tests {
		if got := coordinatorPartition(tc.group, tc.n); got != tc.want {
			t.Errorf("coordinatorPartition(%q, %d) = %d, want %d", tc.group, tc.n, got, tc.want)
		}
	}
	for p := range 3 {
		if g := probeGroup(p, 3); coordinatorPartition(g, 3) != p {
			t.Errorf("probeGroup(%d, 3) = %q, which maps to %d", p, g, coordinatorPartition(g, 3))
		}
	}
}
