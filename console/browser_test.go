//go:build browser

// The browser tests drive a real Chromium (Debian's package) with chromedp
// against consoles on an embedded broker. They run with
// `make test-browser` (go test -tags browser), which installs Chromium
// when it is missing, and save screenshots to testresults/browser/.
package console

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// shotsDir is where screenshots go, from the repository root.
const shotsDir = "../testresults/browser"

// newBrowser starts a headless Chromium with a fresh profile. The first
// Run starts the browser on a context without a timeout (a timeout there
// would stop the browser); steps get their own timeouts (see do).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := os.Getenv("CHROMIUM")
	if exe == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				exe = p
				break
			}
		}
	}
	if exe == "" {
		t.Fatal("no Chromium: run make test-browser, which installs Debian's chromium")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 860),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium %s: %v", exe, err)
	}
	return ctx
}

// stepTimeout bounds each group of browser steps.
const stepTimeout = 30 * time.Second

// do runs steps, failing the test (with a screenshot) on error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		shot(t, ctx, "failed-"+strings.ReplaceAll(t.Name(), "/", "-"))
		t.Fatalf("%s: %v", what, err)
	}
}

// get runs one action and returns its value.
func get[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	if err != nil {
		shot(t, ctx, "failed-"+strings.ReplaceAll(t.Name(), "/", "-"))
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// shot saves a full-page screenshot.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	os.MkdirAll(shotsDir, 0o755)
	path := filepath.Join(shotsDir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Logf("screenshot %s: %v", name, err)
	}
	t.Logf("screenshot %s", path)
}

// view saves a screenshot of the viewport (what an analyst sees first),
// the size the documentation uses.
func view(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	os.MkdirAll(shotsDir, 0o755)
	os.WriteFile(filepath.Join(shotsDir, name+".png"), png, 0o644)
}

func css(s string) chromedp.CSS { return chromedp.CSS(s) }

func login(t *testing.T, ctx context.Context, base string) {
	do(t, ctx, "log in",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(css(`input[name=user]`)),
		chromedp.SendKeys(css(`input[name=user]`), testUser),
		chromedp.SendKeys(css(`input[name=password]`), testPassword+kb.Enter),
		chromedp.WaitVisible(css(`#queue`)),
	)
}

func count(t *testing.T, ctx context.Context, selector string) int {
	return get(t, ctx, "count "+selector, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(selector)+`).length`))
}

// TestBrowserTriage is the analyst's day in a real browser: the queue
// loads and filters, an alert page highlights the matched text and keeps
// injected markup inert, a keyboard-only disposition is recorded, and it
// survives a console restart on a new store rebuilt from Kafka.
func TestBrowserTriage(t *testing.T) {
	e := newEnv(t, 60)
	r := e.start(t, 0)
	ctx := newBrowser(t)
	login(t, ctx, r.url)

	if rows := count(t, ctx, "#queue tbody tr"); rows < 30 {
		t.Fatalf("queue shows %d rows", rows)
	}
	shot(t, ctx, "queue")
	view(t, ctx, "queue-view")
	do(t, ctx, "filter by severity",
		chromedp.SetValue(css(`select[name=severity]`), "high"),
		chromedp.Submit(css(`#filters`)),
		chromedp.WaitVisible(css(`#filters`)),
	)
	rows, high := count(t, ctx, "#queue tbody tr"), count(t, ctx, "#queue tbody .badge.sev-high")
	if rows == 0 || high != rows {
		t.Fatalf("severity filter: %d rows, %d of them high", rows, high)
	}
	shot(t, ctx, "queue-filtered")

	id := e.alertIDOf(t, injectedID)
	do(t, ctx, "alert page", chromedp.Navigate(r.url+"/alerts/"+id), chromedp.WaitVisible(css(`#disposition`)))
	marked := get(t, ctx, "marked text", chromedp.Text(css(`.item-desc mark`), chromedp.NodeVisible))
	title := get(t, ctx, "title", chromedp.Title())
	injected := count(t, ctx, "main script, main img, main b, main i")
	party := get(t, ctx, "party", chromedp.Text(css(`.party-name`), chromedp.NodeVisible))
	if marked != "4-anilinopiperidine" {
		t.Errorf("highlighted text %q, want 4-anilinopiperidine", marked)
	}
	if strings.Contains(title, "pwned") || injected != 0 {
		t.Errorf("injected markup ran or became elements: title %q, %d nodes", title, injected)
	}
	if !strings.Contains(party, "<b>Evil</b>") {
		t.Errorf("party name %q is not shown as the text it is", party)
	}
	shot(t, ctx, "alert-injected")

	// Keyboard only: j selects the queue's first row, Enter opens it, 1
	// picks confirmed, the note is typed, Enter saves and opens the next.
	do(t, ctx, "queue", chromedp.Navigate(r.url+"/"), chromedp.WaitVisible(css(`#queue`)))
	first := get(t, ctx, "first row", chromedp.Evaluate[string](`document.querySelector("#queue tbody tr a.open").textContent`))
	do(t, ctx, "open with j, Enter", chromedp.KeyEvent("j"), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(css(`#disposition`)))
	shot(t, ctx, "alert")
	view(t, ctx, "alert-view")
	do(t, ctx, "choose with 1", chromedp.KeyEvent("1"))
	checked := get(t, ctx, "checked", chromedp.Evaluate[bool](`document.getElementById("o-confirmed").checked`))
	focused := get(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id`))
	if !checked || focused != "note" {
		t.Fatalf("key 1: confirmed checked %v, focus on %q", checked, focused)
	}
	do(t, ctx, "save with Enter", chromedp.KeyEvent("keyboard only"+kb.Enter), chromedp.WaitVisible(css(`.notice.ok`)))
	if notice := get(t, ctx, "notice", chromedp.Text(css(`.notice.ok`))); !strings.Contains(notice, "Confirmed") {
		t.Fatalf("after saving: notice %q", notice)
	}
	shot(t, ctx, "after-save")

	r.close(t)
	r2 := e.start(t, 1) // new store, rebuilt from both topics
	login(t, ctx, r2.url)
	do(t, ctx, "confirmed queue after restart", chromedp.Navigate(r2.url+"/?status=confirmed"), chromedp.WaitVisible(css(`#queue`)))
	row := get(t, ctx, "row", chromedp.Text(css(`#queue tbody tr`)))
	do(t, ctx, "open it", chromedp.Click(css(`#queue tbody tr a.open`)), chromedp.WaitVisible(css(`#disposition`)))
	last := get(t, ctx, "last disposition", chromedp.Text(css(`#disposition p.muted`)))
	// the note is exactly what was typed: the key that chose the
	// disposition is not in it
	if !strings.Contains(row, first) || !strings.Contains(last, "by "+testUser) || !strings.Contains(last, "“keyboard only”") {
		t.Fatalf("after restart: queue row %q, disposition %q", row, last)
	}
	shot(t, ctx, "after-restart")
}
