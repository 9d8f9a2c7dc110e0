package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/precursorwatch/precursor/parties"
	"github.com/prometheus/client_golang/prometheus"
)

// Reload result label values.
const (
	reloadSuccess = "success"
	reloadFailure = "failure"
)

// loadFunc loads and compiles a rule set and catalog completely.
type loadFunc func() (evaluator, error)

// reloader is the one reload coordinator: SIGHUP, file changes and
// Pipeline.Reload all come here. A reload builds the new engine fully, then
// swaps it in atomically; a failed load keeps the old engine running, logs
// the positioned errors and sets last_reload_successful to 0.
type reloader struct {
	load loadFunc
	// loadLists loads the party lists (lists.go); nil: no screening.
	loadLists listsFunc
	metrics   *Metrics
	log       *slog.Logger
	now       func() time.Time

	mu    sync.Mutex // serialises loads
	cur   atomic.Pointer[evaluatorBox]
	lists *parties.Snapshot // the party lists in use; guarded by mu
}

// evaluatorBox lets an interface value live in an atomic.Pointer.
type evaluatorBox struct{ ev evaluator }

// current returns the engine in use; nil before the first load.
func (r *reloader) current() evaluator {
	if b := r.cur.Load(); b != nil {
		return b.ev
	}
	return nil
}

// install makes ev the engine in use and updates the info metrics: the old
// ruleset_info and catalog_info series are deleted, rule_hits_total series
// are created at zero for every rule of ev and deleted for rules that
// disappeared.
func (r *reloader) install(ev evaluator) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.swap(ev)
}

func (r *reloader) swap(ev evaluator) {
	var old *engineInfo
	if prev := r.current(); prev != nil {
		oi := prev.info()
		old = &oi
	}
	// Series first, then the engine: the consume loop rebuilds its label
	// cache when it sees a new engine, and must then find live series.
	r.updateInfo(old, ev.info())
	r.cur.Store(&evaluatorBox{ev})
	r.metrics.LastReloadOK.Set(1)
	r.metrics.LastReloadTime.Set(float64(r.now().UnixNano()) / 1e9)
}

// reload loads a new engine and installs it. On failure the old engine
// stays and the error (listing every problem with file:line:col) is
// returned and logged.
func (r *reloader) reload() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	start := r.now()
	ev, err := r.load()
	if err == nil && ev == nil {
		err = errors.New("loader returned no engine")
	}
	if err != nil {
		r.metrics.Reloads.WithLabelValues(reloadFailure).Inc()
		r.metrics.LastReloadOK.Set(0)
		if r.current() == nil { // the first load, at start: there is nothing to keep
			r.log.Error("cannot start: the catalog or the rules do not load", "err", err)
			return err
		}
		r.log.Error("reload refused; keeping the rules and catalog in use", "err", err)
		return fmt.Errorf("reload: %w", err)
	}
	r.swap(ev)
	r.metrics.Reloads.WithLabelValues(reloadSuccess).Inc()
	in := ev.info()
	r.log.Info("reloaded rules and catalog", "ruleset", in.RulesetName, "version", in.RulesetVersion,
		"hash", in.RulesetHash, "rules", len(in.Rules), "catalog_version", in.CatalogVersion,
		"took", r.now().Sub(start))
	return nil
}

// updateInfo moves the info gauges and per-rule series from old to cur,
// and drops catalog_matches_total series of families no longer in the
// catalog.
func (r *reloader) updateInfo(old *engineInfo, cur engineInfo) {
	m := r.metrics
	if old != nil {
		m.RulesetInfo.DeleteLabelValues(old.RulesetName, old.RulesetVersion, old.RulesetHash)
		m.CatalogInfo.DeleteLabelValues(old.CatalogVersion, old.CatalogHash)
		for id, status := range old.Rules {
			newStatus, ok := cur.Rules[id]
			if !ok || newStatus != status {
				m.RuleHits.DeleteLabelValues(id, status)
			}
			if !ok { // rule_errors_total has no status: keep it while the rule exists
				m.RuleErrors.DeleteLabelValues(id)
			}
		}
		for _, ex := range old.Exceptions {
			if !contains(cur.Exceptions, ex) {
				m.Suppressions.DeleteLabelValues(ex)
			}
		}
		for _, f := range old.Families {
			if !contains(cur.Families, f) {
				m.CatalogMatches.DeletePartialMatch(prometheus.Labels{"family": f})
			}
		}
	}
	m.RulesetInfo.WithLabelValues(cur.RulesetName, cur.RulesetVersion, cur.RulesetHash).Set(1)
	m.CatalogInfo.WithLabelValues(cur.CatalogVersion, cur.CatalogHash).Set(1)
	for id, status := range cur.Rules {
		m.RuleHits.WithLabelValues(id, status)
		m.RuleErrors.WithLabelValues(id)
	}
	for _, ex := range cur.Exceptions {
		m.Suppressions.WithLabelValues(ex)
	}
	r.updatePacks(old, cur)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// debounceReload calls reload once events have been quiet for delay:
// editors write a file in several steps, and a rule pack edit may touch
// several files.
func (r *reloader) debounceReload(ctx context.Context, events <-chan struct{}, delay time.Duration) {
	debounce(ctx, events, delay, func() { _ = r.reload() }) // logged and counted inside
}

// debounce calls fn once events have been quiet for delay, until ctx ends
// or events is closed.
func debounce(ctx context.Context, events <-chan struct{}, delay time.Duration, fn func()) {
	var timer *time.Timer
	var fire <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			if timer != nil {
				timer.Stop()
			}
			return
		case _, ok := <-events:
			if !ok {
				return
			}
			if timer == nil {
				timer = time.NewTimer(delay)
			} else {
				timer.Reset(delay)
			}
			fire = timer.C
		case <-fire:
			fire = nil
			fn()
		}
	}
}
