package console

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

func TestProxyHeaderOnlyFromTrustedProxies(t *testing.T) {
	proxies, err := parseCIDRs([]string{"10.0.0.0/8", "::1"})
	if err != nil {
		t.Fatal(err)
	}
	a := newAuth(accounts{}, "X-Forwarded-User", proxies, time.Hour, false)
	for _, tc := range []struct {
		remote, header, want string
	}{
		{"10.1.2.3:5555", "ana", "ana"},
		{"[::1]:5555", "bob", "bob"},
		{"[::ffff:10.0.0.1]:1", "eve", "eve"},
		{"192.168.1.1:5555", "mallory", ""}, // not a trusted proxy: header ignored
		{"10.1.2.3:5555", "   ", ""},
		{"10.1.2.3:5555", strings.Repeat("x", 201), ""},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		r.Header.Set("X-Forwarded-User", tc.header)
		who, ok := a.identify(r)
		if got := who.name; got != tc.want || ok != (tc.want != "") {
			t.Errorf("%s with %q: analyst %q, %v; want %q", tc.remote, tc.header, got, ok, tc.want)
		}
	}
}

func TestSessionsAndCSRF(t *testing.T) {
	hash, _ := bcrypt.GenerateFromPassword([]byte("secret-pass"), bcrypt.MinCost)
	a := newAuth(accounts{"ana": hash}, "", nil, time.Hour, true)
	w := httptest.NewRecorder()
	if a.login(w, "ana", "wrong") || a.login(w, "nobody", "secret-pass") {
		t.Fatal("login with a wrong password or name succeeded")
	}
	if !a.login(w, "ana", "secret-pass") {
		t.Fatal("login failed")
	}
	cookie := w.Result().Cookies()[0]
	if !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != 3 /* Strict */ {
		t.Errorf("session cookie %+v is not HttpOnly, Secure and SameSite=Strict", cookie)
	}
	r := httptest.NewRequest("POST", "/", nil)
	r.AddCookie(cookie)
	who, ok := a.identify(r)
	if !ok || who.name != "ana" {
		t.Fatalf("session not recognised: %+v", who)
	}
	tok := a.csrfToken(who)
	if !a.checkCSRF(who, tok) || a.checkCSRF(who, "") || a.checkCSRF(who, strings.Repeat("0", len(tok))) {
		t.Error("CSRF check accepts the wrong token or refuses the right one")
	}
	other := analyst{name: "ana", csrfKey: "session\x00other"}
	if a.checkCSRF(other, tok) {
		t.Error("a token of one session is accepted for another")
	}
	a.logout(httptest.NewRecorder(), r)
	if _, ok := a.identify(r); ok {
		t.Error("session still valid after logout")
	}
}

func TestParseAccounts(t *testing.T) {
	hash, _ := bcrypt.GenerateFromPassword([]byte("secret-pass"), bcrypt.MinCost)
	good := "# analysts\nana:" + string(hash) + "\n\n"
	acc, err := parseAccounts("accounts", []byte(good))
	if err != nil || len(acc) != 1 || !acc.check("ana", "secret-pass") {
		t.Fatalf("parseAccounts = %v, %v", acc, err)
	}
	_, err = parseAccounts("accounts", []byte(good+"bob:plaintext\nana:"+string(hash)+"\nnocolon\n"))
	for _, want := range []string{"accounts:4: account \"bob\": not a bcrypt hash", "accounts:5: second account \"ana\"", "accounts:6: want name:bcrypt-hash"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{"/alerts/x": "/alerts/x", "//evil.example": "/", "https://evil.example": "/", "/\\evil": "/", "": "/"} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	c := DefaultConfig()
	err := c.Validate()
	for _, want := range []string{"brokers: at least one"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("default config error %v lacks %q", err, want)
		}
	}
	c.Brokers, c.ProxyHeader, c.TrustedProxies = []string{"127.0.0.1:9092"}, "X-User", []string{"10.0.0.0/33"}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), `"10.0.0.0/33" is not a CIDR`) {
		t.Errorf("bad CIDR: %v", err)
	}
	c.TrustedProxies = nil
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "trusted proxies (CIDRs) are required") {
		t.Errorf("proxy header without proxies: %v", err)
	}
	c = DefaultConfig()
	c.Brokers = []string{"127.0.0.1:9092"}
	if _, err := New(c, Options{}); err != errNoIdentity {
		t.Errorf("New without accounts or proxy header: %v", err)
	}
	if DefaultConfig().Listen != "127.0.0.1:8080" {
		t.Error("the default listen address is not loopback")
	}
}
