package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
)

var catalogRoles = []string{"precursor", "pre-precursor", "designer-precursor", "reagent", "drug"}

// listOptions are the flags of `precursor catalog list`.
type listOptions struct {
	catalogFlags
	role, family, controlledIn string
}

func parseListFlags(args []string, s stdio) (listOptions, error) {
	var o listOptions
	fs := flag.NewFlagSet("catalog list", flag.ContinueOnError)
	fs.SetOutput(s.err)
	o.register(fs)
	fs.StringVar(&o.role, "role", "", "only entries of `ROLE`: "+strings.Join(catalogRoles, ", "))
	fs.StringVar(&o.family, "family", "", "only entries of `FAMILY`")
	fs.StringVar(&o.controlledIn, "controlled-in", "", "only entries controlled in `J` at --at: "+strings.Join(chemicals.Jurisdictions, ", "))
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor catalog list [flags]")
		fmt.Fprintln(s.err, "\nFlags:")
		fs.PrintDefaults()
	}
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return o, err
	}
	if len(rest) > 0 {
		return o, usagef("list takes no arguments, got %q", rest)
	}
	if o.role != "" && !slices.Contains(catalogRoles, o.role) {
		return o, usagef("--role %q: want one of %s", o.role, strings.Join(catalogRoles, ", "))
	}
	if o.controlledIn != "" && !slices.Contains(chemicals.Jurisdictions, o.controlledIn) {
		return o, usagef("--controlled-in %q: want one of %s", o.controlledIn, strings.Join(chemicals.Jurisdictions, ", "))
	}
	return o, nil
}

// runCatalogList prints the entries that pass the filters.
func runCatalogList(_ context.Context, args []string, s stdio) error {
	o, err := parseListFlags(args, s)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	at, err := o.date()
	if err != nil {
		return err
	}
	cat, err := loadCatalog(o.file)
	if err != nil {
		return err
	}
	if o.family != "" && cat.Family(o.family) == nil {
		return usagef("--family %q: no such family (have %s)", o.family, strings.Join(cat.Families(), ", "))
	}
	var entries []*chemicals.Entry
	for _, e := range cat.Entries {
		if (o.role == "" || string(e.Role) == o.role) &&
			(o.family == "" || e.Family == o.family) &&
			(o.controlledIn == "" || e.ControlledIn(o.controlledIn, at)) {
			entries = append(entries, e)
		}
	}
	if o.json {
		return writeEntriesJSON(s, entries, at)
	}
	return writeEntriesTable(s, entries, at)
}

func writeEntriesTable(s stdio, entries []*chemicals.Entry, at time.Time) error {
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "ID\tROLE\tFAMILY\tCAS\tHS\tCONTROLLED (%s)\tNAME\n", at.Format(time.DateOnly))
	for _, e := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.Role, e.Family,
			orDash(parentCAS(e)), orDash(hsDotted(e.HSCodes)), controlledText(e, at), e.Name)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write list: %w", err)
	}
	writeDateUnknownLegend(s.out, entries, at)
	_, err := fmt.Fprintln(s.out, entriesCount(len(entries)))
	return err
}

// writeDateUnknownLegend explains the "*" of controlledText when any of the
// entries has an undated control.
func writeDateUnknownLegend(w io.Writer, entries []*chemicals.Entry, at time.Time) {
	for _, e := range entries {
		if len(e.DateUnknownWhere(at)) > 0 {
			fmt.Fprintln(w, "* in force, date unknown: no source read gives the day it took effect (catalog show ID gives the reason)")
			return
		}
	}
}

// controlledText says where an entry is controlled at a date, or why not.
// A jurisdiction whose control has no known effective day is marked "*"
// (in force, date unknown).
func controlledText(e *chemicals.Entry, at time.Time) string {
	if e.Watchlist() {
		return "watch-list"
	}
	where := e.ControlledWhere(at)
	if len(where) == 0 {
		return "not yet"
	}
	out := make([]string, len(where))
	for i, j := range where {
		out[i] = j
		if _, st := e.Status(j, at); st == chemicals.InForceDateUnknown {
			out[i] += "*"
		}
	}
	return strings.Join(out, " ")
}

// hsDotted writes HS codes the way tariffs print them: 2933.39.
func hsDotted(codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		if len(c) == 6 {
			c = c[:4] + "." + c[4:]
		}
		out[i] = c
	}
	return strings.Join(out, ",")
}

func parentCAS(e *chemicals.Entry) string {
	if len(e.CAS) == 0 {
		return ""
	}
	return e.CAS[0].Number
}

