package structure

import (
	"context"
	"fmt"
)

// Recorded is a Resolver that answers from structures recorded beforehand,
// keyed by the normal form of their Query: rule tests and examples state
// what the resolver would say, and need no Java. A text it does not know is
// not a chemical name (Resolved false), as the resolver answers for text it
// cannot read.
type Recorded struct {
	byQuery map[string]*Structure
}

// NewRecorded returns a Recorded answering each structure's Query (any
// spelling with the same normal form). Two structures for one normal form
// are an error.
func NewRecorded(list []Structure) (*Recorded, error) {
	r := &Recorded{byQuery: make(map[string]*Structure, len(list))}
	for i := range list {
		s := list[i]
		key := Normalize(s.Query)
		if key == "" {
			return nil, fmt.Errorf("recorded structure %d: empty query", i+1)
		}
		if _, dup := r.byQuery[key]; dup {
			return nil, fmt.Errorf("recorded structure %d: query %q recorded twice", i+1, key)
		}
		s.Query, s.Resolved = key, true
		r.byQuery[key] = &s
	}
	return r, nil
}

// Resolve implements Resolver. It refuses what Client.Resolve refuses.
func (r *Recorded) Resolve(_ context.Context, text string) (*Structure, error) {
	key := Normalize(text)
	if key == "" || len(key) > MaxQueryLen {
		return nil, fmt.Errorf("%w: length %d outside 1..%d", ErrRefused, len(key), MaxQueryLen)
	}
	if s := r.byQuery[key]; s != nil {
		return s, nil
	}
	return &Structure{Query: key}, nil
}
