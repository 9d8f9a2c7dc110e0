package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/console/disposition"
)

// TestConsoleEndToEnd runs a console against an embedded broker: it
// stores every alert, serves the queue and the alert page to a logged-in
// analyst only, escapes injected markup, refuses a disposition without
// the CSRF token, records one with it to the topic, and a second console
// with a new store rebuilds it from the topics.
func TestConsoleEndToEnd(t *testing.T) {
	e := newEnv(t, 40)
	r := e.start(t, 0)
	anon := newClient(t, r.url)
	if code, _, h := anon.get("/"); code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login") {
		t.Fatalf("anonymous queue: %d %s", code, h.Get("Location"))
	}
	if code, _, _ := anon.post("/login", url.Values{"user": {testUser}, "password": {"wrong"}}); code != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", code)
	}
	c := newClient(t, r.url)
	c.login()
	code, body, h := c.get("/")
	if code != http.StatusOK || strings.Count(body, `class="open"`) < 20 {
		t.Fatalf("queue: %d, %d rows", code, strings.Count(body, `class="open"`))
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	id := e.alertIDOf(t, injectedID)
	code, body, _ = c.get("/alerts/" + id)
	if code != http.StatusOK {
		t.Fatalf("alert page: %d", code)
	}
	for _, bad := range []string{"<script>document", "<img src=x", "<b>Evil</b>", "<i>Shanghai"} {
		if strings.Contains(body, bad) {
			t.Errorf("alert page contains the injected %q unescaped", bad)
		}
	}
	if !strings.Contains(body, "&lt;b&gt;Evil&lt;/b&gt;") || !strings.Contains(body, `4-anilinopiperidine</mark>`) {
		t.Errorf("alert page lacks the escaped party or the highlighted match")
	}
	csrf := csrfOf(t, body)
	form := url.Values{"outcome": {string(disposition.Confirmed)}, "note": {"sample <b>positive</b>"}, "then": {"stay"}}
	if code, _, _ := c.post("/alerts/"+id+"/disposition", form); code != http.StatusForbidden {
		t.Fatalf("disposition without CSRF token: %d", code)
	}
	form.Set("csrf", csrf)
	if code, body, _ := c.post("/alerts/"+id+"/disposition", form); code != http.StatusSeeOther {
		t.Fatalf("disposition: %d\n%s", code, body)
	}
	if _, body, _ := c.get("/alerts/" + id); !strings.Contains(body, "sample &lt;b&gt;positive&lt;/b&gt;") {
		t.Error("the note is not on the alert page, escaped")
	}
	if _, body, _ := c.get("/rules"); !strings.Contains(body, "FEN-001") {
		t.Error("rules page lacks FEN-001")
	}
	if _, body, _ := c.get("/metrics"); !strings.Contains(body, `precursor_console_rule_precision{rule="FEN-001",status="active"} 1`) {
		t.Errorf("metrics lack FEN-001's precision:\n%s", grepLines(body, "precursor_console_rule"))
	}
	r.close(t)

	r2 := e.start(t, 1) // a new store: rebuilt from both topics
	c2 := newClient(t, r2.url)
	c2.login()
	_, body, _ = c2.get("/?status=confirmed")
	if !strings.Contains(body, injectedID) {
		t.Fatal("the rebuilt console's confirmed queue lacks the disposition")
	}
	if _, body, _ := c2.get("/alerts/" + id); !strings.Contains(body, "by "+testUser) {
		t.Error("the rebuilt console does not name the analyst")
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
