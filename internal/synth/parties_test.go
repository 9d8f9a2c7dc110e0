package synth

import (
	"context"
	"math"
	"testing"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties"
)

// Listed parties go on the configured share of risky events and near
// misses on the configured share of benign ones; the screener finds most
// listed (respelled) names and few near misses, and the rest of an event
// does not depend on whether a party was replaced.
func TestPartyLabels(t *testing.T) {
	opts := DefaultOptions()
	opts.RiskyFraction, opts.MalformedFraction = 0.3, 0.05
	opts.NearMissPartyFraction = 0.05
	snap, err := parties.LoadSample(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	count := map[Kind]int{}
	withParty := map[Kind]int{}
	found := map[string]int{}
	for i, e := range generate(3, opts, 20000) {
		count[e.Label.Kind]++
		if e.Label.Party == "" {
			continue
		}
		withParty[e.Label.Kind]++
		switch {
		case e.Label.Kind == Risky && e.Label.Party != PartyListed,
			e.Label.Kind == Benign && e.Label.Party != PartyNearMiss,
			e.Label.Kind == Malformed:
			t.Fatalf("event %d: %s event labelled party %q", i, e.Label.Kind, e.Label.Party)
		}
		m, err := manifest.Decode(e.Value)
		if err != nil {
			t.Fatalf("event %d: %v\n%s", i, err, e.Value)
		}
		if len(snap.ScreenManifest(m, m.EventTime)) > 0 {
			found[e.Label.Party]++
		}
	}
	share := func(k Kind) float64 { return float64(withParty[k]) / float64(count[k]) }
	if got := share(Risky); math.Abs(got-opts.ListedPartyFraction) > 0.02 {
		t.Errorf("listed parties on %.3f of risky events, want %.2f", got, opts.ListedPartyFraction)
	}
	if got := share(Benign); math.Abs(got-opts.NearMissPartyFraction) > 0.01 {
		t.Errorf("near misses on %.3f of benign events, want %.2f", got, opts.NearMissPartyFraction)
	}
	recall := float64(found[PartyListed]) / float64(withParty[Risky])
	falseMatches := float64(found[PartyNearMiss]) / float64(withParty[Benign])
	t.Logf("listed parties screened as hits: %.1f%% of %d; near misses: %.1f%% of %d",
		100*recall, withParty[Risky], 100*falseMatches, withParty[Benign])
	if recall < 0.8 || falseMatches > 0.1 {
		t.Errorf("screening the synthetic parties: recall %.2f (want >= 0.8), near misses matched %.2f (want <= 0.1)", recall, falseMatches)
	}
}

// Replacing a party draws from its own streams: with the fractions at 0
// the events are those of the same seed with the fractions set, but for
// the replaced parties (and the route end a listed party implies).
func TestPartiesKeepTheStream(t *testing.T) {
	with := DefaultOptions()
	with.RiskyFraction = 0.3
	without := with
	without.ListedPartyFraction, without.NearMissPartyFraction = 0, 0
	a, b := generate(11, with, 2000), generate(11, without, 2000)
	for i := range a {
		if a[i].Label.Party != "" {
			continue
		}
		if string(a[i].Value) != string(b[i].Value) {
			t.Fatalf("event %d without a replaced party differs:\n%s\n%s", i, a[i].Value, b[i].Value)
		}
	}
}
