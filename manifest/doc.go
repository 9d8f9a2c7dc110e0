// Package manifest defines the shipment-manifest event contract: the Go
// types every other package reads, and the decoder that turns one JSON event
// into a validated, normalised Manifest.
//
// The package owns the wire format only. It knows nothing about chemicals,
// rules or Kafka; the pipeline and the rules engine import it, never the
// other way round.
package manifest
