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
	"time"

	"github.com/precursorwatch/precursor/chemicals"
)

// runCatalogDiff implements `precursor catalog diff [--json] OLD NEW`: what
// a catalog update adds, removes and changes, entry by entry, so that it can
// be reviewed like code.
func runCatalogDiff(_ context.Context, args []string, s stdio) error {
	fs := flag.NewFlagSet("catalog diff", flag.ContinueOnError)
	fs.SetOutput(s.err)
	asJSON := fs.Bool("json", false, "write JSON instead of text")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor catalog diff [--json] OLD NEW")
		fmt.Fprintln(s.err, "\nPrints the entries, names, CAS numbers, structures and controls that NEW adds,")
		fmt.Fprintln(s.err, "removes or changes against OLD. Exit 0 when they do not differ, 1 when they do.")
	}
	files, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(files) != 2 {
		return usagef("diff needs two catalog files, OLD and NEW, got %d", len(files))
	}
	old, err := chemicals.LoadFile(files[0])
	if err != nil {
		return err
	}
	cur, err := chemicals.LoadFile(files[1])
	if err != nil {
		return err
	}
	d := diffCatalogs(old, cur)
	if *asJSON {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(d); err != nil {
			return fmt.Errorf("write diff: %w", err)
		}
	} else {
		d.writeText(s.out)
	}
	if d.empty() {
		return nil
	}
	return errFindings
}

// catalogDiff is the difference between two catalogs.
type catalogDiff struct {
	OldVersion string       `json:"old_version"`
	NewVersion string       `json:"new_version"`
	Added      []entryBrief `json:"added_entries"`
	Removed    []entryBrief `json:"removed_entries"`
	Changed    []entryDiff  `json:"changed_entries"`
}

type entryBrief struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	Controls []controlJSON `json:"controls,omitempty"`
}

type entryDiff struct {
	ID              string          `json:"id"`
	NamesAdded      []string        `json:"names_added,omitempty"`
	NamesRemoved    []string        `json:"names_removed,omitempty"`
	CASAdded        []string        `json:"cas_added,omitempty"`
	CASRemoved      []string        `json:"cas_removed,omitempty"`
	StructureOld    string          `json:"structure_old,omitempty"`
	StructureNew    string          `json:"structure_new,omitempty"`
	ControlsAdded   []controlJSON   `json:"controls_added,omitempty"`
	ControlsRemoved []controlJSON   `json:"controls_removed,omitempty"`
	ControlsChanged []controlChange `json:"controls_changed,omitempty"`
}

type controlChange struct {
	Old controlJSON `json:"old"`
	New controlJSON `json:"new"`
}

func (d *catalogDiff) empty() bool {
	return len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Changed) == 0
}

func diffCatalogs(old, cur *chemicals.Catalog) *catalogDiff {
	d := &catalogDiff{OldVersion: old.Version, NewVersion: cur.Version,
		Added: []entryBrief{}, Removed: []entryBrief{}, Changed: []entryDiff{}}
	for _, e := range cur.Entries {
		if o := old.Entry(e.ID); o == nil {
			d.Added = append(d.Added, brief(e))
		} else if ed := diffEntry(o, e); ed != nil {
			d.Changed = append(d.Changed, *ed)
		}
	}
	for _, o := range old.Entries {
		if cur.Entry(o.ID) == nil {
			d.Removed = append(d.Removed, brief(o))
		}
	}
	return d
}

func brief(e *chemicals.Entry) entryBrief {
	b := entryBrief{ID: e.ID, Name: e.Name}
	for _, c := range e.Controls {
		b.Controls = append(b.Controls, controlView(c))
	}
	return b
}

// controlView is a control as the diff shows it: its dates and sources,
// without a status (no evaluation date applies).
func controlView(c chemicals.Control) controlJSON {
	j := toControlJSON(c, time.Time{})
	j.Status = ""
	return j
}

func diffEntry(o, e *chemicals.Entry) *entryDiff {
	d := entryDiff{ID: e.ID}
	d.NamesAdded, d.NamesRemoved = setDiff(entryNames(o), entryNames(e))
	d.CASAdded, d.CASRemoved = setDiff(casList(o), casList(e))
	if so, se := structureText(o.Structure), structureText(e.Structure); so != se {
		d.StructureOld, d.StructureNew = so, se
	}
	for _, j := range chemicals.Jurisdictions {
		oc, oHas := controlIn(o, j)
		ec, eHas := controlIn(e, j)
		switch {
		case eHas && !oHas:
			d.ControlsAdded = append(d.ControlsAdded, controlView(ec))
		case oHas && !eHas:
			d.ControlsRemoved = append(d.ControlsRemoved, controlView(oc))
		case oHas && eHas:
			ov, ev := controlView(oc), controlView(ec)
			if !sameControl(ov, ev) {
				d.ControlsChanged = append(d.ControlsChanged, controlChange{ov, ev})
			}
		}
	}
	if len(d.NamesAdded)+len(d.NamesRemoved)+len(d.CASAdded)+len(d.CASRemoved)+len(d.ControlsAdded)+
		len(d.ControlsRemoved)+len(d.ControlsChanged) == 0 && d.StructureOld == d.StructureNew {
		return nil
	}
	return &d
}

