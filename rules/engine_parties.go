package rules

import (
	"time"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties"
)

// WithParties returns an engine with e's catalog, matcher and ruleset that
// screens the shipper, consignee and notify party of every manifest
// against the lists of s (nil: no screening; the party helpers are then
// false). e is unchanged: lists reload apart from the rules, and the
// caller swaps the new engine in atomically.
func (e *Engine) WithParties(s *parties.Snapshot) *Engine {
	n := e.derive()
	n.parties, n.lists = s, listRefs(s)
	return n
}

// Parties returns the lists the engine screens against, or nil.
func (e *Engine) Parties() *parties.Snapshot { return e.parties }

// screen screens the parties of m; exceptions are judged at its event
// time, like the rule pack's, so a replayed event is judged the same.
func (e *Engine) screen(m *manifest.Manifest) []parties.Hit {
	if e.parties == nil {
		return nil
	}
	return e.parties.ScreenManifest(m, m.EventTime)
}

// ListRef identifies a list an alert's shipment was screened against,
// like RulesetRef and CatalogRef: its id, its title, the publication date
// it states and the SHA-256 of the loaded copy.
type ListRef struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Published time.Time `json:"published"`
	Hash      string    `json:"hash"`
	Entries   int       `json:"entries"`
}

func listRefs(s *parties.Snapshot) []ListRef {
	if s == nil {
		return nil
	}
	infos := s.Lists()
	refs := make([]ListRef, len(infos))
	for i, l := range infos {
		refs[i] = ListRef{ID: l.ID, Title: l.Title, Published: l.Published, Hash: l.SHA256, Entries: l.Entries}
	}
	return refs
}
