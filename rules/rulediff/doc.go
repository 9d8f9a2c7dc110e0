// Package rulediff answers the question every rule change raises: what
// will it do to the alert queue? It scores the same manifest events with
// a baseline and a candidate rule pack, decoding and enriching each event
// once (the packs share the catalog) and scoring it with both, and
// reports the alerts gained, lost and changed in severity, the change of
// every rule's fire count, a few example shipments for each change, and
// the shift of the score distribution, as Markdown for people and JSON for
// CI, with gates (Gates) that fail a change that loses critical alerts,
// say.
//
// Events come from a Source (JSON Lines files, or a Kafka topic range read
// by cmd/precursor through the pipeline package) and are compared on all
// cores in chunks; memory stays bounded whatever the input's size: counts
// and histograms are fixed-size, examples are capped. The report is
// deterministic: examples are the first ones in input order.
package rulediff
