// Package manifest defines the shipment-manifest event contract: the Go
// types every other package reads, and the decoder that turns one JSON event
// into a validated, normalised Manifest.
//
// The package owns the wire format only. It knows nothing about chemicals,
// rules or Kafka; the pipeline and the rules engine import it, never the
// other way round.
//
// Decode and DecodeInto validate while they scan, in one pass and without
// reflection, and normalise what is safe to normalise: country and currency
// codes are upper-cased, HS codes lose their dots and spaces, units take a
// canonical spelling ("KGS" -> "kg"), times move to UTC. What is not safe to
// guess is refused with an *Error that names the JSON field
// ("items[3].hs_code: ..."). KindOf maps any decode error to one of a few
// fixed kinds, fit for a metric label or a dead-letter reason.
//
// DecodeInto copies the strings it keeps out of the caller's bytes.
// DecodeOwnedInto does not: for callers that own the bytes of an event and
// never modify them afterwards, it saves that copy, and its strings point
// into those bytes.
//
// Unknown fields are skipped, so producers can add fields. Known fields
// repeated within one object are refused rather than resolved by "last one
// wins": a screening service must not guess which of two declarations was
// meant. The JSON Schema in schema/manifest.schema.json documents the same
// contract; a test keeps the two in step.
package manifest
