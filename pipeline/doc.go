// Package pipeline is the Kafka service around the rules engine: it consumes
// manifest events with a kafka-go consumer group, runs the pure stages
// (manifest.DecodeInto, rules.Engine.Enrich, rules.Engine.Score) on a batch
// across all cores, hands the results to its outputs (the alert topic and
// the dead-letter topic), and commits the input offsets only after every
// output has acknowledged the batch (at-least-once).
//
// The package owns everything that speaks Kafka, HTTP or Prometheus: the
// configuration (config.go), the consume loop (loop.go, evaluate.go), the
// adapter to the rules engine (engine.go) with the optional structure
// resolver stage between enrichment and scoring (structure*.go), the
// output seam (output.go) and
// its two outputs, alerts (alerts.go, with alerts too large for their
// topic in oversize.go) and dead letters (deadletter.go), Kafka writes
// with their back-pressure (sink.go), commit ordering (commit.go), TLS and
// SASL (security.go), the reload coordinator and file watcher (reload.go,
// watch.go), the lag and reader-stats poller (poller.go), Kafka clients and
// topic creation (clients.go, topics.go), the metrics (metrics.go), the
// health endpoints (http.go), the party lists the engine screens against
// with their reload and metrics (lists.go, lists_metrics.go) and the
// lifecycle (pipeline.go). Decoding,
// matching and scoring belong to the manifest, chemicals and rules
// packages; reading configuration from files, environment and flags belongs
// to cmd/precursor; synthetic data and the embedded broker are development
// helpers under internal/, which this package does not import.
//
// Delivery guarantee: a batch is fetched, scored and handed to every
// output at once; each Kafka output writes its messages with
// RequiredAcks=all in one synchronous WriteMessages call, and only when
// all outputs have acknowledged is the highest offset per partition of
// that batch committed. A failing output is retried with backoff and
// stops commits (back-pressure), it never skips a record. The stages
// overlap (fetching runs ahead, batch N+2 is scored while N+1 is written
// and N committed; the batches acknowledged during a commit are committed
// together by the next), but every stage takes batches strictly in fetch
// order, so a commit never covers an event whose results are not
// acknowledged by every output. A crash at any point
// re-delivers the uncommitted events; alerts carry a deterministic id, so
// consumers can drop the duplicates. A new consumer group starts at the
// earliest offset of the input topic. A message the alert topic refuses as
// too large is never retried forever: the alert is replaced by its minimal
// form, or the event dead-lettered (alert_too_large).
package pipeline
