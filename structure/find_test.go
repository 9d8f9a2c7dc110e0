package structure

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
)

// benzylCarbamate is what the resolver answers for benzyl
// 4-anilinopiperidine-1-carboxylate, an uncatalogued carbamate of 4-AP.
var benzylCarbamate = Structure{
	Query:    "benzyl 4-anilinopiperidine-1-carboxylate",
	SMILES:   "O=C(OCC1=CC=CC=C1)N1CCC(CC1)NC1=CC=CC=C1",
	InChIKey: "IKZKTNNFPIABNV-UHFFFAOYSA-N",
	Matches:  testPatterns,
}

// findItems matches descriptions against the embedded catalog.
func findItems(tb testing.TB, descs ...string) (func(int) string, []chemicals.Result) {
	m := matcher(tb)
	var res []chemicals.Result
	for _, d := range descs {
		res = append(res, m.Match(chemicals.Item{Description: d}))
	}
	return func(i int) string { return descs[i] }, res
}

func TestFindResolvesOnlyUnresolvedSpans(t *testing.T) {
	rec, err := NewRecorded([]Structure{benzylCarbamate})
	if err != nil {
		t.Fatal(err)
	}
	text, res := findItems(t,
		"Laptop computers",
		"Benzyl 4-anilinopiperidine-1-carboxylate 99% min, 25 kg drum", // uncatalogued: sent, resolved
		"tert-butyl 4-oxopiperidine-1-carboxylate 99%",                 // exact catalog name: not sent
		"2-methyl-4-nitro-1-(propan-2-yl)benzenesulfonamide",           // sent, not a name the recording knows
	)
	var f Finder
	found, tally := f.Find(context.Background(), rec, text, res)
	if want := (Tally{Sent: 2, Resolved: 1, Unparsed: 1}); tally != want {
		t.Errorf("tally %+v, want %+v", tally, want)
	}
	if len(found) != 4 || len(found[0]) != 0 || len(found[2]) != 0 || len(found[3]) != 0 || len(found[1]) != 1 {
		t.Fatalf("found %v", found)
	}
	got := found[1][0]
	if got.Text != "Benzyl 4-anilinopiperidine-1-carboxylate" || text(1)[got.Start:got.End] != got.Text {
		t.Errorf("finding span %d:%d %q", got.Start, got.End, got.Text)
	}
	if got.Structure.InChIKey != benzylCarbamate.InChIKey || len(got.Structure.Matches) != 1 {
		t.Errorf("finding structure %+v", got.Structure)
	}
}

// Cargo text, and chemical text the catalog resolved, cost nothing: no
// request and no allocation.
func TestFindWithoutCandidatesAllocatesNothing(t *testing.T) {
	text, res := findItems(t, "Laptop computers", "Green coffee, arabica", "N-phenethyl-4-piperidone 25kg")
	r := &countingResolver{}
	var f Finder
	f.Find(context.Background(), r, text, res) // sizes the buffers
	allocs := testing.AllocsPerRun(100, func() {
		if found, tally := f.Find(context.Background(), r, text, res); found != nil || tally != (Tally{}) {
			t.Fatalf("found %v, tally %+v", found, tally)
		}
	})
	if allocs != 0 || r.calls.Load() != 0 {
		t.Errorf("%v allocations, %d resolver calls", allocs, r.calls.Load())
	}
}

func TestFindCountsFailures(t *testing.T) {
	text, res := findItems(t,
		"benzyl 4-anilinopiperidine-1-carboxylate",
		"ethyl 2-methyl-3-(4-methylphenyl)oxirane-2-carboxylate",
		"1-(2-thiophen-2-ylethyl)piperidin-4-one")
	var f Finder
	down := resolverFunc(func(context.Context, string) (*Structure, error) {
		return nil, fmt.Errorf("%w: connection refused", ErrUnavailable)
	})
	found, tally := f.Find(context.Background(), down, text, res)
	if tally.Sent != 3 || tally.Unavailable != 3 || !errors.Is(tally.Err, ErrUnavailable) {
		t.Errorf("resolver down: tally %+v", tally)
	}
	for i, fs := range found {
		if len(fs) != 0 {
			t.Errorf("item %d: findings %v with the resolver down", i, fs)
		}
	}
	refuse := resolverFunc(func(context.Context, string) (*Structure, error) { return nil, ErrRefused })
	if _, tally := f.Find(context.Background(), refuse, text, res); tally.Refused != 3 || tally.Err != nil {
		t.Errorf("refused: tally %+v", tally)
	}
}

// A slow resolver costs a manifest at most its budget: every span still
// waiting when the budget ends is Unavailable, concurrently, not one after
// the other.
func TestFindBudget(t *testing.T) {
	var descs []string
	for i := range 20 {
		descs = append(descs, fmt.Sprintf("N-phenyl-N-(piperidin-4-yl)%d-methyloctanamide", i+2))
	}
	text, res := findItems(t, descs...)
	slow := resolverFunc(func(ctx context.Context, _ string) (*Structure, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	f := Finder{Budget: 50 * time.Millisecond}
	start := time.Now()
	_, tally := f.Find(context.Background(), slow, text, res)
	if d := time.Since(start); d > time.Second {
		t.Errorf("Find took %v with a 50ms budget", d)
	}
	if tally.Sent != 20 || tally.Unavailable != 20 || !errors.Is(tally.Err, context.DeadlineExceeded) {
		t.Errorf("tally %+v", tally)
	}
}

func TestFindBoundsSpansPerManifest(t *testing.T) {
	var descs []string
	for i := range MaxSpansPerFind + 10 {
		descs = append(descs, fmt.Sprintf("N-phenyl-N-(piperidin-4-yl)%d-methyloctanamide", i+2))
	}
	text, res := findItems(t, descs...)
	r := &countingResolver{}
	var f Finder
	_, tally := f.Find(context.Background(), r, text, res)
	if tally.Sent != MaxSpansPerFind || tally.Skipped != 10 || int(r.calls.Load()) != MaxSpansPerFind {
		t.Errorf("tally %+v, %d calls", tally, r.calls.Load())
	}
}

func TestRecorded(t *testing.T) {
	rec, err := NewRecorded([]Structure{benzylCarbamate})
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]bool{
		"  BENZYL 4-anilinopiperidine-1-carboxylate,": true,
		"benzyl 4-anilinopiperidine-1-carboxylate":    true,
		"sodium chloride": false,
	} {
		s, err := rec.Resolve(context.Background(), text)
		if err != nil || s.Resolved != want {
			t.Errorf("Resolve(%q) = %+v, %v; want resolved %v", text, s, err, want)
		}
	}
	if _, err := rec.Resolve(context.Background(), strings.Repeat("x", MaxQueryLen+1)); !errors.Is(err, ErrRefused) {
		t.Errorf("long text: %v, want ErrRefused", err)
	}
	if _, err := NewRecorded([]Structure{benzylCarbamate, {Query: "Benzyl 4-anilinopiperidine-1-carboxylate"}}); err == nil {
		t.Error("two recordings of one normal form: no error")
	}
}

type resolverFunc func(ctx context.Context, text string) (*Structure, error)

func (f resolverFunc) Resolve(ctx context.Context, text string) (*Structure, error) {
	return f(ctx, text)
}

// countingResolver answers "not a name" and counts calls.
type countingResolver struct{ calls atomic.Int64 }

func (r *countingResolver) Resolve(_ context.Context, text string) (*Structure, error) {
	r.calls.Add(1)
	return &Structure{Query: text}, nil
}
