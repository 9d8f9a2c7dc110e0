// Package console is the analysts' triage console: a web application
// (net/http, html/template, assets embedded) that reads the alert topic
// with its own Kafka consumer group into an embedded SQLite store
// (console/store), shows the queue of alerts and each alert with its
// evidence, and records analysts' dispositions to a compacted
// dispositions topic keyed by alert id (console/disposition), from which
// every console, and `precursor rules stats`, learns each rule's precision.
//
// Security: it listens on 127.0.0.1 unless configured otherwise; every
// request has an analyst, identified by a header set by a trusted reverse
// proxy (honoured only from configured proxy addresses) or by a built-in
// account (bcrypt-hashed password) and a session cookie; every state
// change carries a CSRF token and passes Go's cross-origin protection;
// everything that comes from a manifest is attacker-controlled text and
// is only ever rendered through html/template's contextual escaping, under
// a Content-Security-Policy that allows no inline script. Every
// disposition is written to the audit log (structured log lines) and to
// the topic itself. TLS is optional.
//
// The store is a cache: a console with a new store reads both topics from
// the beginning (its consumer group is named after the store's id), so
// any number of consoles agree and any of them can be rebuilt at will.
package console
