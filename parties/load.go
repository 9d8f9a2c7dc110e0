package parties

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/parties/listfmt"
)

// Config names the lists and exceptions to load and how to match.
type Config struct {
	// Lists are the list files, in the order hits on equal scores are
	// reported.
	Lists []Source
	// Exceptions are exceptions files (listfmt.ParseExceptions).
	Exceptions []string
	Match      MatchConfig
	Limits     listfmt.Limits
	// FS, when set, is where Lists and Exceptions are read from (the
	// embedded samples); nil is the operating system's file system.
	FS fs.FS
}

// Source is one list file.
type Source struct {
	// ID names the list in hits, alerts and metrics; "" takes the id the
	// format gives (us-ofac-sdn, un-sc, eu-fsf, opensanctions-DATASET, a
	// curated list's own), or us-ofac-cons for an OFAC file whose name
	// says consolidated.
	ID   string
	Path string
	// Format is "" to sniff it from the file.
	Format listfmt.Format
}

// ParseSource reads a list argument: PATH, or ID=PATH to name the list.
func ParseSource(arg string) (Source, error) {
	id, path, ok := strings.Cut(arg, "=")
	if !ok {
		id, path = "", arg
	}
	if path == "" {
		return Source{}, fmt.Errorf("list %q: want PATH or ID=PATH", arg)
	}
	if ok && !ValidListID(id) {
		return Source{}, fmt.Errorf("list %q: id %q: want lower-case letters, digits, '-' and '_'", arg, id)
	}
	return Source{ID: id, Path: path}, nil
}

// ValidListID reports whether id can name a list: 1 to 64 lower-case
// letters, digits, '-' and '_' (it is a metric label and a rule literal).
func ValidListID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// Load reads, validates and indexes every list and exceptions file of cfg.
// It reports every problem of every file at once, as a yamlsrc.List of
// positioned diagnostics (file:line:col: message), and returns no
// snapshot when there is any: a broken list is refused as a whole, and
// the caller keeps the snapshot it had.
func Load(ctx context.Context, cfg Config) (*Snapshot, error) {
	if err := cfg.Match.Validate(); err != nil {
		return nil, fmt.Errorf("match config: %w", err)
	}
	if len(cfg.Lists) == 0 {
		return nil, errors.New("no lists configured")
	}
	var ds yamlsrc.List
	var lists []*listfmt.List
	var infos []ListInfo
	ids := map[string]string{}
	for _, src := range cfg.Lists {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		start := time.Now()
		f, err := listfmt.ReadFS(cfg.FS, src.Path, src.Format, cfg.Limits)
		if err != nil {
			ds = append(ds, problems(src.Path, err)...)
			continue
		}
		info := listInfo(src, f, time.Since(start))
		if prev, dup := ids[info.ID]; dup {
			ds.Errorf(yamlsrc.Pos{File: src.Path}, "", "list id %q is already used by %s: name one of them with ID=PATH", info.ID, prev)
			continue
		}
		ids[info.ID] = src.Path
		f.List.ID = info.ID
		lists, infos = append(lists, f.List), append(infos, info)
	}
	var xs []Exception
	for _, path := range cfg.Exceptions {
		data, err := readFile(cfg.FS, path)
		if err == nil {
			var parsed []Exception
			parsed, err = listfmt.ParseExceptions(path, data)
			xs = append(xs, parsed...)
		}
		if err != nil {
			ds = append(ds, problems(path, err)...)
		}
	}
	if err := ds.Err(); err != nil {
		return nil, err
	}
	return build(lists, infos, xs, cfg.Match)
}

func listInfo(src Source, f *listfmt.File, took time.Duration) ListInfo {
	l := f.List
	id := src.ID
	if id == "" {
		id = l.ID
		if l.Format == listfmt.FormatOFACXML || l.Format == listfmt.FormatOFACCSV {
			if base := strings.ToLower(src.Path); strings.Contains(base, "cons") {
				id = "us-ofac-cons"
			}
		}
	}
	title := l.Title
	if id == "us-ofac-cons" && l.Title == "OFAC Specially Designated Nationals and Blocked Persons List" {
		title = "OFAC Consolidated Sanctions List (non-SDN)"
	}
	return ListInfo{
		ID: id, Title: title, Format: l.Format, Paths: f.Paths, SHA256: f.SHA256,
		Published: l.Published, PublishedFrom: l.PublishedFrom, Entries: len(l.Entries), Bytes: f.Bytes,
		LoadedAt: time.Now(), LoadTime: took,
	}
}

func readFile(fsys fs.FS, path string) ([]byte, error) {
	if fsys == nil {
		return os.ReadFile(path)
	}
	return fs.ReadFile(fsys, path)
}

// problems are the positioned diagnostics of a file's error; an error
// without positions (a missing file) becomes a diagnostic of the whole
// file.
func problems(path string, err error) yamlsrc.List {
	if ds := listfmt.Diagnostics(err); len(ds) > 0 {
		return ds
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the diagnostic names the path already
	}
	return yamlsrc.List{{Pos: yamlsrc.Pos{File: path}, Message: err.Error()}}
}
