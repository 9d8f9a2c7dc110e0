package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// schemaVersion changes when the tables change; a store of another
// version is refused (delete it: it is rebuilt from the topics).
const schemaVersion = "5"

// schema creates the tables. alerts holds what the queue sorts and
// filters on; alert_json the alert as received; alert_terms one row per
// rule, chemical or family, origin, destination and lane of an alert,
// with the alert's sort keys: for every term, its alerts in queue order
// (filters), and term_counts how many alerts each term has (planning); party_fts the party names and shipment id (search);
// dispositions the latest verdict per alert, with the record as read from
// the topic.
const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS alerts (
	id          INTEGER PRIMARY KEY,
	alert_id    TEXT NOT NULL UNIQUE,
	shipment_id TEXT NOT NULL,
	event_time  INTEGER NOT NULL,
	severity    TEXT NOT NULL,
	sev_rank    INTEGER NOT NULL,
	score       REAL NOT NULL,
	summary     TEXT NOT NULL,
	mode        TEXT NOT NULL,
	origin      TEXT NOT NULL,
	destination TEXT NOT NULL,
	shipper     TEXT NOT NULL,
	consignee   TEXT NOT NULL,
	rules       TEXT NOT NULL,
	chemicals   TEXT NOT NULL,
	status      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_queue ON alerts(status, sev_rank DESC, score DESC, event_time DESC, id DESC);
CREATE INDEX IF NOT EXISTS alerts_order ON alerts(sev_rank DESC, score DESC, event_time DESC, id DESC);
CREATE INDEX IF NOT EXISTS alerts_shipment ON alerts(shipment_id);
CREATE INDEX IF NOT EXISTS alerts_time ON alerts(event_time);
CREATE INDEX IF NOT EXISTS alerts_shipper ON alerts(shipper, event_time DESC);
CREATE INDEX IF NOT EXISTS alerts_consignee ON alerts(consignee, event_time DESC);
CREATE TABLE IF NOT EXISTS alert_json (id INTEGER PRIMARY KEY, json BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS alert_terms (
	term       TEXT NOT NULL,
	sev_rank   INTEGER NOT NULL,
	score      REAL NOT NULL,
	event_time INTEGER NOT NULL,
	id         INTEGER NOT NULL,
	PRIMARY KEY (term, sev_rank, score, event_time, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS term_counts (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS party_fts USING fts5(names, content='', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS dispositions (
	alert_id TEXT PRIMARY KEY,
	outcome  TEXT NOT NULL,
	note     TEXT NOT NULL,
	analyst  TEXT NOT NULL,
	at       INTEGER NOT NULL,
	record   BLOB NOT NULL
);
`

// Store is an open store. Safe for concurrent use: reads run in parallel,
// writes are serialised by SQLite.
type Store struct {
	db   *sql.DB
	id   string
	path string
	temp bool // path is a temporary file removed by Close
	// driverLimit: see defaultDriverLimit (tests lower it).
	driverLimit int
}

// Open opens (creating if needed) the store at path; "" opens a new store
// in a temporary file that Close removes.
func Open(ctx context.Context, path string) (*Store, error) {
	s := &Store{path: path, driverLimit: defaultDriverLimit}
	if path == "" {
		f, err := os.CreateTemp("", "precursor-console-*.db")
		if err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
		f.Close()
		s.path, s.temp = f.Name(), true
	}
	q := url.Values{}
	for _, p := range []string{"page_size(16384)", "busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(OFF)", "cache_size(-65536)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(s.path)+"?"+q.Encode())
	if err != nil {
		s.removeTemp()
		return nil, fmt.Errorf("open store %s: %w", s.path, err)
	}
	db.SetMaxOpenConns(8)
	s.db = db
	if err := s.init(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: %w", s.path, err)
	}
	return s, nil
}

// init creates the schema and reads or sets the store's id and version.
func (s *Store) init(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, schema); err != nil {
		return err
	}
	var version string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'schema'`).Scan(&version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		var b [8]byte
		rand.Read(b[:])
		s.id = hex.EncodeToString(b[:])
		_, err = s.db.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('schema', ?), ('id', ?)`, schemaVersion, s.id)
		return err
	case err != nil:
		return err
	case version != schemaVersion:
		return fmt.Errorf("schema version %s, want %s: delete the store, the console rebuilds it from the topics", version, schemaVersion)
	}
	return s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'id'`).Scan(&s.id)
}

// ID is the store's random id, made when it was created. A console names
// its consumer group after it, so a new (or rebuilt) store reads the
// topics from the beginning and a reopened one resumes where it stopped.
func (s *Store) ID() string { return s.id }

// Path is the store's file.
func (s *Store) Path() string { return s.path }

// Close closes the store, removing it if it was temporary.
func (s *Store) Close() error {
	var err error
	if s.db != nil {
		err = s.db.Close()
	}
	s.removeTemp()
	return err
}

func (s *Store) removeTemp() {
	if s.temp {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(s.path + suffix)
		}
	}
}
