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
//
// The catalog file may be a symlink whose target changes without any event
// on the link itself: a Kubernetes ConfigMap volume holds
// catalog.yaml -> ..data/catalog.yaml and ..data -> ..<timestamp>, and an
// update atomically renames a new ..data over the old one. So an event on
// ..data next to the catalog is relevant, and so is any event in the
// catalog's directory (or its target's) after which the catalog resolves
// to another file; the target's directory is watched too, so edits of a
// target elsewhere are seen.
type watchSet struct {
	rulesDirs   map[string]bool
	catalogFile string // cleaned; "" when embedded
	catalogDir  string
	target      string // catalogFile with symlinks resolved at the last check; "" if unresolvable
}

// configMapData is the name of the symlink a Kubernetes ConfigMap volume
// swaps atomically to publish new content.
const configMapData = "..data"

func newWatchSet(rulesDir, catalogFile string) (watchSet, error) {
	ws := watchSet{rulesDirs: map[string]bool{}}
	if catalogFile != "" {
		ws.catalogFile = filepath.Clean(catalogFile)
		ws.catalogDir = filepath.Dir(ws.catalogFile)
		ws.target = resolve(ws.catalogFile)
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

// resolve returns path with every symlink resolved, or "" when it cannot
// be resolved (missing, dangling link, in the middle of a swap).
func resolve(path string) string {
	t, err := filepath.EvalSymlinks(path)
	if err != nil {
		return ""
	}
	return filepath.Clean(t)
}

// dirs lists the directories to add to the watcher.
func (ws *watchSet) dirs() []string {
	var dirs []string
	for d := range ws.rulesDirs {
		dirs = append(dirs, d)
	}
	if ws.catalogFile != "" && !ws.rulesDirs[ws.catalogDir] {
		dirs = append(dirs, ws.catalogDir)
	}
	if d := ws.targetDir(); d != "" && !ws.rulesDirs[d] {
		dirs = append(dirs, d)
	}
	return dirs
}

// targetDir is the directory of the catalog's resolved target when it is
// not the catalog's own directory, else "".
func (ws *watchSet) targetDir() string {
	if ws.target == "" || filepath.Dir(ws.target) == ws.catalogDir {
		return ""
	}
	return filepath.Dir(ws.target)
}

// relevant reports whether ev should trigger a reload: a change (not just
// chmod) in a rules directory, to the catalog file itself or its target,
// to the ..data link next to it, or one after which the catalog resolves
// to another file.
func (ws *watchSet) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	name := filepath.Clean(ev.Name)
	if ws.rulesDirs[filepath.Dir(name)] || ws.rulesDirs[name] {
		return true
	}
	if ws.catalogFile == "" {
		return false
	}
	dir, old := filepath.Dir(name), ws.target
	if dir != ws.catalogDir && dir != filepath.Dir(old) {
		return false
	}
	ws.target = resolve(ws.catalogFile)
	return name == ws.catalogFile || name == old || name == ws.target ||
		(dir == ws.catalogDir && filepath.Base(name) == configMapData) || ws.target != old
}

// followNewDir starts watching a directory created inside the rules tree.
func (ws *watchSet) followNewDir(w *fsnotify.Watcher, ev fsnotify.Event) {
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
	watched := map[string]bool{}
	for _, d := range dirs {
		if err := w.Add(d); err != nil {
			return fmt.Errorf("watch %s: %w", d, err)
		}
		watched[d] = true
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
			if d := ws.targetDir(); d != "" && !watched[d] && w.Add(d) == nil {
				watched[d] = true // the catalog now points elsewhere
			}
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
