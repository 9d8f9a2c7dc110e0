package store

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// Filter selects the alerts of the queue. Zero fields do not filter.
type Filter struct {
	// Status is StatusOpen (no disposition), StatusDecided (any
	// disposition), StatusAll, or a disposition outcome. "" means open.
	Status string
	// Severity is one severity.
	Severity string
	// Rule is a rule id that hit (active or shadow).
	Rule string
	// Chemical is a catalog chemical id or family.
	Chemical string
	// Origin and Destination are country codes.
	Origin, Destination string
	// Party is words of a shipper, consignee or notify party name, each
	// matched as a word prefix.
	Party string
	// From and To bound the event time: From <= t < To.
	From, To time.Time
	// Query is a shipment id (exact) or words of a party name.
	Query string
	// Limit is the page size (default and at most MaxLimit); Offset the
	// number of rows skipped.
	Limit, Offset int
}

// Queue statuses besides the outcomes.
const (
	StatusDecided = "decided"
	StatusAll     = "all"
)

// Page sizes of the queue.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// Row is one alert of the queue or of a party's history.
type Row struct {
	AlertID, ShipmentID string
	EventTime           time.Time
	Severity            string
	Score               float64
	Summary             string
	Mode                string
	Origin, Destination string
	Shipper, Consignee  string
	Rules, Chemicals    []string
	// Status is StatusOpen or the outcome of the disposition; Analyst and
	// Note are the disposition's.
	Status, Analyst, Note string
}

const rowColumns = `a.alert_id, a.shipment_id, a.event_time, a.severity, a.score, a.summary, a.mode, a.origin,
	a.destination, a.shipper, a.consignee, a.rules, a.chemicals, a.status,
	COALESCE(d2.analyst, ''), COALESCE(d2.note, '')`

// defaultDriverLimit is the number of candidate alerts up to which the
// queue may start from a filter without an order of its own (party
// search, shipment id, dates) and sort its matches.
const defaultDriverLimit = 6000

// Queue returns the page of alerts f selects, by severity, score and
// event time (highest first), and whether more follow. It plans the
// query itself, because SQLite cannot know how selective a rule, a
// chemical, a lane or a party name is, and the wrong plan costs seconds
// at a million alerts:
//
//   - a term filter (rule, chemical or family, origin, destination, lane)
//     walks its term's alerts, which alert_terms keeps in queue order, and
//     stops at the page: the term with the fewest alerts (term_counts)
//     drives;
//   - failing a term, a filter with few candidates (at most the driver
//     limit: a party name, a shipment id, dates) drives and its
//     candidates are sorted;
//   - else the queue's own index is walked and every filter checked.
func (s *Store) Queue(ctx context.Context, f Filter) ([]Row, bool, error) {
	where, args := f.where()
	limit := f.Limit
	if limit <= 0 || limit > MaxLimit {
		limit = DefaultLimit
	}
	from := ` FROM alerts a ` + f.orderIndex()
	order := ` ORDER BY a.sev_rank DESC, a.score DESC, a.event_time DESC, a.id DESC`
	p, err := s.plan(ctx, f)
	if err != nil {
		return nil, false, fmt.Errorf("queue: %w", err)
	}
	switch {
	case p.term != "":
		from = ` FROM alert_terms t CROSS JOIN alerts a ON a.id = t.id`
		order = ` ORDER BY t.sev_rank DESC, t.score DESC, t.event_time DESC, t.id DESC`
		where, args = and(where, `t.term = ?`), append(args, p.term)
		if r := rulefmt.SeverityRank(f.Severity); r > 0 {
			where, args = and(where, `t.sev_rank = ?`), append(args, r) // a seek, not a walk
		}
	case p.ids != "":
		from = ` FROM (` + p.ids + `) d CROSS JOIN alerts a ON a.id = d.id`
		order = ` ORDER BY +a.sev_rank DESC, a.score DESC, a.event_time DESC, a.id DESC`
		args = append(append([]any(nil), p.args...), args...)
	}
	q := `SELECT ` + rowColumns + from + ` LEFT JOIN dispositions d2 ON d2.alert_id = a.alert_id` + where + order + ` LIMIT ? OFFSET ?`
	args = append(args, limit+1, max(f.Offset, 0))
	rows, err := s.rows(ctx, q, args...)
	if err != nil {
		return nil, false, fmt.Errorf("queue: %w", err)
	}
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	return rows, more, nil
}

// and adds a condition to a WHERE clause.
func and(where, cond string) string {
	if where == "" {
		return " WHERE " + cond
	}
	return where + " AND " + cond
}

// orderIndex names the index that yields the queue's order for f's status.
func (f Filter) orderIndex() string {
	switch f.Status {
	case StatusAll, StatusDecided:
		return `INDEXED BY alerts_order`
	}
	return `INDEXED BY alerts_queue`
}

// plan is how Queue starts: from a term's ordered alerts, from a subquery
// of candidate ids, or (neither set) from the queue's index.
type plan struct {
	term string
	ids  string
	args []any
}

