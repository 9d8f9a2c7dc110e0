package structure

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/chemicals"
)

// The stand-in server speaks the resolver's protocol: a real Client gets
// the recorded structures, with the patterns it sent, and "not a name" for
// anything else.
func TestHandlerServesRecordedStructures(t *testing.T) {
	other := chemicals.FamilyPattern{ID: "npp/core", Family: "npp", SMARTS: "O=C1CCNCC1"}
	recorded := benzylCarbamate
	recorded.Matches = append(append([]chemicals.FamilyPattern(nil), testPatterns...), other)
	rec, err := NewRecorded([]Structure{recorded})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(Handler(rec))
	defer srv.Close()
	c, err := New(Config{URL: srv.URL}, testPatterns) // sends 4-ap/core only
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Resolve(context.Background(), "Benzyl 4-anilinopiperidine-1-carboxylate")
	if err != nil || !s.Resolved || s.SMILES != benzylCarbamate.SMILES || s.InChIKey != benzylCarbamate.InChIKey {
		t.Fatalf("Resolve = %+v, %v", s, err)
	}
	if len(s.Matches) != 1 || s.Matches[0].ID != "4-ap/core" {
		t.Errorf("matches %+v, want only the pattern sent, 4-ap/core", s.Matches)
	}
	if s, err := c.Resolve(context.Background(), "sodium chloride"); err != nil || s.Resolved {
		t.Errorf("unknown name: %+v, %v", s, err)
	}
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = http.Post(srv.URL+"/v1/resolve", "application/json", strings.NewReader("{"))
	if err != nil || resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad JSON: %v %v", resp, err)
	}
	resp.Body.Close()
}

// A resolver error reaches the client as the Java resolver's would: an
// unavailable resolver as "timeout" (ErrUnavailable, a breaker failure).
func TestHandlerUnavailable(t *testing.T) {
	down := resolverFunc(func(context.Context, string) (*Structure, error) { return nil, ErrUnavailable })
	srv := httptest.NewServer(Handler(down))
	defer srv.Close()
	c, err := New(Config{URL: srv.URL}, testPatterns)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Resolve(context.Background(), "benzyl 4-anilinopiperidine-1-carboxylate"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Resolve error %v, want ErrUnavailable", err)
	}
}
