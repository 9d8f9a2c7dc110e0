package console

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/internal/embedded"
	"github.com/precursorwatch/precursor/internal/synth"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
	"golang.org/x/crypto/bcrypt"
)

// Test topics and the test analyst.
const (
	testAlerts       = "precursor-alerts"
	testDispositions = "precursor-dispositions"
	testUser         = "ana"
	testPassword     = "correct horse battery"
)

// injected is the attacker's markup, put in an item description and a
// party name of one alert: it must reach the page as text.
const (
	injectedDesc  = `<script>document.title="pwned"</script>4-anilinopiperidine <img src=x onerror="document.title='pwned'">`
	injectedParty = `<b>Evil</b> Trading <script>document.title="pwned"</script>`
	injectedID    = "INJECT-1"
)

// testAlertsJSON scores synthetic manifests (all risky) and two fixed
// ones with the default rules and returns the alerts that emit, as JSON.
func testAlertsJSON(t testing.TB, n int) [][]byte {
	t.Helper()
	e, err := rules.LoadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	opts := synth.DefaultOptions()
	opts.RiskyFraction = 1
	g := synth.New(7, opts)
	var out [][]byte
	score := func(raw []byte) {
		m, err := manifest.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		en := e.Enrich(m)
		r := e.Score(m, en)
		if r.Emit {
			out = append(out, e.Alert(raw, m, en, r).AppendJSON(nil))
		}
	}
	score(injectedManifest())
	for i := 0; len(out) < n && i < 20*n; i++ {
		score(g.Next().Value)
	}
	return out
}

// injectedManifest is a 4-AP shipment whose description and shipper carry
// markup and script.
func injectedManifest() []byte {
	m := map[string]any{
		"schema_version": 1, "shipment_id": injectedID, "event_time": "2026-03-01T08:00:00Z", "mode": "express",
		"origin": map[string]string{"country": "CN"}, "destination": map[string]string{"country": "MX"},
		"shipper":   map[string]string{"name": injectedParty, "address": "<i>Shanghai</i>", "country": "CN"},
		"consignee": map[string]string{"name": "Importadora Ejemplo SA de CV", "address": "Culiacan", "country": "MX"},
		"items":     []map[string]any{{"line": 1, "description": injectedDesc, "hs_code": "2933.39", "quantity": 25, "unit": "kg"}},
	}
	b, _ := json.Marshal(m)
	return b
}

// env is a broker with alerts on it and the accounts file of the test analyst.
type env struct {
	broker   *embedded.Broker
	alerts   [][]byte
	accounts string
}

func newEnv(t testing.TB, n int) *env {
	t.Helper()
	b, err := embedded.Start(context.Background(), embedded.Options{Partitions: 3, Topics: []string{testAlerts}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	e := &env{broker: b, alerts: testAlertsJSON(t, n)}
	p, err := embedded.NewProducer(b.Addrs(), testAlerts)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, a := range e.alerts {
		var id struct {
			ShipmentID string `json:"shipment_id"`
		}
		json.Unmarshal(a, &id)
		if err := p.Send(context.Background(), []byte(id.ShipmentID), a); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	e.accounts = t.TempDir() + "/accounts"
	if err := os.WriteFile(e.accounts, []byte("# test\n"+testUser+":"+string(hash)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return e
}

// running is a console running in the background.
type running struct {
	c    *Console
	stop func()
	done chan error
	url  string
}

// start runs a console on a new temporary store and waits until it has
// stored every alert of the environment (and n dispositions).
func (e *env) start(t testing.TB, dispositions int) *running {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.Brokers = e.broker.Addrs()
	cfg.AccountsFile = e.accounts
	cfg.Partitions = 3
	cfg.BatchWait = 20 * time.Millisecond
	var logs io.Writer = io.Discard
	if testing.Verbose() {
		logs = os.Stderr
	}
	c, err := New(cfg, Options{Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{c: c, stop: cancel, done: make(chan error, 1)}
	go func() { r.done <- c.Run(ctx) }()
	t.Cleanup(func() { r.close(t) })
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if c.Addr() != "" {
			na, nd, err := c.st.Counts(context.Background())
			if err == nil && na == len(e.alerts) && nd >= dispositions {
				r.url = "http://" + c.Addr()
				return r
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	na, nd, _ := c.st.Counts(context.Background())
	t.Fatalf("console stored %d of %d alerts and %d of %d dispositions in 30s", na, len(e.alerts), nd, dispositions)
	return nil
}

func (r *running) close(t testing.TB) {
	if r.stop == nil {
		return
	}
	r.stop()
	r.stop = nil
	select {
	case err := <-r.done:
		if err != nil {
			t.Errorf("console Run: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Error("console did not stop in 20s")
	}
}

// client is a browser-less analyst: a cookie jar that does not follow
// redirects on its own.
type client struct {
	t    testing.TB
	base string
	h    *http.Client
}

func newClient(t testing.TB, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, h: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *client) get(path string) (int, string, http.Header) {
	c.t.Helper()
	resp, err := c.h.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Header
}

func (c *client) post(path string, form url.Values) (int, string, http.Header) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.base)
	resp, err := c.h.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Header
}

func (c *client) login() {
	c.t.Helper()
	code, body, _ := c.post("/login", url.Values{"user": {testUser}, "password": {testPassword}, "next": {"/"}})
	if code != http.StatusSeeOther {
		c.t.Fatalf("login: %d\n%s", code, body)
	}
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

func csrfOf(t testing.TB, body string) string {
	t.Helper()
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no CSRF token on the page")
	}
	return m[1]
}

// alertIDOf returns the alert id of a shipment.
func (e *env) alertIDOf(t testing.TB, shipment string) string {
	t.Helper()
	for _, a := range e.alerts {
		var x struct {
			ID         string `json:"alert_id"`
			ShipmentID string `json:"shipment_id"`
		}
		json.Unmarshal(a, &x)
		if x.ShipmentID == shipment {
			return x.ID
		}
	}
	t.Fatalf("no alert for shipment %s", shipment)
	return ""
}
