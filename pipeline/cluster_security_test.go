package pipeline

import (
	"crypto/tls"
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
)

// saslCluster returns a cluster that requires SASL with mechanism mech, and
// credentials it accepts: a kfake broker with one superuser, or the
// SASL_PLAINTEXT listener of the real cluster with its user.
func saslCluster(t *testing.T, mech string) (c *testCluster, user, pass string) {
	t.Helper()
	if rc := realCluster(t); rc != nil {
		c = &testCluster{addrs: rc.SASLBrokers, real: rc}
		c.need(t, "sasl")
		if !slices.Contains(rc.Mechanisms, mech) {
			t.Fatalf("the cluster's SASL listener offers %v, not %s", rc.Mechanisms, mech)
		}
		c.sec = testSecurity(t, mech, rc.Username, rc.Password)
		return c, rc.Username, rc.Password
	}
	user, pass = "precursor", "s3cret"
	cl, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(0), kfake.EnableSASL(),
		kfake.Superuser(mech, user, pass), kfake.GroupMinSessionTimeout(500*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return &testCluster{addrs: cl.ListenAddrs(), fake: cl, sec: testSecurity(t, mech, user, pass)}, user, pass
}

// tlsCluster returns a cluster that requires a client certificate (mutual
// TLS), and the settings that reach it: a kfake broker with a throwaway
// CA, or the SSL listener of the real cluster with its CA and client
// certificate.
func tlsCluster(t *testing.T) (*testCluster, TLS) {
	t.Helper()
	var c *testCluster
	var cfg TLS
	if rc := realCluster(t); rc != nil {
		c = &testCluster{addrs: rc.SSLBrokers, real: rc}
		c.need(t, "ssl")
		cfg = TLS{Enabled: true, CAFile: rc.CAFile, CertFile: rc.CertFile, KeyFile: rc.KeyFile}
	} else {
		pki := newTestPKI(t)
		cl, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(0), kfake.GroupMinSessionTimeout(500*time.Millisecond),
			kfake.TLS(&tls.Config{Certificates: []tls.Certificate{pki.server}, ClientCAs: pki.pool, ClientAuth: tls.RequireAndVerifyClientCert}))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(cl.Close)
		c = &testCluster{addrs: cl.ListenAddrs(), fake: cl}
		cfg = TLS{Enabled: true, CAFile: pki.caFile, CertFile: pki.certFile, KeyFile: pki.keyFile}
	}
	probe := DefaultConfig()
	probe.TLS = cfg
	sec, err := newSecurity(probe)
	if err != nil {
		t.Fatalf("newSecurity: %v", err)
	}
	c.sec = sec
	return c, cfg
}
