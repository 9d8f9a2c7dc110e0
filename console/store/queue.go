package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
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
	COALESCE(d.analyst, ''), COALESCE(d.note, '')`

// Queue returns the page of alerts f selects, by severity, score and
// event time (highest first), and whether more follow.
func (s *Store) Queue(ctx context.Context, f Filter) ([]Row, bool, error) {
	where, args := f.where()
	limit := f.Limit
	if limit <= 0 || limit > MaxLimit {
		limit = DefaultLimit
	}
	q := `SELECT ` + rowColumns + ` FROM alerts a LEFT JOIN dispositions d ON d.alert_id = a.alert_id` + where +
		` ORDER BY a.sev_rank DESC, a.score DESC, a.event_time DESC, a.id DESC LIMIT ? OFFSET ?`
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
	if f.Severity != "" {
		add(`a.severity = ?`, f.Severity)
	}
	if f.Rule != "" {
		add(`a.id IN (SELECT id FROM alert_terms WHERE term = ?)`, "rule:"+f.Rule)
	}
	if f.Chemical != "" {
		add(`a.id IN (SELECT id FROM alert_terms WHERE term IN (?, ?))`, "chem:"+f.Chemical, "fam:"+f.Chemical)
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

// ftsQuery turns what a person typed into an FTS5 query that matches
// every word as a prefix: letters and digits only, each word quoted, so
// nothing typed is FTS syntax. "" when there is no word.
func ftsQuery(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) > maxSearchWords {
		words = words[:maxSearchWords]
	}
	for i, w := range words {
		words[i] = `"` + w + `"*`
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