func entriesCount(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return fmt.Sprintf("%d entries", n)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// entryJSON is the JSON form of a catalog entry.
type entryJSON struct {
	ID            string        `json:"id"`
	Name          string        `json:"name"`
	Abbreviations []string      `json:"abbreviations,omitempty"`
	IUPAC         string        `json:"iupac,omitempty"`
	Synonyms      []string      `json:"synonyms,omitempty"`
	CAS           []casJSON     `json:"cas,omitempty"`
	Formula       string        `json:"formula"`
	HS            []string      `json:"hs,omitempty"`
	Role          string        `json:"role"`
	Family        string        `json:"family"`
	Controls      []controlJSON `json:"controls,omitempty"`
	Structure     structureJSON `json:"structure"`
	Names         []nameJSON    `json:"names,omitempty"`
	ControlledIn  []string      `json:"controlled_in"`
	// DateUnknownIn lists the jurisdictions of ControlledIn whose control
	// has no known effective day (in force, date unknown).
	DateUnknownIn []string `json:"date_unknown_in,omitempty"`
	Watchlist     bool     `json:"watchlist"`
	Sources       []string `json:"sources"`
	Note          string   `json:"note,omitempty"`
}

type casJSON struct {
	Number string `json:"number"`
	Form   string `json:"form"`
}

type structureJSON struct {
	SMILES    string   `json:"smiles,omitempty"`
	InChI     string   `json:"inchi,omitempty"`
	InChIKey  string   `json:"inchikey,omitempty"`
	None      string   `json:"none,omitempty"`
	Exception string   `json:"exception,omitempty"`
	Sources   []string `json:"sources,omitempty"`
}

type nameJSON struct {
	Text   string `json:"text"`
	Lang   string `json:"lang,omitempty"`
	Source string `json:"source"`
	Status string `json:"status"`
}

type controlJSON struct {
	Jurisdiction string `json:"jurisdiction"`
	Listing      string `json:"listing"`
	// Effective is the day the control took effect, or "unknown".
	Effective string `json:"effective"`
	// Status is the control's status at the evaluation date.
	Status    string   `json:"status,omitempty"`
	Reason    string   `json:"reason,omitempty"`
	InForceBy string   `json:"in_force_by,omitempty"`
	Decided   string   `json:"decided,omitempty"`
	Published string   `json:"published,omitempty"`
	Note      string   `json:"note,omitempty"`
	Sources   []string `json:"sources"`
}

// dateOrEmpty formats a day, or "" for the zero time.
func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func toEntryJSON(e *chemicals.Entry, at time.Time) entryJSON {
	j := entryJSON{
		ID: e.ID, Name: e.Name, Abbreviations: e.Abbreviations, IUPAC: e.IUPAC, Synonyms: e.Synonyms,
		Formula: e.Formula, HS: e.HSCodes, Role: string(e.Role), Family: e.Family,
		ControlledIn: e.ControlledWhere(at), DateUnknownIn: e.DateUnknownWhere(at),
		Watchlist: e.Watchlist(), Sources: e.CitedSources(), Note: e.Note,
		Structure: structureJSON{
			SMILES: e.Structure.SMILES, InChI: e.Structure.InChI, InChIKey: e.Structure.InChIKey,
			None: e.Structure.None, Exception: e.Structure.Exception, Sources: e.Structure.ExceptionSources,
		},
	}
	for _, n := range e.Names {
		j.Names = append(j.Names, nameJSON{Text: n.Text, Lang: n.Lang, Source: n.Source, Status: string(n.Status)})
	}
	if j.ControlledIn == nil {
		j.ControlledIn = []string{}
	}
	for _, n := range e.CAS {
		j.CAS = append(j.CAS, casJSON{n.Number, n.Form})
	}
	for _, c := range e.Controls {
		j.Controls = append(j.Controls, toControlJSON(c, at))
	}
	return j
}

// toControlJSON is the JSON form of a control and its status at a date.
func toControlJSON(c chemicals.Control, at time.Time) controlJSON {
	cj := controlJSON{
		Jurisdiction: c.Jurisdiction, Listing: c.Listing, Effective: "unknown", Status: c.StatusAt(at).String(),
		Reason: c.Undated, InForceBy: dateOrEmpty(c.InForceBy), Decided: dateOrEmpty(c.Decided),
		Published: dateOrEmpty(c.Published), Note: c.Note, Sources: c.Sources,
	}
	if c.Dated() {
		cj.Effective = dateOrEmpty(c.Effective)
	}
	return cj
}

func writeEntriesJSON(s stdio, entries []*chemicals.Entry, at time.Time) error {
	out := make([]entryJSON, len(entries))
	for i, e := range entries {
		out[i] = toEntryJSON(e, at)
	}
	enc := json.NewEncoder(s.out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write list: %w", err)
	}
	return nil
}
