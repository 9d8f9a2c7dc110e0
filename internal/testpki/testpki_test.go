package testpki

import (
	"crypto/tls"
	"crypto/x509"
	"testing"
	"time"
)

// The issued certificates verify against their CA for their usage, the
// files load as a key pair, and a self-signed certificate past its
// NotAfter does not verify.
func TestCertificates(t *testing.T) {
	ca := NewCA(t, "test CA")
	srv := ca.Issue(t, "server", x509.ExtKeyUsageServerAuth)
	cli := ca.Issue(t, "client", x509.ExtKeyUsageClientAuth)
	for _, c := range []struct {
		cert  *Cert
		usage x509.ExtKeyUsage
	}{{srv, x509.ExtKeyUsageServerAuth}, {cli, x509.ExtKeyUsageClientAuth}} {
		if _, err := c.cert.X509.Verify(x509.VerifyOptions{Roots: ca.Pool(), KeyUsages: []x509.ExtKeyUsage{c.usage}}); err != nil {
			t.Errorf("%s: %v", c.cert.X509.Subject.CommonName, err)
		}
	}
	if _, err := cli.X509.Verify(x509.VerifyOptions{Roots: ca.Pool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err == nil {
		t.Error("a client certificate verified for server authentication")
	}
	certFile, keyFile := cli.WriteFiles(t, t.TempDir(), "client")
	if _, err := tls.LoadX509KeyPair(certFile, keyFile); err != nil {
		t.Errorf("written files: %v", err)
	}
	old := SelfSigned(t, "old", time.Now().Add(-time.Hour))
	if _, err := old.X509.Verify(x509.VerifyOptions{Roots: old.Pool()}); err == nil {
		t.Error("an expired self-signed certificate verified")
	}
	good := SelfSigned(t, "good", time.Now().Add(time.Hour))
	if _, err := good.X509.Verify(x509.VerifyOptions{Roots: good.Pool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err != nil {
		t.Errorf("self-signed: %v", err)
	}
}
