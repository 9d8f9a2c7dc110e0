// Package synth generates deterministic, realistic synthetic manifest events
// for demos, benchmarks and end-to-end tests.
//
// A Generator seeded with the same seed and Options always yields the same
// sequence of events. Most events are ordinary trade (electronics, textiles,
// auto parts, food, industrial chemicals, medicines) on realistic lanes; a
// configurable fraction are risky shipments that use the evasion tactics seen
// in public enforcement reporting (synonyms, salts, Boc-protected forms,
// typos, CAS numbers in the description or with a wrong check digit,
// mislabelled goods, express parcels, transshipment); an optional fraction are
// malformed (invalid JSON, missing fields, bad HS codes, invalid UTF-8).
// A share of the risky events has a party taken from the embedded sample
// sanctions lists (parties/sample), usually respelled as filers write it,
// and a share of the benign events a legitimate company that is a near
// miss of a listed one (parties/variants).
//
// Every event carries a Label saying what it is, so tests can check that the
// detector finds the risky ones and dead-letters the malformed ones. The
// package writes JSON bytes only: it knows nothing about Kafka, the catalog,
// party screening or the rules engine.
package synth
