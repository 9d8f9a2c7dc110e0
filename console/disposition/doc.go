// Package disposition is an analyst's verdict on an alert, as written to
// the compacted dispositions topic (keyed by alert id) and read back by
// every console and by `precursor rules stats`: the record, its strict
// decoding, the last-write-wins order that lets any number of consoles
// agree, and the per-rule tally of outcomes that measures each rule's
// precision.
//
// It knows nothing of Kafka, SQL or HTTP.
package disposition
