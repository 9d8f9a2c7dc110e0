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

// watchSet is what a watcher watches: a rules directory with its
// subdirectories, and files (the catalog; the party lists and their
// exceptions) through their directories (watching the directory, not the
// file, survives editors that replace files by rename).
type watchSet struct {
	rulesDirs map[string]bool
	files     []*watchedFile
}

// watchedFile is one file watched through its directory.
//
// The file may be a symlink whose target changes without any event on the
// link itself: a Kubernetes ConfigMap volume holds
// catalog.yaml -> ..data/catalog.yaml and ..data -> ..<timestamp>, and an
// update atomically renames a new ..data over the old one. So an event on
// ..data next to the file is relevant, and so is any event in the file's
// directory (or its target's) after which the file resolves to another
// file; the target's directory is watched too, so edits of a target
// elsewhere are seen.
type watchedFile struct {
	path   string // cleaned
	dir    string
	target string // path with symlinks resolved at the last check; "" if unresolvable
}

func newWatchedFile(path string) *watchedFile {
	f := &watchedFile{path: filepath.Clean(path)}
	f.dir = filepath.Dir(f.path)
	f.target = resolve(f.path)
	return f
}

// configMapData is the name of the symlink a Kubernetes ConfigMap volume
// swaps atomically to publish new content.
const configMapData = "..data"

func newWatchSet(rulesDir, catalogFile string) (watchSet, error) {
	ws := watchSet{rulesDirs: map[string]bool{}}
	if catalogFile != "" {
		ws.files = append(ws.files, newWatchedFile(catalogFile))
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

// newFileWatchSet watches files only.
func newFileWatchSet(paths []string) watchSet {
	ws := watchSet{rulesDirs: map[string]bool{}}
	for _, p := range paths {
		ws.files = append(ws.files, newWatchedFile(p))
	}
	return ws
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
	seen := map[string]bool{}
	add := func(d string) {
		if d != "" && !seen[d] {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	for d := range ws.rulesDirs {
		add(d)
	}
	for _, f := range ws.files {
		add(f.dir)
		add(f.targetDir())
	}
	return dirs
}

// targetDir is the directory of the file's resolved target when it is not
// the file's own directory, else "".
func (f *watchedFile) targetDir() string {
	if f.target == "" || filepath.Dir(f.target) == f.dir {
		return ""
	}
	return filepath.Dir(f.target)
}

// relevant reports whether ev should trigger a reload: a change (not just
// chmod) in a rules directory, to a watched file itself or its target,
// to the ..data link next to it, or one after which the file resolves to
// another file.
func (ws *watchSet) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	name := filepath.Clean(ev.Name)
	if ws.rulesDirs[filepath.Dir(name)] || ws.rulesDirs[name] {
		return true
	}
	hit := false
	for _, f := range ws.files {
		hit = f.relevant(name) || hit // every file updates its target
	}
	return hit
}

// relevant reports whether a change of name concerns the file, and
// updates its resolved target.
func (f *watchedFile) relevant(name string) bool {
	dir, old := filepath.Dir(name), f.target
	if dir != f.dir && dir != filepath.Dir(old) {
		return false
	}
	f.target = resolve(f.path)
	return name == f.path || name == old || name == f.target ||
		(dir == f.dir && filepath.Base(name) == configMapData) || f.target != old
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

// watch reloads rules and catalog on changes until ctx ends.
func watch(ctx context.Context, ws watchSet, r *reloader, log *slog.Logger) error {
	return watchFiles(ctx, ws, "rules and catalog", func() { _ = r.reload() }, log)
}

// watchFiles calls reload, debounced, on changes of what ws watches until
// ctx ends; what names it in the log.
func watchFiles(ctx context.Context, ws watchSet, what string, reload func(), log *slog.Logger) error {
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
	log.Info("watching "+what+" for changes", "dirs", dirs)
	events := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		debounce(ctx, events, reloadDebounce, reload)
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
			for _, f := range ws.files {
				if d := f.targetDir(); d != "" && !watched[d] && w.Add(d) == nil {
					watched[d] = true // the file now points elsewhere
				}
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
