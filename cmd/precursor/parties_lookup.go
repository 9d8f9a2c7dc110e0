package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties"
	"github.com/precursorwatch/precursor/parties/listfmt"
)

type partiesLookupOptions struct {
	lists         listFlags
	country, role string
	json          bool
	threshold     float64
	name          string
}

func parsePartiesLookup(args []string, s stdio) (partiesLookupOptions, error) {
	o := partiesLookupOptions{role: string(parties.RoleConsignee), threshold: parties.DefaultMatchConfig().Threshold}
	fs := flag.NewFlagSet("parties lookup", flag.ContinueOnError)
	fs.SetOutput(s.err)
	o.lists.register(fs)
	fs.StringVar(&o.country, "country", "", "the party's country, ISO 3166-1 alpha-2 `CC` (corroborates a match)")
	fs.StringVar(&o.role, "role", o.role, "the party's `ROLE`: shipper, consignee or notify_party")
	fs.BoolVar(&o.json, "json", false, "write JSON instead of a table")
	fs.Float64Var(&o.threshold, "threshold", o.threshold, "lowest `SCORE` (0-1) reported as a hit")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor parties lookup [flags] NAME...")
		fmt.Fprintln(s.err, "\nScreens a party name (the NAME words joined by spaces) and explains each hit.")
		fmt.Fprintln(s.err, "\nFlags:")
		fs.PrintDefaults()
	}
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return o, err
	}
	if len(rest) == 0 {
		fs.Usage()
		return o, usagef("lookup needs a NAME")
	}
	o.name = strings.Join(rest, " ")
	if o.country != "" {
		o.country = strings.ToUpper(o.country)
		if !manifest.ValidCountry(o.country) {
			return o, usagef("--country %q: want an ISO 3166-1 alpha-2 code such as CN", o.country)
		}
	}
	switch parties.Role(o.role) {
	case parties.RoleShipper, parties.RoleConsignee, parties.RoleNotify:
	default:
		return o, usagef("--role %q: want shipper, consignee or notify_party", o.role)
	}
	return o, nil
}

// runPartiesLookup screens one name. Finding nothing is not an error.
func runPartiesLookup(ctx context.Context, args []string, s stdio) error {
	o, err := parsePartiesLookup(args, s)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	cfg, err := o.lists.config()
	if err != nil {
		return err
	}
	cfg.Match.Threshold = o.threshold
	cfg.Match.MinNameScore = min(cfg.Match.MinNameScore, o.threshold)
	snap, err := parties.Load(ctx, cfg)
	if err != nil {
		return fmt.Errorf("load lists: %w", err)
	}
	party := manifest.Party{Name: o.name, Country: o.country}
	hits := snap.Screen(party, parties.Role(o.role), time.Now().UTC())
	if o.json {
		return writePartiesJSON(s, party, snap, hits)
	}
	return writePartiesTable(s, snap, hits)
}

type partiesLookupJSON struct {
	Party manifest.Party     `json:"party"`
	Lists []parties.ListInfo `json:"lists"`
	Hits  []parties.Hit      `json:"hits"`
}

func writePartiesJSON(s stdio, party manifest.Party, snap *parties.Snapshot, hits []parties.Hit) error {
	if hits == nil {
		hits = []parties.Hit{}
	}
	enc := json.NewEncoder(s.out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(partiesLookupJSON{Party: party, Lists: snap.Lists(), Hits: hits}); err != nil {
		return fmt.Errorf("write lookup: %w", err)
	}
	return nil
}

func writePartiesTable(s stdio, snap *parties.Snapshot, hits []parties.Hit) error {
	for _, l := range snap.Lists() {
		fmt.Fprintf(s.out, "list %s: %d entries, published %s (%s), sha256 %s\n",
			l.ID, l.Entries, l.Published.Format(time.DateOnly), l.PublishedFrom, l.SHA256[:16])
	}
	if len(hits) == 0 {
		fmt.Fprintf(s.out, "no hit at or above %.2f among %d entries\n", snap.Config().Threshold, snap.Entries())
		return nil
	}
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	indicted := false
	for _, h := range hits {
		fmt.Fprintln(tw)
		fmt.Fprintf(tw, "%.3f\t%s:%s\t%s\t%s\t%s (%s)\n", h.Score, h.List, h.EntryID, h.Kind, strings.Join(h.Programmes, ","), h.Matched, h.MatchedAs)
		x := h.Explain
		fmt.Fprintf(tw, "\tname score %.3f from listed name covered %.3f, party name covered %.3f", x.NameScore, x.NameCoverage, x.PartyCoverage)
		if x.WeakAlias > 0 {
			fmt.Fprintf(tw, ", weak alias -%.2f", x.WeakAlias)
		}
		fmt.Fprintf(tw, "; country %s %+.2f\n", countryText(x.Country), x.Country.Adjust)
		for _, w := range x.Words {
			fmt.Fprintf(tw, "\t  %s\t%s\t%s\t%s\tweight %.2f\tsimilarity %.2f\n", orDash(w.Listed), orDash(w.Party), w.How, w.Class, w.Weight, w.Similarity)
		}
		if len(x.LegalForms) > 0 {
			fmt.Fprintf(tw, "\t  legal form ignored: %s\n", strings.Join(x.LegalForms, " "))
		}
		if h.Action != "" {
			fmt.Fprintf(tw, "\t  %s (%s; sources %s)\n", h.Action, h.Name, strings.Join(h.Sources, " "))
		}
		if h.Cleared != nil {
			fmt.Fprintf(tw, "\t  CLEARED by exception %s (%s, until %s): %s\n", h.Cleared.ID, h.Cleared.Author, h.Cleared.Expires.Format(time.DateOnly), h.Cleared.Reason)
		}
		indicted = indicted || h.Kind == listfmt.KindIndictment
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write lookup: %w", err)
	}
	if indicted {
		fmt.Fprintln(s.out, "\nnote: an indictment is an allegation, not a conviction and not a sanction.")
	}
	return nil
}

func countryText(c parties.CountryCheck) string {
	if c.Effect == "unknown" {
		return "unknown"
	}
	return fmt.Sprintf("%s %s %s", c.Party, c.Effect, strings.Join(c.Listed, ","))
}