func controlIn(e *chemicals.Entry, j string) (chemicals.Control, bool) {
	for _, c := range e.Controls {
		if c.Jurisdiction == j {
			return c, true
		}
	}
	return chemicals.Control{}, false
}

func sameControl(a, b controlJSON) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// entryNames lists every name of an entry with what kind of name it is.
func entryNames(e *chemicals.Entry) []string {
	out := []string{"name " + e.Name}
	if e.IUPAC != "" {
		out = append(out, "iupac "+e.IUPAC)
	}
	for _, a := range e.Abbreviations {
		out = append(out, "abbreviation "+a)
	}
	for _, s := range e.Synonyms {
		out = append(out, "synonym "+s)
	}
	for _, n := range e.Names {
		out = append(out, fmt.Sprintf("%s %s (%s, %s)", n.Status, n.Text, orDash(n.Lang), n.Source))
	}
	return out
}

func casList(e *chemicals.Entry) []string {
	out := make([]string, len(e.CAS))
	for i, n := range e.CAS {
		out[i] = n.Number + " (" + n.Form + ")"
	}
	return out
}

// setDiff returns what b has that a lacks, and what a has that b lacks,
// each sorted.
func setDiff(a, b []string) (added, removed []string) {
	for _, s := range b {
		if !slices.Contains(a, s) {
			added = append(added, s)
		}
	}
	for _, s := range a {
		if !slices.Contains(b, s) {
			removed = append(removed, s)
		}
	}
	slices.Sort(added)
	slices.Sort(removed)
	return added, removed
}

func (d *catalogDiff) writeText(w io.Writer) {
	fmt.Fprintf(w, "catalog %s -> %s: %d added, %d removed, %d changed entries\n",
		d.OldVersion, d.NewVersion, len(d.Added), len(d.Removed), len(d.Changed))
	for _, b := range d.Added {
		fmt.Fprintf(w, "+ entry %s  %s\n", b.ID, b.Name)
		for _, c := range b.Controls {
			fmt.Fprintf(w, "    + control %s\n", controlLine(c))
		}
	}
	for _, b := range d.Removed {
		fmt.Fprintf(w, "- entry %s  %s\n", b.ID, b.Name)
	}
	for _, c := range d.Changed {
		fmt.Fprintf(w, "~ entry %s\n", c.ID)
		for _, n := range c.NamesAdded {
			fmt.Fprintf(w, "    + %s\n", n)
		}
		for _, n := range c.NamesRemoved {
			fmt.Fprintf(w, "    - %s\n", n)
		}
		for _, n := range c.CASAdded {
			fmt.Fprintf(w, "    + cas %s\n", n)
		}
		for _, n := range c.CASRemoved {
			fmt.Fprintf(w, "    - cas %s\n", n)
		}
		if c.StructureOld != c.StructureNew {
			fmt.Fprintf(w, "    ~ structure %s -> %s\n", orDash(c.StructureOld), orDash(c.StructureNew))
		}
		for _, x := range c.ControlsAdded {
			fmt.Fprintf(w, "    + control %s\n", controlLine(x))
		}
		for _, x := range c.ControlsRemoved {
			fmt.Fprintf(w, "    - control %s\n", controlLine(x))
		}
		for _, x := range c.ControlsChanged {
			fmt.Fprintf(w, "    ~ control %s\n      now %s\n", controlLine(x.Old), controlLine(x.New))
		}
	}
}

// controlLine is one control on one line: jurisdiction, listing, dates and
// sources.
func controlLine(c controlJSON) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s, effective %s", c.Jurisdiction, c.Listing, c.Effective)
	for _, kv := range [][2]string{{"in force by", c.InForceBy}, {"decided", c.Decided}, {"published", c.Published}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, ", %s %s", kv[0], kv[1])
		}
	}
	fmt.Fprintf(&b, " [%s]", strings.Join(c.Sources, " "))
	return b.String()
}
