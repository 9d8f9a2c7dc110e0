package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound is returned for an alert id the store does not hold.
var ErrNotFound = errors.New("alert not found")

// AlertJSON returns the alert as read from the topic.
func (s *Store) AlertJSON(ctx context.Context, alertID string) ([]byte, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT j.json FROM alerts a JOIN alert_json j ON j.id = a.id WHERE a.alert_id = ?`,
		alertID).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("alert %s: %w", alertID, err)
	}
	return data, nil
}

// ShipmentOf returns the shipment id of an alert, "" when not stored.
func (s *Store) ShipmentOf(ctx context.Context, alertID string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT shipment_id FROM alerts WHERE alert_id = ?`, alertID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// maxHistory bounds a party's history.
const maxHistory = 50

// History returns the other alerts whose shipper or consignee has the
// same name as shipper or consignee, most recent first, with their
// dispositions: what analysts decided about these parties before.
func (s *Store) History(ctx context.Context, alertID, shipper, consignee string) ([]Row, error) {
	var parts []string
	var args []any
	for _, name := range []string{shipper, consignee} {
		if name == "" {
			continue
		}
		parts = append(parts, `SELECT id FROM alerts WHERE shipper = ?`, `SELECT id FROM alerts WHERE consignee = ?`)
		args = append(args, name, name)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	q := `SELECT ` + rowColumns + ` FROM alerts a LEFT JOIN dispositions d2 ON d2.alert_id = a.alert_id
		WHERE a.id IN (` + strings.Join(parts, " UNION ") + `) AND a.alert_id <> ?
		ORDER BY a.event_time DESC, a.id DESC LIMIT ?`
	args = append(args, alertID, maxHistory)
	rows, err := s.rows(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", alertID, err)
	}
	return rows, nil
}

// Next returns the alert that follows alertID in the open queue (by
// severity, score, time), or "" when it is the last: where an analyst
// goes after deciding one.
func (s *Store) Next(ctx context.Context, alertID string) (string, error) {
	var rank, at, id int64
	var score float64
	err := s.db.QueryRowContext(ctx, `SELECT sev_rank, score, event_time, id FROM alerts WHERE alert_id = ?`, alertID).
		Scan(&rank, &score, &at, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var next string
	err = s.db.QueryRowContext(ctx, `SELECT alert_id FROM alerts INDEXED BY alerts_queue
		WHERE status = 'open' AND (sev_rank, score, event_time, id) < (?, ?, ?, ?)
		ORDER BY sev_rank DESC, score DESC, event_time DESC, id DESC LIMIT 1`, rank, score, at, id).Scan(&next)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return next, err
}
