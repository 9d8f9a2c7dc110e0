package parties

import (
	"fmt"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties/listfmt"
)

// Exception clears a known false match; see listfmt.Exception for its
// fields and file format.
type Exception = listfmt.Exception

// exceptionSet holds a snapshot's exceptions keyed by list, entry and the
// normalised party name.
type exceptionSet struct {
	byKey map[exceptionKey][]*Exception
	all   []Exception
}

type exceptionKey struct{ list, entry, party string }

// newExceptionSet indexes exceptions, checking them against the loaded
// lists: an exception for a list that is not loaded is an error (a typo
// would silently clear nothing); one for an entry the list no longer
// holds is a warning (the entry may have been delisted).
func newExceptionSet(xs []Exception, lists []ListInfo, ix *index, norm *normalizer) (*exceptionSet, yamlsrc.List) {
	set := &exceptionSet{byKey: map[exceptionKey][]*Exception{}, all: xs}
	known := map[string]bool{}
	for _, l := range lists {
		known[l.ID] = true
	}
	entries := map[[2]string]bool{}
	for _, ref := range ix.entries {
		entries[[2]string{lists[ref.list].ID, ref.entry.ID}] = true
	}
	var ds yamlsrc.List
	for i := range set.all {
		x := &set.all[i]
		key := exceptionKey{x.List, x.Entry, partyKey(norm, x.Party)}
		switch {
		case !known[x.List]:
			ds.Errorf(x.Pos, fmt.Sprintf("exception %q", x.ID), "list %q is not loaded", x.List)
			continue
		case key.party == "":
			ds.Errorf(x.Pos, fmt.Sprintf("exception %q", x.ID), "party name %q has no words to match", x.Party)
			continue
		case !entries[[2]string{x.List, x.Entry}]:
			ds.Warnf(x.Pos, fmt.Sprintf("exception %q", x.ID), "list %q has no entry %q (delisted?)", x.List, x.Entry)
		}
		set.byKey[key] = append(set.byKey[key], x)
	}
	return set, ds
}

// partyKey is a party name as exceptions compare it: its canonical words.
func partyKey(norm *normalizer, name string) string {
	return strings.Join(norm.normalize(name), " ")
}

// apply marks the hits that an exception in force at at clears.
func (set *exceptionSet) apply(hits []Hit, p manifest.Party, at time.Time) {
	if set == nil || len(set.byKey) == 0 || len(hits) == 0 {
		return
	}
	party := ""
	for i := range hits {
		h := &hits[i]
		if party == "" {
			party = partyKey(newNormalizer(words()), p.Name)
		}
		for _, x := range set.byKey[exceptionKey{h.List, h.EntryID, party}] {
			if x.Country != "" && !strings.EqualFold(x.Country, p.Country) {
				continue
			}
			if x.Role != "" && x.Role != string(h.Role) {
				continue
			}
			if !at.Before(x.Expires) {
				continue
			}
			cleared := *x
			h.Cleared = &cleared
			break
		}
	}
}

// Exceptions returns the snapshot's exceptions, in file order.
func (s *Snapshot) Exceptions() []Exception {
	if s.exceptions == nil {
		return nil
	}
	return s.exceptions.all
}
