package parties

import (
	"sync"
	"time"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/parties/listfmt"
)

// Snapshot is a loaded, validated and indexed set of lists with their
// exceptions: immutable once returned, safe for concurrent screening. To
// reload, Load a new snapshot and swap a pointer (atomic.Pointer); a failed
// Load returns an error and leaves whatever the caller holds untouched.
type Snapshot struct {
	lists      []ListInfo
	ix         *index
	exceptions *exceptionSet
	warnings   yamlsrc.List
	cfg        MatchConfig
	words      *wordTables
	loadedAt   time.Time
	pool       sync.Pool // *scratch
	cache      *screenCache
}

// build indexes parsed lists. infos[i] describes lists[i].
func build(lists []*listfmt.List, infos []ListInfo, xs []Exception, cfg MatchConfig) (*Snapshot, error) {
	w := words()
	s := &Snapshot{lists: infos, cfg: cfg, words: w, loadedAt: time.Now(), cache: newScreenCache()}
	s.ix = buildIndex(lists, cfg, w)
	set, ds := newExceptionSet(xs, infos, s.ix, newNormalizer(w))
	if err := ds.Err(); err != nil {
		return nil, err
	}
	s.exceptions, s.warnings = set, ds.Warnings()
	names := len(s.ix.names)
	s.pool.New = func() any { return newScratch(w, names) }
	return s, nil
}

// Lists describes every loaded list, in configuration order: what an
// alert carries and what metrics export (entries, publication date, hash).
func (s *Snapshot) Lists() []ListInfo { return s.lists }

// Warnings are problems that did not stop the load (an exception for an
// entry no longer listed), positioned.
func (s *Snapshot) Warnings() yamlsrc.List { return s.warnings }

// Entries is the number of entries over all lists.
func (s *Snapshot) Entries() int { return len(s.ix.entries) }

// Names is the number of indexed names (primary names and aliases).
func (s *Snapshot) Names() int { return len(s.ix.names) }

// LoadedAt is when the snapshot was built.
func (s *Snapshot) LoadedAt() time.Time { return s.loadedAt }

// Config is the matching configuration the snapshot was built with.
func (s *Snapshot) Config() MatchConfig { return s.cfg }
