package pipeline

import (
	"context"
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/crypto/bcrypt"
)

// serverFiles writes the test PKI's server certificate and key into dir
// as tls.crt and tls.key.
func serverFiles(t *testing.T, pki testPKI, dir string) {
	t.Helper()
	key, err := x509.MarshalECPrivateKey(pki.server.PrivateKey.(*ecdsa.PrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "tls.crt"), string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: pki.server.Certificate[0]})))
	writeFile(t, filepath.Join(dir, "tls.key"), string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: key})))
}

// TestWebConfigTLSAndBasicAuth: with a web configuration file the
// endpoints speak TLS only and answer only the configured user.
func TestWebConfigTLSAndBasicAuth(t *testing.T) {
	dir, pki := t.TempDir(), newTestPKI(t)
	serverFiles(t, pki, dir)
	pool := pki.pool
	hash, err := bcrypt.GenerateFromPassword([]byte("scrape-secret"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "web.yml")
	writeFile(t, cfgPath, "tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\nbasic_auth_users:\n  prometheus: "+string(hash)+"\n")
	if err := checkWebConfig(cfgPath); err != nil {
		t.Fatalf("checkWebConfig: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	NewMetrics(reg)
	ok := func() (bool, string) { return true, "ok" }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveHTTP(ctx, ln, newHandler(reg, ok, ok), cfgPath, slog.New(slog.DiscardHandler)) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serveHTTP: %v", err)
		}
	}()
	tlsClient := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	get := func(c *http.Client, scheme, user, pass string) int {
		req, _ := http.NewRequest("GET", scheme+"://"+ln.Addr().String()+"/metrics", nil)
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", scheme, user, err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct {
		name, scheme, user, pass string
		client                   *http.Client
		want                     int
	}{
		{"no credentials", "https", "", "", tlsClient, http.StatusUnauthorized},
		{"wrong password", "https", "prometheus", "guess", tlsClient, http.StatusUnauthorized},
		{"unknown user", "https", "root", "scrape-secret", tlsClient, http.StatusUnauthorized},
		{"the user", "https", "prometheus", "scrape-secret", tlsClient, http.StatusOK},
		{"plain HTTP", "http", "prometheus", "scrape-secret", &http.Client{Timeout: 5 * time.Second}, http.StatusBadRequest},
	} {
		if got := get(tc.client, tc.scheme, tc.user, tc.pass); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestWebConfigNeverEchoesSecrets: a password written in clear where a
// bcrypt hash belongs is refused by New naming the user, never the value;
// nor does any YAML error quote a value.
func TestWebConfigNeverEchoesSecrets(t *testing.T) {
	const secret = "hunter2-Tr0ub4dor"
	dir := t.TempDir()
	for name, tc := range map[string]struct{ yaml, want string }{
		"clear password": {"basic_auth_users:\n  prometheus: " + secret + "\n",
			`web.yml:2:15: basic_auth_users: user "prometheus": the value must be a bcrypt hash`},
		"password as a key":                    {"basic_auth_users: " + secret + "\n", "cannot unmarshal"},
		"password in place of the TLS mapping": {"tls_server_config: " + secret + "\n", "cannot unmarshal"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, "web.yml")
			writeFile(t, path, tc.yaml)
			cfg := DefaultConfig()
			cfg.Brokers, cfg.WebConfigFile = []string{"localhost:9092"}, path
			_, err := New(cfg, Options{evaluator: &fakeEvaluator{version: "1"}})
			if err == nil {
				t.Fatal("New accepted the web config")
			}
			if strings.Contains(err.Error(), secret[:7]) {
				t.Errorf("error echoes the secret: %v", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", err, tc.want)
			}
		})
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
