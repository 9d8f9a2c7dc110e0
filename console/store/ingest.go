package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// StatusOpen is the status of an alert without a disposition; an alert
// with one has its outcome as status.
const StatusOpen = "open"

// Alert is an alert to add: decoded, and its JSON as read from the topic.
type Alert struct {
	*rules.Alert
	JSON []byte
}

// minMatchConfidence is the confidence from which a catalog match names
// the alert's chemicals (filters), as the rules count matches.
const minMatchConfidence = 0.5

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
	for _, a := range alerts {
		ok, err := ins.add(ctx, a)
		if err != nil {
			return 0, fmt.Errorf("add alert %s: %w", a.ID, err)
		}
		if ok {
			added++
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("add alerts: %w", err)
	}
	return added, nil
}

// inserts are the statements of AddAlerts, prepared once per transaction.
type inserts struct {
	alert, json, term, fts, status *sql.Stmt
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
	ins.term = prep(`INSERT OR IGNORE INTO alert_terms(term, id) VALUES (?, ?)`)
	ins.fts = prep(`INSERT INTO party_fts(rowid, names) VALUES (?, ?)`)
	if err := errors.Join(errs...); err != nil {
		ins.close()
		return nil, err
	}
	return &ins, nil
}

func (ins *inserts) close() {
	for _, st := range []*sql.Stmt{ins.alert, ins.json, ins.term, ins.fts} {
		if st != nil {
			st.Close()
		}
	}
}

// add inserts one alert; false when it was already stored.
func (ins *inserts) add(ctx context.Context, a Alert) (bool, error) {
	chems, terms := alertTerms(a.Alert)
	p := a.Parties
	res, err := ins.alert.ExecContext(ctx, a.ID, a.ShipmentID, a.EventTime.UnixMilli(), a.Severity,
		rulefmt.SeverityRank(a.Severity), a.Score, a.Summary, a.Mode, a.Origin.Country, a.Destination.Country,
		p.Shipper.Name, p.Consignee.Name, hitIDs(a.Hits), strings.Join(chems, " "))
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
	for _, t := range terms {
		if _, err := ins.term.ExecContext(ctx, t, id); err != nil {
			return false, err
		}
	}
	names := strings.Join([]string{a.ShipmentID, p.Shipper.Name, p.Consignee.Name, p.NotifyParty.Name}, " \n ")
	if _, err := ins.fts.ExecContext(ctx, id, names); err != nil {
		return false, err
	}
	return true, nil
}

func hitIDs(hits []rules.Hit) string {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.RuleID
	}
	return strings.Join(ids, " ")
}

// alertTerms returns the alert's chemicals (for display) and its filter
// terms: rule:ID for every active and shadow hit, chem:ID and fam:FAMILY
// for every chemical matched with confidence >= 0.5 or named by a hit.
func alertTerms(a *rules.Alert) (chems, terms []string) {
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	chem := func(id, family string) {
		if id == "" {
			return
		}
		if !seen["chem:"+id] {
			chems = append(chems, id)
		}
		add("chem:" + id)
		if family != "" {
			add("fam:" + family)
		}
	}
	for _, hs := range [][]rules.Hit{a.Hits, a.ShadowHits} {
		for _, h := range hs {
			add("rule:" + h.RuleID)
			for _, ev := range h.Evidence {
				chem(ev.Chemical, ev.Family)
			}
		}
	}
	for _, m := range a.Matches {
		if m.Confidence >= minMatchConfidence {
			chem(m.Chemical, m.Family)
		}
	}
	return chems, terms
}
