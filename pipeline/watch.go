package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// reloadDebounce is how long file events must be quiet before a reload.
const reloadDebounce = 250 * time.Millisecond

// watchSet is what the watcher watches: the rules directory with its
// subdirectories, and the directory of the catalog file (watching the
// directory, not the file, survives editors that replace files by rename).
type watchSet struct {
	rulesDirs   map[string]bool
	catalogFile string // cleaned; "" when embedded
}

func newWatchSet(rulesDir, catalogFile string) (watchSet, error) {
	ws := watchSet{rulesDirs: map[string]bool{}}
	if catalogFile != "" {
		ws.catalogFile = filepath.Clean(catalogFile)
	}
	if rulesDir == "" {
		return ws, nil
	}
	err := filepath.WalkDir(rulesDir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			ws.rulesDirs[filepath.Clean(path)] = true
		}
		return nil
	})
	if err != nil {
		return ws, fmt.Errorf("watch rules dir: %w", err)
	}
	return ws, nil
}

// dirs lists the directories to add to the watcher.
func (ws watchSet) dirs() []string {
	var dirs []string
	for d := range ws.rulesDirs {
		dirs = append(dirs, d)
	}
	if ws.catalogFile != "" && !ws.rulesDirs[filepath.Dir(ws.catalogFile)] {
		dirs = append(dirs, filepath.Dir(ws.catalogFile))
	}
	return dirs
}

// relevant reports whether ev should trigger a reload: a change (not just
// chmod) in a rules directory or to the catalog file itself.
func (ws watchSet) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	name := filepath.Clean(ev.Name)
	return name == ws.catalogFile || ws.rulesDirs[filepath.Dir(name)] || ws.rulesDirs[name]
}

// followNewDir starts watching a directory created inside the rules tree.
func (ws watchSet) followNewDir(w *fsnotify.Watcher, ev fsnotify.Event) {
	if !ev.Has(fsnotify.Create) || !ws.rulesDirs[filepath.Dir(filepath.Clean(ev.Name))] {
		return
	}
	if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() && w.Add(ev.Name) == nil {
		ws.rulesDirs[filepath.Clean(ev.Name)] = true
	}
}

// watch reloads on changes until ctx ends.
func watch(ctx context.Context, ws watchSet, r *reloader, log *slog.Logger) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer w.Close()
	dirs := ws.dirs()
	for _, d := range dirs {
		if err := w.Add(d); err != nil {
			return fmt.Errorf("watch %s: %w", d, err)
		}
	}
	log.Info("watching rules and catalog for changes", "dirs", dirs)
	events := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.debounceReload(ctx, events, reloadDebounce)
	}()
	defer func() { <-done }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if !ws.relevant(ev) {
				continue
			}
			ws.followNewDir(w, ev)
			select {
			case events <- struct{}{}:
			default: // a reload is already pending
			}
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			log.Warn("file watcher error", "err", err)
		}
	}
}
