package grafana

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// listPanels show the sanctions and watch lists the parties are screened
// against: how old each copy is (PrecursorPartyListStale), how many
// entries it holds (PrecursorPartyListEmpty), whether the last load
// succeeded (PrecursorPartyListReloadFailing), and the hits on each.
func listPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		single("Last list load", "Whether the last load of the party lists succeeded on every replica (a failed load keeps the previous lists).", "none",
			query(fmt.Sprintf("min(%s)", sel("precursor_party_lists_last_reload_successful")), "lists")).
			Mappings([]dashboard.ValueMapping{valueText(mapping{"0", "FAILED", "red"}, mapping{"1", "OK", "green"})}).
			ColorMode("background").GraphMode("none").Height(6),
		single("List age", "Days since each list's stated publication date (the oldest copy over the replicas). PrecursorPartyListStale fires above list_max_age (default 30 days).", "d",
			query(fmt.Sprintf("(time() - min by (list) (%s)) / 86400", sel("precursor_party_list_published_timestamp_seconds")), "{{list}}")).
			Thresholds(thresholds("green", step(14, "orange"), step(30, "red"))).
			GraphMode("none").Height(6).Span(12),
		graph("List reloads", "Loads of the party lists, by result; they reload apart from the rules.", "short",
			query(fmt.Sprintf("sum by (result) (increase(%s[$__rate_interval]))", sel("precursor_party_lists_reloads_total")), "{{result}}")).
			Height(6).Span(8),
		graph("Party hits by list", "Parties matched to a list entry per second, by list: listed (rules see them) and cleared (an exception clears a known false match).", "ops",
			query(fmt.Sprintf("sum by (list, status) (%s)", rate("precursor_party_list_hits_total")), "{{list}} {{status}}")),
		graph("Entries per list", "Entries of each list in use. A sudden drop is a truncated download; PrecursorPartyListEmpty fires at 0.", "short",
			query(fmt.Sprintf("max by (list) (%s)", sel("precursor_party_list_entries")), "{{list}}")),
		infoTable("Lists in use", "Format and SHA-256 of the list copy each replica uses: every alert carries the same hashes. Replicas disagreeing after a reload show up as two rows.",
			fmt.Sprintf("max by (list, format, sha256, instance) (%s)", sel("precursor_party_list_info"))).Span(24),
	}
}
