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

	"github.com/precursorwatch/precursor/chemicals"
)

// lookupOptions are the flags of `precursor catalog lookup`.
type lookupOptions struct {
	catalogFlags
	hs, cas string
	text    string // the TEXT arguments joined by spaces
}

func parseLookupFlags(args []string, s stdio) (lookupOptions, error) {
	var o lookupOptions
	fs := flag.NewFlagSet("catalog lookup", flag.ContinueOnError)
	fs.SetOutput(s.err)
	o.register(fs)
	fs.StringVar(&o.hs, "hs", "", "declared HS `CODE` of the item (dots are ignored: 2933.39 = 293339)")
	fs.StringVar(&o.cas, "cas", "", "declared CAS `NUMBER` of the item")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor catalog lookup [flags] TEXT...")
		fmt.Fprintln(s.err, "\nResolves an item description (the TEXT words joined by spaces) against the catalog.")
		fmt.Fprintln(s.err, "\nFlags:")
		fs.PrintDefaults()
	}
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return o, err
	}
	if len(rest) == 0 && o.cas == "" {
		fs.Usage()
		return o, usagef("lookup needs TEXT (an item description) or --cas")
	}
	o.text = strings.Join(rest, " ")
	o.hs = strings.NewReplacer(".", "", " ", "").Replace(o.hs)
	for _, r := range o.hs {
		if r < '0' || r > '9' {
			return o, usagef("--hs %q: want digits such as 2933.39 or 293339", o.hs)
		}
	}
	return o, nil
}

// runCatalogLookup matches one item against the catalog and prints the
// matches and any CAS numbers with a wrong check digit. Finding nothing is
// not an error: it exits 0 and says so.
func runCatalogLookup(_ context.Context, args []string, s stdio) error {
	o, err := parseLookupFlags(args, s)
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
	item := chemicals.Item{Description: o.text, CAS: o.cas, HSCode: o.hs}
	res := chemicals.NewMatcher(cat).Match(item)
	if o.json {
		return writeLookupJSON(s, item, res, at)
	}
	return writeLookupTable(s, res, at)
}

func writeLookupTable(s stdio, res chemicals.Result, at time.Time) error {
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	if len(res.Matches) == 0 {
		fmt.Fprintln(tw, "no catalog match")
	} else {
		fmt.Fprintf(tw, "ID\tNAME\tFAMILY\tMETHOD\tCONF\tMATCHED\tHS\tCONTROLLED (%s)\n", at.Format(time.DateOnly))
	}
	for _, m := range res.Matches {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.2f\t%s\t%s\t%s\n", m.Entry.ID, m.Entry.Name, m.Entry.Family, methodText(m),
			m.Confidence, matchedText(m.Field, m.Text), m.HS, controlledText(m.Entry, at))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write lookup: %w", err)
	}
	matched := make([]*chemicals.Entry, len(res.Matches))
	for i, m := range res.Matches {
		matched[i] = m.Entry
	}
	writeDateUnknownLegend(s.out, matched, at)
	for _, f := range res.InvalidCAS {
		fmt.Fprintf(s.out, "invalid CAS %s in %s [%d:%d]: check digit %c, want %c%s\n",
			f.Text, f.Field, f.Start, f.End, f.Text[len(f.Text)-1], f.Want, imitates(f.Entry))
	}
	for _, f := range res.Findings {
		fmt.Fprintf(s.out, "%s %q in %s [%d:%d]%s\n", findingStatus(f.Kind), f.Text, f.Field, f.Start, f.End, candidatesText(f.Candidates))
	}
	return nil
}

// methodText is the method with what the match says beyond it: the
// relation of a relative or salt and the tricks seen through.
func methodText(m chemicals.Match) string {
	s := string(m.Method)
	if m.Relation != chemicals.RelationNone {
		s += "(" + string(m.Relation) + ")"
	}
	if m.Obfuscation != 0 {
		s += " [" + m.Obfuscation.String() + "]"
	}
	return s
}

// identity says whose identity a match claims: the entry's, or only its
// family's (a relative, or a name several entries share).
func identity(m chemicals.Match) string {
	if m.FamilyLevel() {
		return "family"
	}
	return "entry"
}

func findingStatus(k chemicals.FindingKind) string {
	if k == chemicals.FindingSMILES {
		return "unresolved structure (SMILES)"
	}
	return "molecular formula (not an identity)"
}

