package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"

	"github.com/precursorwatch/precursor/console"
	"github.com/precursorwatch/precursor/console/disposition"
)

// runRulesStats implements `precursor rules stats`: each rule's precision
// from analysts' dispositions, read from a JSONL file or the topic.
func runRulesStats(ctx context.Context, args []string, s stdio) error {
	var file, brokers, topic string
	var asJSON bool
	fs := flag.NewFlagSet("rules stats", flag.ContinueOnError)
	fs.SetOutput(s.err)
	fs.StringVar(&file, "file", "", "dispositions `FILE`: JSONL, one record a line, as on the topic (- for stdin)")
	fs.StringVar(&brokers, "brokers", "", "read the dispositions topic from these Kafka `brokers` instead (comma-separated)")
	fs.StringVar(&topic, "topic", "precursor-dispositions", "dispositions `topic`")
	fs.BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor rules stats (--file FILE | --brokers HOST:PORT [--topic T]) [--json]")
		fmt.Fprintln(s.err, "\nPrints each rule's dispositions and precision: confirmed / (confirmed + false")
		fmt.Fprintln(s.err, "positive + legitimate trade), from the latest disposition of every alert.")
		fmt.Fprintln(s.err, "\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return helpIsNotAnError(err)
	}
	if (file == "") == (brokers == "") || fs.NArg() > 0 {
		return usagef("give exactly one of --file or --brokers")
	}
	var t disposition.Tally
	var invalid int
	var err error
	if file != "" {
		invalid, err = readDispositionsFile(file, s.in, &t)
	} else {
		invalid, err = console.ReadDispositions(ctx, splitList(brokers), topic, func(d disposition.Disposition) { t.Add(d) })
	}
	if err != nil {
		return err
	}
	if invalid > 0 {
		fmt.Fprintf(s.err, "precursor rules stats: skipped %d invalid record(s)\n", invalid)
	}
	if asJSON {
		return writeStatsJSON(s.out, &t)
	}
	return writeStatsTable(s.out, &t)
}

// readDispositionsFile adds every valid line of a JSONL file to t and
// returns the number of invalid lines (each reported on stderr later by
// count; the first few are not worth a flood).
func readDispositionsFile(name string, stdin io.Reader, t *disposition.Tally) (int, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		r = f
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), disposition.MaxRecord+1)
	invalid := 0
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		d, err := disposition.Decode(sc.Bytes())
		if err != nil {
			invalid++
			continue
		}
		t.Add(d)
	}
	if err := sc.Err(); err != nil {
		return invalid, fmt.Errorf("%s: %w", name, err)
	}
	return invalid, nil
}

func writeStatsTable(w io.Writer, t *disposition.Tally) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rule\tstatus\tconfirmed\tfalse positive\tlegitimate trade\tneeds inspection\tprecision\t")
	for _, s := range t.Rules() {
		status := "active"
		if s.Shadow {
			status = "shadow"
		}
		p := "-"
		if v, ok := s.Precision(); ok {
			p = strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t\n", s.Rule, status, s.Counts[disposition.Confirmed],
			s.Counts[disposition.FalsePositive], s.Counts[disposition.LegitimateTrade], s.Counts[disposition.NeedsInspection], p)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d alert(s) with a disposition\n", t.Len())
	return err
}

func writeStatsJSON(w io.Writer, t *disposition.Tally) error {
	type row struct {
		Rule      string         `json:"rule"`
		Status    string         `json:"status"`
		Counts    map[string]int `json:"dispositions"`
		Precision *float64       `json:"precision"`
	}
	out := []row{}
	for _, s := range t.Rules() {
		r := row{Rule: s.Rule, Status: "active", Counts: map[string]int{}}
		if s.Shadow {
			r.Status = "shadow"
		}
		for _, o := range disposition.Outcomes {
			r.Counts[string(o)] = s.Counts[o]
		}
		if p, ok := s.Precision(); ok {
			r.Precision = &p
		}
		out = append(out, r)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
