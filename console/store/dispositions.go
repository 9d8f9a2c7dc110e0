package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/precursorwatch/precursor/console/disposition"
)

// ApplyDisposition records d unless the store holds a newer disposition
// of the same alert (disposition.Newer), and sets the alert's status. It
// reports whether d is now the alert's disposition. Applying the same
// record again changes nothing, so reading the topic twice is harmless.
func (s *Store) ApplyDisposition(ctx context.Context, d disposition.Disposition) (bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("apply disposition: %w", err)
	}
	defer tx.Rollback()
	var rec []byte
	err = tx.QueryRowContext(ctx, `SELECT record FROM dispositions WHERE alert_id = ?`, d.AlertID).Scan(&rec)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return false, fmt.Errorf("apply disposition %s: %w", d.AlertID, err)
	default:
		old, derr := disposition.Decode(rec)
		if derr == nil && !disposition.Newer(d, old) {
			return false, nil
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO dispositions(alert_id, outcome, note, analyst, at, record) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT(alert_id) DO UPDATE SET outcome = excluded.outcome, note = excluded.note,
			analyst = excluded.analyst, at = excluded.at, record = excluded.record`,
		d.AlertID, string(d.Outcome), d.Note, d.Analyst, d.At.UnixNano(), d.Encode())
	if err != nil {
		return false, fmt.Errorf("apply disposition %s: %w", d.AlertID, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE alerts SET status = ? WHERE alert_id = ?`, string(d.Outcome), d.AlertID); err != nil {
		return false, fmt.Errorf("apply disposition %s: %w", d.AlertID, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("apply disposition %s: %w", d.AlertID, err)
	}
	return true, nil
}

// Disposition returns the alert's disposition, if any.
func (s *Store) Disposition(ctx context.Context, alertID string) (disposition.Disposition, bool, error) {
	var rec []byte
	err := s.db.QueryRowContext(ctx, `SELECT record FROM dispositions WHERE alert_id = ?`, alertID).Scan(&rec)
	if errors.Is(err, sql.ErrNoRows) {
		return disposition.Disposition{}, false, nil
	}
	if err != nil {
		return disposition.Disposition{}, false, fmt.Errorf("disposition of %s: %w", alertID, err)
	}
	d, err := disposition.Decode(rec)
	if err != nil {
		return disposition.Disposition{}, false, err
	}
	return d, true, nil
}

// Tally counts the outcomes of every stored disposition per rule (the
// records carry the rules of their alert).
func (s *Store) Tally(ctx context.Context) (*disposition.Tally, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT record FROM dispositions`)
	if err != nil {
		return nil, fmt.Errorf("tally dispositions: %w", err)
	}
	defer rows.Close()
	var t disposition.Tally
	for rows.Next() {
		var rec []byte
		if err := rows.Scan(&rec); err != nil {
			return nil, fmt.Errorf("tally dispositions: %w", err)
		}
		if d, err := disposition.Decode(rec); err == nil {
			t.Add(d)
		}
	}
	return &t, rows.Err()
}

// Counts returns the number of stored alerts and dispositions.
func (s *Store) Counts(ctx context.Context) (alerts, dispositions int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM alerts), (SELECT count(*) FROM dispositions)`).Scan(&alerts, &dispositions)
	return alerts, dispositions, err
}

// unixMilli converts a stored event time.
func unixMilli(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
