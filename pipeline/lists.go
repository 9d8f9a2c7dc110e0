package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/precursorwatch/precursor/parties"
	"golang.org/x/sync/errgroup"
)

// Party lists: the sanctions and watch lists the engine screens shippers,
// consignees and notify parties against (package parties). They are
// loaded at start (a failure is fatal, every problem positioned) and
// reloaded apart from the rules: on SIGHUP and Reload together with them,
// and on a change of their own files alone. A reload builds and validates
// the new lists completely, then swaps in the engine in use with the new
// lists; a failed reload keeps the old lists, logs every problem and sets
// party_lists_last_reload_successful to 0.

// defaultListMaxAge is Config.ListMaxAge's default.
const defaultListMaxAge = 30 * 24 * time.Hour

// listsConfig is the loading configuration: the embedded sample lists
// when Config.Lists is empty. It reads no file.
func (c Config) listsConfig() (parties.Config, error) {
	return parties.NewConfig(c.Lists, c.ListExceptions)
}

func (c Config) validateLists() []error {
	var errs []error
	if _, err := c.listsConfig(); err != nil {
		errs = append(errs, fmt.Errorf("lists: %w", err))
	}
	if c.ListMaxAge <= 0 {
		errs = append(errs, fmt.Errorf("list_max_age: %v must be positive", c.ListMaxAge))
	}
	return errs
}

// listsFunc loads the party lists completely.
type listsFunc func(ctx context.Context) (*parties.Snapshot, error)

func listsLoader(c Config) listsFunc {
	return func(ctx context.Context) (*parties.Snapshot, error) {
		cfg, err := c.listsConfig()
		if err != nil {
			return nil, err
		}
		return parties.Load(ctx, cfg)
	}
}

// withLists wraps a rules loader: every engine it loads screens against
// the lists in use (read under r.mu, which every load holds).
func (r *reloader) withLists(load loadFunc) loadFunc {
	return func() (evaluator, error) {
		ev, err := load()
		if err != nil || ev == nil || r.lists == nil {
			return ev, err
		}
		return ev.withLists(r.lists), nil
	}
}

// reloadAll reloads the lists and the rules and catalog, each validated
// and swapped on its own: a broken list does not hold back a good rule
// edit, nor the reverse. It is what SIGHUP and Pipeline.Reload do.
func (r *reloader) reloadAll() error {
	var lerr error
	if err := r.reloadLists(); err != nil {
		lerr = fmt.Errorf("reload lists: %w", err)
	}
	return errors.Join(lerr, r.reload())
}

// reloadLists loads the lists and, when every file is valid, makes the
// engine in use screen against them. On failure the old lists stay, and
// the error (a yamlsrc.List: every problem at file:line:col) is logged
// and returned.
func (r *reloader) reloadLists() error {
	if r.loadLists == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	start := r.now()
	m := r.metrics.PartyLists
	snap, err := r.loadLists(context.Background())
	if err != nil {
		m.Reloads.WithLabelValues(reloadFailure).Inc()
		m.LastReloadOK.Set(0)
		r.log.Error("list load refused; keeping the lists in use", "err", err)
		return err
	}
	old := r.lists
	r.lists = snap
	m.update(old, snap)
	if cur := r.current(); cur != nil {
		r.cur.Store(&evaluatorBox{cur.withLists(snap)})
	}
	m.Reloads.WithLabelValues(reloadSuccess).Inc()
	m.LastReloadOK.Set(1)
	m.LastReloadTime.Set(float64(r.now().UnixNano()) / 1e9)
	for _, l := range snap.Lists() {
		r.log.Info("loaded party list", "list", l.ID, "title", l.Title, "entries", l.Entries,
			"published", l.Published.Format(time.DateOnly), "sha256", l.SHA256, "took", l.LoadTime)
	}
	for _, w := range snap.Warnings() {
		r.log.Warn("party lists", "warning", w.Error())
	}
	r.log.Info("party lists in use", "lists", len(snap.Lists()), "entries", snap.Entries(), "names", snap.Names(),
		"exceptions", len(snap.Exceptions()), "took", r.now().Sub(start))
	return nil
}

// listPaths are the files the lists in use were read from, and the
// exceptions files: what the list watcher watches.
func (r *reloader) listPaths(c Config) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.lists == nil || len(c.Lists) == 0 {
		return nil // the embedded sample lists
	}
	var paths []string
	for _, l := range r.lists.Lists() {
		paths = append(paths, l.Paths...)
	}
	return append(paths, c.ListExceptions...)
}

// startListWatcher runs the list watcher in g when WatchFiles is set and
// lists are read from files. A watcher that cannot start is logged, not
// fatal: SIGHUP and Reload still work.
func (p *Pipeline) startListWatcher(ctx context.Context, g *errgroup.Group) {
	paths := p.reloader.listPaths(p.cfg)
	if !p.cfg.WatchFiles || len(paths) == 0 {
		return
	}
	ws := newFileWatchSet(paths)
	g.Go(func() error {
		if err := watchFiles(ctx, ws, "party lists", func() { _ = p.reloader.reloadLists() }, p.log); err != nil {
			p.log.Error("list file watching disabled", "err", err)
		}
		return nil
	})
}
