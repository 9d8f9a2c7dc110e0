package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
)

// runCatalogShow prints one entry in full: identity, control claims with
// their dates and sources, and the titles of the sources cited.
func runCatalogShow(_ context.Context, args []string, s stdio) error {
	var o catalogFlags
	fs := flag.NewFlagSet("catalog show", flag.ContinueOnError)
	fs.SetOutput(s.err)
	o.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor catalog show [flags] ID|CAS")
		fmt.Fprintln(s.err, "\nFlags:")
		fs.PrintDefaults()
	}
	rest, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("show needs exactly one entry id or CAS number, got %d arguments", len(rest))
	}
	at, err := o.date()
	if err != nil {
		return err
	}
	cat, err := loadCatalog(o.file)
	if err != nil {
		return err
	}
	e := cat.Entry(rest[0])
	if e == nil {
		e = cat.ByCAS(rest[0])
	}
	if e == nil {
		return fmt.Errorf("no catalog entry with id or CAS number %q", rest[0])
	}
	if o.json {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		return enc.Encode(toEntryJSON(e, at))
	}
	writeEntry(s.out, cat, e, at)
	return nil
}

func writeEntry(w io.Writer, cat *chemicals.Catalog, e *chemicals.Entry, at time.Time) {
	fmt.Fprintf(w, "%s  %s\n", e.ID, e.Name)
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(w, "  %-14s %s\n", name+":", value)
		}
	}
	field("IUPAC", e.IUPAC)
	field("Abbreviations", strings.Join(e.Abbreviations, ", "))
	field("Synonyms", strings.Join(e.Synonyms, "; "))
	cas := make([]string, len(e.CAS))
	for i, n := range e.CAS {
		cas[i] = n.Number + " (" + n.Form + ")"
	}
	field("CAS", strings.Join(cas, ", "))
	field("Formula", e.Formula)
	field("Structure", structureText(e.Structure))
	if e.Structure.InChI != "" {
		field("InChI", e.Structure.InChI)
		field("SMILES", e.Structure.SMILES)
	}
	if e.Structure.Exception != "" {
		field("Reviewed", e.Structure.Exception+" ["+strings.Join(e.Structure.ExceptionSources, " ")+"]")
	}
	field("HS", hsDotted(e.HSCodes))
	field("Role", string(e.Role))
	field("Family", e.Family+" - "+cat.FamilyDescription(e.Family))
	field("Note", e.Note)
	if len(e.Names) > 0 {
		fmt.Fprintf(w, "  Names (%d):\n", len(e.Names))
		for _, n := range e.Names {
			fmt.Fprintf(w, "    %-8s %s [%s, %s]\n", orDash(n.Lang), n.Text, n.Status, n.Source)
		}
	}
	fmt.Fprintf(w, "  Controls at %s: %s\n", at.Format(time.DateOnly), controlledText(e, at))
	for _, c := range e.Controls {
		fmt.Fprintf(w, "    %-3s %s, %s [%s]\n", c.Jurisdiction, c.Listing, controlDates(c), strings.Join(c.Sources, " "))
		if c.Undated != "" {
			fmt.Fprintf(w, "        date unknown: %s\n", c.Undated)
		}
		if c.Note != "" {
			fmt.Fprintf(w, "        %s\n", c.Note)
		}
	}
	fmt.Fprintln(w, "  Sources:")
	for _, k := range e.CitedSources() {
		src := cat.Sources[k]
		fmt.Fprintf(w, "    %-7s %s", k, src.Title)
		if src.URL != "" {
			fmt.Fprintf(w, " <%s>", src.URL)
		}
		fmt.Fprintln(w)
	}
}

// structureText is the one-line form of a structure: its InChIKey, or why
// there is none.
func structureText(s chemicals.Structure) string {
	if s.None != "" {
		return "none: " + s.None
	}
	return s.InChIKey
}

// controlDates says since when a control is in force, with the decision
// and publication days when recorded.
func controlDates(c chemicals.Control) string {
	out := "in force, date unknown"
	if c.Dated() {
		out = "since " + c.Effective.Format(time.DateOnly)
	} else if !c.InForceBy.IsZero() {
		out += " (in force by " + c.InForceBy.Format(time.DateOnly) + ")"
	}
	if !c.Decided.IsZero() {
		out += ", decided " + c.Decided.Format(time.DateOnly)
	}
	if !c.Published.IsZero() {
		out += ", published " + c.Published.Format(time.DateOnly)
	}
	return out
}
