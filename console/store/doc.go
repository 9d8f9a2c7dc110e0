// Package store is the console's embedded SQL store (SQLite through the
// pure-Go modernc.org/sqlite driver): alerts and dispositions as read from
// their topics, indexed for the triage queue, the alert page and the
// history of a party.
//
// The store is a cache of the topics, never the record: a console can
// delete it and rebuild it by reading the alert and dispositions topics
// from the beginning, and every console that has read the same records
// holds the same content. Adding an alert twice keeps the first (alert ids
// are deterministic); dispositions are applied last-write-wins
// (disposition.Newer), whatever the order they arrive in, before or after
// their alert.
//
// It knows nothing of Kafka or HTTP: the console feeds it and queries it.
package store
