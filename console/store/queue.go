package store

import (
	"context"
	"fmt"
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
// queue starts from the most selective filter and sorts its matches;
// above it, it walks the alerts in queue order and keeps those that
// match, which finds a page quickly because matches are then dense.
const defaultDriverLimit = 6000

// Queue returns the page of alerts f selects, by severity, score and
// event time (highest first), and whether more follow. It plans the
// query itself: SQLite cannot know how selective a rule, a chemical or a
// party name is, and the wrong order costs seconds at a million alerts.
func (s *Store) Queue(ctx context.Context, f Filter) ([]Row, bool, error) {
	where, args := f.where()
	limit := f.Limit
	if limit <= 0 || limit > MaxLimit {
		limit = DefaultLimit
	}
	from := ` FROM alerts a ` + f.orderIndex()
	order := ` ORDER BY a.sev_rank DESC, a.score DESC, a.event_time DESC, a.id DESC`
	if d, ok, err := s.driver(ctx, f); err != nil {
		return nil, false, fmt.Errorf("queue: %w", err)
	} else if ok {
		from = ` FROM (` + d.ids + `) d CROSS JOIN alerts a ON a.id = d.id`
		order = ` ORDER BY +a.sev_rank DESC, a.score DESC, a.event_time DESC, a.id DESC`
		args = append(append([]any(nil), d.args...), args...)
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

// orderIndex names the index that yields the queue's order for f's status.
func (f Filter) orderIndex() string {
	switch f.Status {
	case StatusAll, StatusDecided:
		return `INDEXED BY alerts_order`
	}
	return `INDEXED BY alerts_queue`
}

// candidates is a subquery of alert ids that a filter allows.
type candidates struct {
	ids  string
	args []any
}

// driver returns the most selective filter of f whose candidates number
// at most the store's driver limit, if any.
func (s *Store) driver(ctx context.Context, f Filter) (candidates, bool, error) {
	var best candidates
	bestN := s.driverLimit + 1
	for _, c := range f.candidates() {
		var n int
		q := `SELECT count(*) FROM (` + c.ids + ` LIMIT ` + fmt.Sprint(s.driverLimit+1) + `)`
		if err := s.db.QueryRowContext(ctx, q, c.args...).Scan(&n); err != nil {
			return candidates{}, false, err
		}
		if n < bestN {
			best, bestN = c, n
		}
	}
	return best, bestN <= s.driverLimit, nil
}

// candidates lists a subquery of ids for each filter that has an index of
// its own.
func (f Filter) candidates() []candidates {
	var out []candidates
	add := func(ids string, args ...any) { out = append(out, candidates{ids, args}) }
	if f.Rule != "" {
		add(`SELECT id FROM alert_terms WHERE term = ?`, "rule:"+f.Rule)
	}
	if f.Chemical != "" {
		add(`SELECT DISTINCT id FROM alert_terms WHERE term IN (?, ?)`, "chem:"+f.Chemical, "fam:"+f.Chemical)
	}
	switch {
	case f.Origin != "" && f.Destination != "":
		add(`SELECT id FROM alert_terms WHERE term = ?`, "lane:"+strings.ToUpper(f.Origin)+"-"+strings.ToUpper(f.Destination))
	case f.Origin != "":
		add(`SELECT id FROM alert_terms WHERE term = ?`, "orig:"+strings.ToUpper(f.Origin))
	case f.Destination != "":
		add(`SELECT id FROM alert_terms WHERE term = ?`, "dest:"+strings.ToUpper(f.Destination))
	}
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
	if f.Rule != "" {
		add(`EXISTS (SELECT 1 FROM alert_terms t WHERE t.term = ? AND t.id = a.id)`, "rule:"+f.Rule)
	}
	if f.Chemical != "" {
		add(`EXISTS (SELECT 1 FROM alert_terms t WHERE t.term IN (?, ?) AND t.id = a.id)`, "chem:"+f.Chemical, "fam:"+f.Chemical)
	}
	if f.Origin != "" {
		add(`a.origin = ?`, strings.ToUpper(f.Origin))
	}
	if f.Destination != "" {
		add(`a.destination = ?`, strings.ToUpper(f.Destination))
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