func candidatesText(es []*chemicals.Entry) string {
	if len(es) == 0 {
		return ""
	}
	ids := make([]string, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	return ": formula of " + strings.Join(ids, ", ")
}

// matchedText quotes the matched text, naming the field when it is not the
// description.
func matchedText(field chemicals.Field, text string) string {
	if field == chemicals.FieldDescription {
		return fmt.Sprintf("%q", text)
	}
	return fmt.Sprintf("%s %q", field, text)
}

func imitates(e *chemicals.Entry) string {
	if e == nil {
		return ""
	}
	return fmt.Sprintf(" (looks like %s, %s)", e.ID, e.Name)
}

type lookupJSON struct {
	Item       itemJSON         `json:"item"`
	At         string           `json:"at"`
	Matches    []matchJSON      `json:"matches"`
	InvalidCAS []casFindingJSON `json:"invalid_cas"`
	Findings   []findingJSON    `json:"findings"`
}

// findingJSON is a structure written in the text that is no identity: a
// SMILES ("unresolved structure") or a molecular formula with the entries
// that have it.
type findingJSON struct {
	Kind       string   `json:"kind"`
	Status     string   `json:"status"`
	Field      string   `json:"field"`
	Start      int      `json:"start"`
	End        int      `json:"end"`
	Text       string   `json:"text"`
	Candidates []string `json:"candidates,omitempty"`
}

type itemJSON struct {
	Description string `json:"description"`
	CAS         string `json:"cas,omitempty"`
	HSCode      string `json:"hs_code,omitempty"`
}

type matchJSON struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Method       string   `json:"method"`
	Confidence   float64  `json:"confidence"`
	Field        string   `json:"field"`
	Start        int      `json:"start"`
	End          int      `json:"end"`
	Text         string   `json:"text"`
	HS           string   `json:"hs_status"`
	ControlledIn []string `json:"controlled_in"`
	// DateUnknownIn lists the jurisdictions of ControlledIn whose control
	// has no known effective day (in force, date unknown).
	DateUnknownIn []string `json:"date_unknown_in,omitempty"`
	Watchlist     bool     `json:"watchlist"`
	// Family is the entry's family; Identity is "entry" when the text names
	// the entry (or a salt of it) and "family" for a relative (an ester,
	// amide or carbamate that is no entry), named by Relation.
	Family      string   `json:"family"`
	Identity    string   `json:"identity"`
	Relation    string   `json:"relation,omitempty"`
	Obfuscation []string `json:"obfuscation,omitempty"`
}

type casFindingJSON struct {
	Field    string `json:"field"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Text     string `json:"text"`
	Want     string `json:"want_check_digit"`
	Imitates string `json:"imitates,omitempty"`
}

func writeLookupJSON(s stdio, item chemicals.Item, res chemicals.Result, at time.Time) error {
	out := lookupJSON{Item: itemJSON{item.Description, item.CAS, item.HSCode}, At: at.Format(time.DateOnly),
		Matches: []matchJSON{}, InvalidCAS: []casFindingJSON{}, Findings: []findingJSON{}}
	for _, m := range res.Matches {
		where := m.Entry.ControlledWhere(at)
		if where == nil {
			where = []string{}
		}
		out.Matches = append(out.Matches, matchJSON{
			ID: m.Entry.ID, Name: m.Entry.Name, Method: string(m.Method), Confidence: m.Confidence,
			Field: string(m.Field), Start: m.Start, End: m.End, Text: m.Text, HS: string(m.HS),
			ControlledIn: where, DateUnknownIn: m.Entry.DateUnknownWhere(at), Watchlist: m.Entry.Watchlist(),
			Family: m.Entry.Family, Identity: identity(m), Relation: string(m.Relation), Obfuscation: m.Obfuscation.Names(),
		})
	}
	for _, f := range res.Findings {
		fj := findingJSON{Kind: string(f.Kind), Status: findingStatus(f.Kind), Field: string(f.Field), Start: f.Start, End: f.End, Text: f.Text}
		for _, e := range f.Candidates {
			fj.Candidates = append(fj.Candidates, e.ID)
		}
		out.Findings = append(out.Findings, fj)
	}
	for _, f := range res.InvalidCAS {
		cf := casFindingJSON{Field: string(f.Field), Start: f.Start, End: f.End, Text: f.Text, Want: string(f.Want)}
		if f.Entry != nil {
			cf.Imitates = f.Entry.ID
		}
		out.InvalidCAS = append(out.InvalidCAS, cf)
	}
	enc := json.NewEncoder(s.out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write lookup: %w", err)
	}
	return nil
}
