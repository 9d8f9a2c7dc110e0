package pipeline

import (
	"crypto/tls"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/internal/testpki"
)

// testPKI is a throwaway CA with a server and a client certificate, written
// as PEM files.
type testPKI struct {
	caFile, certFile, keyFile string
	server                    tls.Certificate
	pool                      *x509.CertPool
}

func newTestPKI(t *testing.T) testPKI {
	t.Helper()
	dir := t.TempDir()
	ca := testpki.NewCA(t, "precursor test CA")
	srv := ca.Issue(t, "broker", x509.ExtKeyUsageServerAuth)
	cli := ca.Issue(t, "precursor", x509.ExtKeyUsageClientAuth)
	certFile, keyFile := cli.WriteFiles(t, dir, "client")
	return testPKI{
		caFile:   ca.WriteCertFile(t, dir, "ca"),
		certFile: certFile,
		keyFile:  keyFile,
		server:   srv.TLS(),
		pool:     ca.Pool(),
	}
}

// TestEndToEndMutualTLS runs the pipeline against a broker that requires a
// client certificate signed by the test CA (the real cluster's SSL
// listener), and checks that without one it stays unready and consumes
// nothing.
func TestEndToEndMutualTLS(t *testing.T) {
	c, tlsCfg := tlsCluster(t)
	cfg := c.testConfig(t, 2)
	cfg.TLS = tlsCfg
	eng := defaultEngine(t)
	msgs := buildStream(t, "tls", 60, false)
	ex := expect(t, eng, msgs)
	c.produce(t, cfg.Topics.Input, msgs)
	r := startPipeline(t, cfg, Options{Engine: eng})
	c.waitCommitted(t, cfg, 20*time.Second)
	r.stop()
	if got := r.p.Stats().Alerts; got != int64(len(ex.alerts)) {
		t.Errorf("%d alerts written over TLS, want %d", got, len(ex.alerts))
	}

	anon := cfg // the broker must refuse a client without a certificate
	anon.GroupID += "-anon"
	anon.TLS.CertFile, anon.TLS.KeyFile = "", ""
	ra := startPipeline(t, anon, Options{Engine: eng})
	time.Sleep(time.Second)
	if s := ra.p.Stats(); s.Ready || s.Consumed != 0 {
		t.Errorf("without a client certificate: %+v, want not ready and nothing consumed", s)
	}
	ra.stop()
}

func TestNewSecurityErrors(t *testing.T) {
	pki := newTestPKI(t)
	notPEM := filepath.Join(t.TempDir(), "ca.txt")
	os.WriteFile(notPEM, []byte("not a certificate"), 0o600)
	tests := []struct {
		name string
		tls  TLS
		want string
	}{
		{"missing CA file", TLS{Enabled: true, CAFile: "/nonexistent/ca.pem"}, "tls ca_file: /nonexistent/ca.pem: no such file or directory"},
		{"CA file without PEM", TLS{Enabled: true, CAFile: notPEM}, "no PEM certificate"},
		{"key does not match", TLS{Enabled: true, CertFile: pki.certFile, KeyFile: pki.caFile}, "tls cert_file "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			c.TLS = tc.tls
			_, err := newSecurity(c)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("newSecurity = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
