package pipeline

import (
	"slices"

	"github.com/precursorwatch/precursor/parties"
	"github.com/prometheus/client_golang/prometheus"
)

// Party hit status label values of party_list_hits_total.
const (
	partyHitListed  = "listed"  // a hit rules see
	partyHitCleared = "cleared" // a hit an exception clears
)

// listMetrics are the metrics of the party lists. The list label takes
// the ids of the configured lists (bounded by the configuration): series
// are created when a list is loaded and deleted when a reload drops it.
type listMetrics struct {
	Entries   *prometheus.GaugeVec   // list
	Published *prometheus.GaugeVec   // list
	Info      *prometheus.GaugeVec   // list, format, sha256
	Hits      *prometheus.CounterVec // list, status
	// Reloads, LastReloadOK and LastReloadTime are those of the lists,
	// apart from the rules': the lists reload on their own.
	Reloads        *prometheus.CounterVec // result
	LastReloadOK   prometheus.Gauge
	LastReloadTime prometheus.Gauge
	MaxAge         prometheus.Gauge
}

func newListMetrics(r registrar) listMetrics {
	m := listMetrics{
		Entries:   r.gaugeVec("party_list_entries", "Entries of each loaded party list (sanctions or watch list), by list id.", "list"),
		Published: r.gaugeVec("party_list_published_timestamp_seconds", "Publication date each loaded party list states, as Unix time; absent when the list states none. Its age is time() minus this.", "list"),
		Info:      r.gaugeVec("party_list_info", "The party list copy in use (value 1): its format and the SHA-256 of its file(s).", "list", "format", "sha256"),
		Hits:      r.counterVec("party_list_hits_total", "Party hits on each list: listed (seen by rules) or cleared (by an exception).", "list", "status"),
		Reloads:   r.counterVec("party_lists_reloads_total", "Party list (re)loads, by result.", "result"),
		LastReloadOK: r.gauge("party_lists_last_reload_successful",
			"1 when the last load of the party lists succeeded, else 0 (the previous lists stay in use)."),
		LastReloadTime: r.gauge("party_lists_last_reload_success_timestamp_seconds", "Unix time of the last successful load of the party lists."),
		MaxAge: r.gauge("party_lists_max_age_seconds",
			"How old a list's publication may be (list_max_age) before PrecursorPartyListStale fires."),
	}
	for _, res := range []string{reloadSuccess, reloadFailure} {
		m.Reloads.WithLabelValues(res)
	}
	return m
}

// update moves the per-list series from the old lists to the new ones.
func (m listMetrics) update(old, cur *parties.Snapshot) {
	var ids []string
	for _, l := range cur.Lists() {
		ids = append(ids, l.ID)
	}
	if old != nil {
		for _, l := range old.Lists() {
			m.Info.DeleteLabelValues(l.ID, string(l.Format), l.SHA256)
			if !slices.Contains(ids, l.ID) {
				list := prometheus.Labels{"list": l.ID}
				m.Entries.DeletePartialMatch(list)
				m.Published.DeletePartialMatch(list)
				m.Hits.DeletePartialMatch(list)
			}
		}
	}
	for _, l := range cur.Lists() {
		m.Entries.WithLabelValues(l.ID).Set(float64(l.Entries))
		m.Info.WithLabelValues(l.ID, string(l.Format), l.SHA256).Set(1)
		if l.Published.IsZero() {
			m.Published.DeleteLabelValues(l.ID)
		} else {
			m.Published.WithLabelValues(l.ID).Set(float64(l.Published.Unix()))
		}
		m.Hits.WithLabelValues(l.ID, partyHitListed)
		m.Hits.WithLabelValues(l.ID, partyHitCleared)
	}
}

// partyHit is one party hit of an outcome, as metrics count it.
type partyHit struct {
	list    string
	cleared bool
}

// recordPartyHits counts an outcome's party hits. Hits are rare (most
// shipments have none), so the series are looked up per hit.
func (m listMetrics) recordPartyHits(hits []partyHit) {
	for _, h := range hits {
		status := partyHitListed
		if h.cleared {
			status = partyHitCleared
		}
		m.Hits.WithLabelValues(h.list, status).Inc()
	}
}
