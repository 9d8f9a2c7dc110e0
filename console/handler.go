package console

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// contentSecurityPolicy allows the console's own styles and script only:
// no inline script, no framing, forms post to the console alone.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// handler routes the console. Every state change (POST) passes Go's
// cross-origin protection, and those of an analyst carry their CSRF token.
func (c *Console) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", staticFiles())
	mux.Handle("GET /metrics", promhttp.HandlerFor(c.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /login", c.loginPage)
	mux.HandleFunc("POST /login", c.loginSubmit)
	mux.HandleFunc("POST /logout", c.authed(c.logout))
	mux.HandleFunc("GET /{$}", c.authed(c.queuePage))
	mux.HandleFunc("GET /alerts/{id}", c.authed(c.alertPage))
	mux.HandleFunc("POST /alerts/{id}/disposition", c.authed(c.dispose))
	mux.HandleFunc("GET /rules", c.authed(c.rulesPage))
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.fail(w, r, analyst{}, http.StatusForbidden, "Cross-origin request refused.")
	}))
	return securityHeaders(cop.Handler(mux))
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// authed runs h for an identified analyst; a POST must also carry their
// CSRF token. Others are sent to the login page (GET) or refused.
func (c *Console) authed(h func(http.ResponseWriter, *http.Request, analyst)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		who, ok := c.auth.identify(r)
		if !ok {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			c.fail(w, r, analyst{}, http.StatusUnauthorized, "Sign in first.")
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
			if !c.auth.checkCSRF(who, r.PostFormValue("csrf")) {
				c.fail(w, r, who, http.StatusForbidden, "The form is stale or did not come from this console (CSRF token). Reload the page and try again.")
				return
			}
		}
		h(w, r, who)
	}
}

// fail renders the error page.
func (c *Console) fail(w http.ResponseWriter, _ *http.Request, who analyst, status int, msg string) {
	pg := page{Title: http.StatusText(status), Analyst: who.name, Data: msg}
	if who.name != "" {
		pg.CSRF = c.auth.csrfToken(who)
	}
	c.pages.render(w, status, "error", pg)
}

func (c *Console) frame(who analyst, title, nav string, data any) page {
	return page{Title: title, Analyst: who.name, CSRF: c.auth.csrfToken(who), Nav: nav, Data: data}
}

// localPath returns p when it is a path on this console, else "/": no
// redirect after login leads elsewhere.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := c.auth.identify(r); ok {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	c.pages.render(w, http.StatusOK, "login", page{Title: "Sign in", Data: loginView{Next: localPath(r.URL.Query().Get("next"))}})
}

type loginView struct {
	Next, User string
	Failed     bool
}

func (c *Console) loginSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	user, pass := r.PostFormValue("user"), r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	if !c.auth.login(w, user, pass) {
		c.log.Warn("failed login", "audit", true, "user", user, "remote", r.RemoteAddr)
		c.pages.render(w, http.StatusUnauthorized, "login", page{Title: "Sign in", Data: loginView{Next: next, User: user, Failed: true}})
		return
	}
	c.log.Info("login", "audit", true, "analyst", user, "remote", r.RemoteAddr)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (c *Console) logout(w http.ResponseWriter, r *http.Request, who analyst) {
	c.auth.logout(w, r)
	c.log.Info("logout", "audit", true, "analyst", who.name, "remote", r.RemoteAddr)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
