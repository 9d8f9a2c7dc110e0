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
//
// Every event carries a Label saying what it is, so tests can check that the
// detector finds the risky ones and dead-letters the malformed ones. The
// package writes JSON bytes only: it knows nothing about Kafka, the catalog or
// the rules engine.
package synth
