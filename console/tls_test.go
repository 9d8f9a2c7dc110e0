package console

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/internal/testpki"
	"golang.org/x/crypto/bcrypt"
)

// TestTLS serves the console over HTTPS with a self-signed certificate:
// the login works and the session cookie is Secure.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := testpki.SelfSigned(t, "console test", time.Now().Add(time.Hour)).WriteFiles(t, dir, "cert")
	hash, _ := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	cfg := DefaultConfig()
	cfg.Listen, cfg.Brokers, cfg.CreateTopic = "127.0.0.1:0", []string{"127.0.0.1:9"}, false
	cfg.TLSCertFile, cfg.TLSKeyFile = certFile, keyFile
	c, err := New(cfg, Options{Accounts: map[string][]byte{testUser: hash}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	defer func() { cancel(); <-done }()
	for deadline := time.Now().Add(5 * time.Second); c.Addr() == "" && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	base := "https://" + c.Addr()
	cl := &http.Client{Timeout: 5 * time.Second,
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"user": {testUser}, "password": {testPassword}}
	req, _ := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err := cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) == 0 || !resp.Cookies()[0].Secure {
		t.Fatalf("login over TLS: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	if resp, err := http.Get("http://" + c.Addr() + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP is served next to TLS")
		}
	}
}
