package pipeline

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "precursor test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, caTpl, caTpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	issue := func(cn string, usage x509.ExtKeyUsage) ([]byte, *ecdsa.PrivateKey) {
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
			ExtKeyUsage: []x509.ExtKeyUsage{usage}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
		der, err := x509.CreateCertificate(rand.Reader, tpl, ca, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		return der, key
	}
	pemFile := func(name, typ string, der []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	srvDER, srvKey := issue("broker", x509.ExtKeyUsageServerAuth)
	cliDER, cliKey := issue("precursor", x509.ExtKeyUsageClientAuth)
	cliKeyDER, _ := x509.MarshalECPrivateKey(cliKey)
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return testPKI{
		caFile:   pemFile("ca.pem", "CERTIFICATE", caDER),
		certFile: pemFile("client.pem", "CERTIFICATE", cliDER),
		keyFile:  pemFile("client-key.pem", "EC PRIVATE KEY", cliKeyDER),
		server:   tls.Certificate{Certificate: [][]byte{srvDER}, PrivateKey: srvKey},
		pool:     pool,
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
