package parties

import (
	"errors"
	"fmt"
)

// MatchConfig sets how names are matched and when a match is a hit. The
// zero value is not usable: start from DefaultMatchConfig. Scores run from
// 0 to 1.
type MatchConfig struct {
	// Threshold is the lowest final score reported as a hit. Default 0.80.
	Threshold float64
	// MinNameScore is the lowest name score (before the country
	// adjustment) that can become a hit, so that a country never makes a
	// hit of a weak name. Default 0.80.
	MinNameScore float64
	// NameWeight is the share of the name score given to how much of the
	// listed name the party covers; the rest goes to how much of the
	// party name the listed name covers. Default 0.7.
	NameWeight float64
	// CountryBoost is added when the party's country is one of the
	// entry's; CountryPenalty subtracted when the entry has countries and
	// the party's is none of them. Defaults 0.05 and 0.10.
	CountryBoost, CountryPenalty float64
	// WeakAliasPenalty is subtracted from matches on a weak alias (one the
	// list itself calls too broad to screen on alone). Default 0.10.
	WeakAliasPenalty float64
	// MinDistinctive is the least weight of distinctive (non-common)
	// listed words a match must cover: common words never match alone.
	// Default 0.5.
	MinDistinctive float64
	// MinTypoLength is the shortest word matched with one typo (an
	// insertion, deletion, substitution or swap of neighbours). Default 5.
	MinTypoLength int
	// MaxHits is the most hits returned for one party. Default 5.
	MaxHits int
	// MaxCandidates bounds the listed names scored for one party, rarest
	// words first. Default 64.
	MaxCandidates int
	// FrequentShare and FrequentMin make a word common when it occurs in
	// at least FrequentMin listed names that are at least FrequentShare of
	// all names. Defaults 0.002 and 20.
	FrequentShare float64
	FrequentMin   int
	// CommonWords are more common words, beside the curated ones, in
	// canonical form (lower case, as `precursor parties lookup --explain`
	// prints them).
	CommonWords []string
}

// DefaultMatchConfig returns the defaults documented on MatchConfig.
func DefaultMatchConfig() MatchConfig {
	return MatchConfig{
		Threshold: 0.80, MinNameScore: 0.80, NameWeight: 0.7,
		CountryBoost: 0.05, CountryPenalty: 0.10, WeakAliasPenalty: 0.10,
		MinDistinctive: 0.5, MinTypoLength: 5, MaxHits: 5, MaxCandidates: 64,
		FrequentShare: 0.002, FrequentMin: 20,
	}
}

// Validate reports every out-of-range field at once; it has no side
// effects.
func (c MatchConfig) Validate() error {
	var errs []error
	unit := func(name string, v float64) {
		if v < 0 || v > 1 {
			errs = append(errs, fmt.Errorf("%s %v: want 0 to 1", name, v))
		}
	}
	unit("threshold", c.Threshold)
	unit("min name score", c.MinNameScore)
	unit("name weight", c.NameWeight)
	unit("country boost", c.CountryBoost)
	unit("country penalty", c.CountryPenalty)
	unit("weak alias penalty", c.WeakAliasPenalty)
	unit("frequent share", c.FrequentShare)
	if c.Threshold == 0 {
		errs = append(errs, errors.New("threshold 0 would report every name: want above 0"))
	}
	if c.MinDistinctive <= 0 {
		errs = append(errs, fmt.Errorf("min distinctive %v: want above 0, or common words would match alone", c.MinDistinctive))
	}
	if c.MinTypoLength < 3 {
		errs = append(errs, fmt.Errorf("min typo length %d: want 3 or more", c.MinTypoLength))
	}
	if c.MaxHits < 1 || c.MaxCandidates < 1 || c.FrequentMin < 1 {
		errs = append(errs, fmt.Errorf("max hits %d, max candidates %d, frequent min %d: want 1 or more", c.MaxHits, c.MaxCandidates, c.FrequentMin))
	}
	return errors.Join(errs...)
}