// plan chooses the driving filter of f (see Queue).
func (s *Store) plan(ctx context.Context, f Filter) (plan, error) {
	bound := s.driverLimit + 1
	count := func(q string, args ...any) (int, error) {
		var n int
		err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (`+q+` LIMIT `+fmt.Sprint(bound)+`)`, args...).Scan(&n)
		return n, err
	}
	var best plan
	bestN := math.MaxInt
	for _, t := range f.terms() {
		var n int
		err := s.db.QueryRowContext(ctx, `SELECT COALESCE((SELECT n FROM term_counts WHERE term = ?), 0)`, t).Scan(&n)
		if err != nil {
			return plan{}, err
		}
		if n < bestN {
			best, bestN = plan{term: t}, n
		}
	}
	for _, c := range f.candidates() {
		n, err := count(c.ids, c.args...)
		if err != nil {
			return plan{}, err
		}
		if n <= s.driverLimit && n < bestN { // few, and fewer than any term's
			best, bestN = plan{ids: c.ids, args: c.args}, n
		}
	}
	return best, nil // zero: walk the queue's index
}

// terms are the alert_terms keys f's term filters name.
func (f Filter) terms() []string {
	var out []string
	if f.Rule != "" {
		out = append(out, "rule:"+f.Rule)
	}
	if f.Chemical != "" {
		out = append(out, "chem:"+f.Chemical)
	}
	o, d := strings.ToUpper(f.Origin), strings.ToUpper(f.Destination)
	switch {
	case o != "" && d != "":
		out = append(out, "lane:"+o+"-"+d)
	case o != "":
		out = append(out, "orig:"+o)
	case d != "":
		out = append(out, "dest:"+d)
	}
	return out
}

// candidates is a subquery of alert ids that a filter allows.
type candidates struct {
	ids  string
	args []any
}

// candidates lists a subquery of ids for each filter that has an index
// but no order of its own.
func (f Filter) candidates() []candidates {
	var out []candidates
	add := func(ids string, args ...any) { out = append(out, candidates{ids, args}) }
	if m := ftsQuery(f.Party); m != "" {
		add(`SELECT rowid AS id FROM party_fts WHERE party_fts MATCH ?`, m)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		if m := ftsQuery(q); m != "" {
			add(`SELECT id FROM alerts WHERE shipment_id = ? UNION SELECT rowid FROM party_fts WHERE party_fts MATCH ?`, q, m)
		} else {
			add(`SELECT id FROM alerts WHERE shipment_id = ?`, q)
		}
	}
	if !f.From.IsZero() || !f.To.IsZero() {
		to := f.To
		if to.IsZero() {
			to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		add(`SELECT id FROM alerts INDEXED BY alerts_time WHERE event_time >= ? AND event_time < ?`, f.From.UnixMilli(), to.UnixMilli())
	}
	return out
}

// where builds the WHERE clause of f; every value is a parameter.
func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	switch f.Status {
	case "", StatusOpen:
		add(`a.status = 'open'`)
	case StatusAll:
	case StatusDecided:
		add(`a.status <> 'open'`)
	default:
		add(`a.status = ?`, f.Status)
	}
	if r := rulefmt.SeverityRank(f.Severity); r > 0 {
		add(`a.sev_rank = ?`, r)
	}
	for _, t := range f.terms() {
		add(`EXISTS (SELECT 1 FROM alert_terms x WHERE x.term = ? AND x.sev_rank = a.sev_rank AND x.score = a.score
			AND x.event_time = a.event_time AND x.id = a.id)`, t)
	}
	if m := ftsQuery(f.Party); m != "" {
		add(`a.id IN (SELECT rowid FROM party_fts WHERE party_fts MATCH ?)`, m)
	}
	if !f.From.IsZero() {
		add(`a.event_time >= ?`, f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		add(`a.event_time < ?`, f.To.UnixMilli())
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		if m := ftsQuery(q); m != "" {
			add(`(a.shipment_id = ? OR a.id IN (SELECT rowid FROM party_fts WHERE party_fts MATCH ?))`, q, m)
		} else {
			add(`a.shipment_id = ?`, q)
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// maxSearchWords bounds the words of a search.
const maxSearchWords = 8

// minPrefix is the length from which the last word typed also matches
// longer words: a shorter prefix ("co") would expand to most of the
// index.
const minPrefix = 3

// ftsQuery turns what a person typed into an FTS5 query that matches
// every word, the last also as a prefix (it may be half typed): letters
// and digits only, each word quoted, so nothing typed is FTS syntax. ""
// when there is no word. Earlier words match whole: a prefix query reads
// the whole list of every word it expands to, an exact word is skipped
// through.
func ftsQuery(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) > maxSearchWords {
		words = words[:maxSearchWords]
	}
	for i, w := range words {
		words[i] = `"` + w + `"`
		if i == len(words)-1 && utf8.RuneCountInString(w) >= minPrefix {
			words[i] += "*"
		}
	}
	return strings.Join(words, " ")
}

// rows runs a query selecting rowColumns.
func (s *Store) rows(ctx context.Context, q string, args ...any) ([]Row, error) {
	rs, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []Row
	for rs.Next() {
		var r Row
		var at int64
		var rules, chems string
		if err := rs.Scan(&r.AlertID, &r.ShipmentID, &at, &r.Severity, &r.Score, &r.Summary, &r.Mode, &r.Origin,
			&r.Destination, &r.Shipper, &r.Consignee, &rules, &chems, &r.Status, &r.Analyst, &r.Note); err != nil {
			return nil, err
		}
		r.EventTime = unixMilli(at)
		r.Rules, r.Chemicals = strings.Fields(rules), strings.Fields(chems)
		out = append(out, r)
	}
	return out, rs.Err()
}
