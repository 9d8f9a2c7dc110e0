package store

import (
	"context"
	"testing"
)

// FuzzSearch: whatever a person types into the search or party box, the
// queue answers (no FTS syntax error, no panic).
func FuzzSearch(f *testing.F) {
	s, err := Open(context.Background(), "")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	if _, err := s.AddAlerts(context.Background(), []Alert{
		testAlert("a1", "high", 75, t0, "Example Trading Co.", "Importadora Ejemplo SA", []string{"FEN-001"}, "4-ap", "4-ap"),
	}); err != nil {
		f.Fatal(err)
	}
	for _, q := range []string{`"hubei" OR NEAR(* -`, `example`, `a:b`, `^x*`, `"`, `NOT`, `中文 名`, "\x00"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, _, err := s.Queue(context.Background(), Filter{Query: q, Party: q, Status: StatusAll}); err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
	})
}
