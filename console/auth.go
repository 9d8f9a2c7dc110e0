package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// sessionCookie names the login session cookie.
const sessionCookie = "precursor_session"

// maxSessions bounds the sessions held in memory; the oldest go first.
const maxSessions = 10000

// analyst is who makes a request, and the key their CSRF tokens are
// bound to.
type analyst struct {
	name    string
	csrfKey string
}

// auth identifies analysts: by the trusted proxy's header, or by the
// session of a built-in account.
type auth struct {
	accounts    accounts
	proxyHeader string
	proxies     []netip.Prefix
	ttl         time.Duration
	secure      bool   // cookies only over HTTPS
	secret      []byte // CSRF token key, random per process

	mu       sync.Mutex
	sessions map[string]session
}

type session struct {
	name    string
	expires time.Time
}

func newAuth(acc accounts, header string, proxies []netip.Prefix, ttl time.Duration, secure bool) *auth {
	secret := make([]byte, 32)
	rand.Read(secret)
	return &auth{accounts: acc, proxyHeader: header, proxies: proxies, ttl: ttl, secure: secure,
		secret: secret, sessions: map[string]session{}}
}

// identify returns the analyst of r, if any.
func (a *auth) identify(r *http.Request) (analyst, bool) {
	if a.proxyHeader != "" && a.fromProxy(r) {
		if name := strings.TrimSpace(r.Header.Get(a.proxyHeader)); name != "" && len(name) <= 200 {
			return analyst{name: name, csrfKey: "proxy\x00" + name}, true
		}
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return analyst{}, false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	s, ok := a.sessions[c.Value]
	if !ok || time.Now().After(s.expires) {
		delete(a.sessions, c.Value)
		return analyst{}, false
	}
	return analyst{name: s.name, csrfKey: "session\x00" + c.Value}, true
}

// fromProxy reports whether r's peer is a trusted proxy.
func (a *auth) fromProxy(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	for _, p := range a.proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// login checks a built-in account and starts a session.
func (a *auth) login(w http.ResponseWriter, user, password string) bool {
	if !a.accounts.check(user, password) {
		return false
	}
	var b [32]byte
	rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	a.mu.Lock()
	a.prune()
	a.sessions[id] = session{name: user, expires: time.Now().Add(a.ttl)}
	a.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true,
		Secure: a.secure, SameSite: http.SameSiteStrictMode, MaxAge: int(a.ttl.Seconds())})
	return true
}

// logout ends the request's session.
func (a *auth) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		a.mu.Lock()
		delete(a.sessions, c.Value)
		a.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: a.secure, SameSite: http.SameSiteStrictMode, MaxAge: -1})
}

// prune drops expired sessions, and the oldest when there are too many.
// The caller holds mu.
func (a *auth) prune() {
	now := time.Now()
	var oldestID string
	var oldest time.Time
	for id, s := range a.sessions {
		if now.After(s.expires) {
			delete(a.sessions, id)
			continue
		}
		if oldestID == "" || s.expires.Before(oldest) {
			oldestID, oldest = id, s.expires
		}
	}
	if len(a.sessions) >= maxSessions {
		delete(a.sessions, oldestID)
	}
}

// csrfToken is the token the analyst's forms carry.
func (a *auth) csrfToken(who analyst) string {
	m := hmac.New(sha256.New, a.secret)
	m.Write([]byte(who.csrfKey))
	return hex.EncodeToString(m.Sum(nil))
}

// checkCSRF reports whether a submitted token is the analyst's.
func (a *auth) checkCSRF(who analyst, token string) bool {
	want := a.csrfToken(who)
	return len(token) == len(want) && subtle.ConstantTimeCompare([]byte(token), []byte(want)) == 1
}
