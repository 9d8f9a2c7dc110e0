package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// StatusOpen is the status of an alert without a disposition; an alert
// with one has its outcome as status.
const StatusOpen = "open"

// Alert is an alert to add: what the store indexes, and the alert's JSON
// as read from the topic (shown by the alert page).
type Alert struct {
	ID, ShipmentID                  string
	EventTime                       time.Time
	Severity                        string
	Score                           float64
	Summary, Mode                   string
	Origin, Destination             string // country codes
	Shipper, Consignee, NotifyParty string // names
	// Rules and ShadowRules are the ids of the active and shadow hits.
	Rules, ShadowRules []string
	// Chemicals are the chemicals the hits name or the catalog matched
	// with confidence >= 0.5, each once.
	Chemicals []Chemical
	JSON      []byte
}

// Chemical is a catalog chemical id and its family.
type Chemical struct{ ID, Family string }

// AddAlerts adds alerts in one transaction and returns how many were new:
// an alert whose id is already stored is left as it is. An alert whose
// disposition was read first gets its status from it.
func (s *Store) AddAlerts(ctx context.Context, alerts []Alert) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("add alerts: %w", err)
	}
	defer tx.Rollback()
	ins, err := prepareInserts(ctx, tx)
	if err != nil {
		return 0, fmt.Errorf("add alerts: %w", err)
	}
	defer ins.close()
	added := 0
	for i := range alerts {
		a := &alerts[i]
		ok, err := ins.add(ctx, a)
		if err != nil {
			return 0, fmt.Errorf("add alert %s: %w", a.ID, err)
		}
		if ok {
			added++
		}
	}
	if err := ins.flushNames(ctx); err != nil {
		return 0, fmt.Errorf("add alerts: search index: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("add alerts: %w", err)
	}
	return added, nil
}

// inserts are the statements of AddAlerts, prepared once per transaction.
type inserts struct {
	alert, json, term, count, fts *sql.Stmt
	// names are the [id, names] pairs of the search index, written by
	// flushNames.
	names []any
}

func prepareInserts(ctx context.Context, tx *sql.Tx) (*inserts, error) {
	var ins inserts
	var errs []error
	prep := func(q string) *sql.Stmt {
		st, err := tx.PrepareContext(ctx, q)
		errs = append(errs, err)
		return st
	}
	ins.alert = prep(`INSERT INTO alerts(alert_id, shipment_id, event_time, severity, sev_rank, score, summary,
		mode, origin, destination, shipper, consignee, rules, chemicals, status)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE((SELECT outcome FROM dispositions WHERE alert_id = ?1), 'open'))
		ON CONFLICT(alert_id) DO NOTHING`)
	ins.json = prep(`INSERT INTO alert_json(id, json) VALUES (?, ?)`)
	ins.term = prep(`INSERT OR IGNORE INTO alert_terms(term, sev_rank, score, event_time, id)
		SELECT value, ?, ?, ?, ? FROM json_each(?)`)
	ins.count = prep(`INSERT INTO term_counts(term, n) SELECT value, 1 FROM json_each(?) WHERE true
		ON CONFLICT(term) DO UPDATE SET n = n + 1`)
	// Names go into the search index once per batch, in one statement:
	// FTS5 flushes its pending terms at every statement's savepoint.
	ins.fts = prep(`INSERT INTO party_fts(rowid, names)
		SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)`)
	if err := errors.Join(errs...); err != nil {
		ins.close()
		return nil, err
	}
	return &ins, nil
}

func (ins *inserts) close() {
	for _, st := range []*sql.Stmt{ins.alert, ins.json, ins.term, ins.count, ins.fts} {
		if st != nil {
			st.Close()
		}
	}
}

// add inserts one alert; false when it was already stored.
func (ins *inserts) add(ctx context.Context, a *Alert) (bool, error) {
	chems := make([]string, len(a.Chemicals))
	for i, c := range a.Chemicals {
		chems[i] = c.ID
	}
	rank, at := rulefmt.SeverityRank(a.Severity), a.EventTime.UnixMilli()
	res, err := ins.alert.ExecContext(ctx, a.ID, a.ShipmentID, at, a.Severity, rank, a.Score, a.Summary, a.Mode, a.Origin, a.Destination,
		a.Shipper, a.Consignee, strings.Join(a.Rules, " "), strings.Join(chems, " "))
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	id, err := res.LastInsertId()
	if err != nil {
		return false, err
	}
	if _, err := ins.json.ExecContext(ctx, id, a.JSON); err != nil {
		return false, err
	}
	terms, err := json.Marshal(alertTerms(a))
	if err != nil {
		return false, err
	}
	if _, err := ins.term.ExecContext(ctx, rank, a.Score, at, id, terms); err != nil {
		return false, err
	}
	if _, err := ins.count.ExecContext(ctx, terms); err != nil {
		return false, err
	}
	ins.names = append(ins.names, []any{id, strings.Join([]string{a.ShipmentID, a.Shipper, a.Consignee, a.NotifyParty}, " \n ")})
	return true, nil
}

// flushNames writes the search index entries of the alerts added.
func (ins *inserts) flushNames(ctx context.Context) error {
	if len(ins.names) == 0 {
		return nil
	}
	pairs, err := json.Marshal(ins.names)
	if err != nil {
		return err
	}
	_, err = ins.fts.ExecContext(ctx, pairs)
	ins.names = ins.names[:0]
	return err
}

// alertTerms returns the alert's filter terms: rule:ID for every active
// and shadow hit, chem:X for every chemical id and family (ids and
// families are one namespace to analysts), orig:CC, dest:CC and
// lane:OO-DD for its lane.
func alertTerms(a *Alert) []string {
	terms := make([]string, 0, len(a.Rules)+len(a.ShadowRules)+2*len(a.Chemicals))
	seen := make(map[string]bool, cap(terms))
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	for _, r := range a.Rules {
		add("rule:" + r)
	}
	for _, r := range a.ShadowRules {
		add("rule:" + r)
	}
	for _, c := range a.Chemicals {
		add("chem:" + c.ID)
		if c.Family != "" {
			add("chem:" + c.Family)
		}
	}
	if a.Origin != "" {
		add("orig:" + a.Origin)
	}
	if a.Destination != "" {
		add("dest:" + a.Destination)
	}
	if a.Origin != "" && a.Destination != "" {
		add("lane:" + a.Origin + "-" + a.Destination)
	}
	return terms
}
