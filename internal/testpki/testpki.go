// Package testpki makes throwaway certificates for tests: a CA and the
// server and client certificates it signs, or a self-signed certificate,
// with their keys, written as PEM files when a test needs files. Keys are
// ECDSA P-256; every certificate names 127.0.0.1.
package testpki

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
	"sync/atomic"
	"testing"
	"time"
)

var serial atomic.Int64

// Cert is a certificate and its private key.
type Cert struct {
	DER  []byte
	Key  *ecdsa.PrivateKey
	X509 *x509.Certificate
}

// TLS returns the certificate for a tls.Config.
func (c *Cert) TLS() tls.Certificate {
	return tls.Certificate{Certificate: [][]byte{c.DER}, PrivateKey: c.Key, Leaf: c.X509}
}

// Pool returns a pool holding the certificate, to trust it (a CA, or a
// self-signed certificate).
func (c *Cert) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(c.X509)
	return p
}

// WriteFiles writes the certificate to dir/name.pem and its key to
// dir/name-key.pem (PKCS #8), and returns their paths.
func (c *Cert) WriteFiles(t testing.TB, dir, name string) (certFile, keyFile string) {
	t.Helper()
	keyDER, err := x509.MarshalPKCS8PrivateKey(c.Key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, name+".pem"), filepath.Join(dir, name+"-key.pem")
	writePEM(t, certFile, "CERTIFICATE", c.DER)
	writePEM(t, keyFile, "PRIVATE KEY", keyDER)
	return certFile, keyFile
}

// WriteCertFile writes only the certificate to dir/name.pem (a CA file)
// and returns its path.
func (c *Cert) WriteCertFile(t testing.TB, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name+".pem")
	writePEM(t, path, "CERTIFICATE", c.DER)
	return path
}

// NewCA returns a CA valid from an hour ago for an hour.
func NewCA(t testing.TB, commonName string) *Cert {
	t.Helper()
	tpl := template(commonName, time.Now().Add(time.Hour))
	tpl.IsCA, tpl.BasicConstraintsValid = true, true
	tpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
	return create(t, tpl, nil)
}

// Issue returns a certificate for usage signed by ca, valid from an hour
// ago for an hour.
func (ca *Cert) Issue(t testing.TB, commonName string, usage x509.ExtKeyUsage) *Cert {
	t.Helper()
	tpl := template(commonName, time.Now().Add(time.Hour))
	tpl.KeyUsage = x509.KeyUsageDigitalSignature
	tpl.ExtKeyUsage = []x509.ExtKeyUsage{usage}
	return create(t, tpl, ca)
}

// SelfSigned returns a self-signed certificate valid for both server and
// client authentication until notAfter (from two days before it), which
// can also serve as its own CA.
func SelfSigned(t testing.TB, commonName string, notAfter time.Time) *Cert {
	t.Helper()
	tpl := template(commonName, notAfter)
	tpl.IsCA, tpl.BasicConstraintsValid = true, true
	tpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
	tpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
	return create(t, tpl, nil)
}

func template(commonName string, notAfter time.Time) *x509.Certificate {
	notBefore := time.Now().Add(-time.Hour)
	if earlier := notAfter.Add(-48 * time.Hour); earlier.Before(notBefore) {
		notBefore = earlier
	}
	return &x509.Certificate{
		SerialNumber: big.NewInt(serial.Add(1)),
		Subject:      pkix.Name{CommonName: commonName},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
	}
}

// create signs tpl with parent, or with the new key itself when parent is
// nil.
func create(t testing.TB, tpl *x509.Certificate, parent *Cert) *Cert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	issuer, signer := tpl, key
	if parent != nil {
		issuer, signer = parent.X509, parent.Key
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, issuer, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &Cert{DER: der, Key: key, X509: cert}
}

func writePEM(t testing.TB, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
