package grafana

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// structurePanels show the structure resolver (docs/structure.md): what
// became of the item names the catalog did not resolve, the requests that
// reached the resolver, the cache, the latency and the circuit breaker.
func structurePanels() []cog.Builder[dashboard.Panel] {
	lookups := func(cached string) string {
		return fmt.Sprintf("sum(%s)", rate("precursor_structure_lookups_total", `cached=~"`+cached+`"`))
	}
	return []cog.Builder[dashboard.Panel]{
		single("Resolver breaker", "State of the structure resolver's circuit breaker, the worst replica: closed (resolver answering), half-open (probing after failures), open (resolver down or slow: names are scored by the catalog alone). OFF: no resolver configured.", "none",
			query(fmt.Sprintf("max(%s) + 3 * (1 - max(%s))", sel("precursor_structure_breaker_state"), sel("precursor_structure_resolver_enabled")), "breaker")).
			Mappings([]dashboard.ValueMapping{valueText(
				mapping{"0", "CLOSED", "green"}, mapping{"1", "HALF-OPEN", "orange"}, mapping{"2", "OPEN", "red"}, mapping{"3", "OFF", "text"})}).
			ColorMode("background").GraphMode("none").Height(8),
		single("Cache hit ratio", "Share of structure lookups answered by the cache (or a request in flight for the same name).", "percentunit",
			query(fmt.Sprintf("%s / %s", lookups("true"), lookups(".*")), "hit ratio")).
			Height(8),
		graph("Names sent, by result", "Chemical-looking item spans the catalog did not resolve, per second, by result: resolved to a structure, not a name, unavailable (scored without a structure), refused, skipped (over the per-manifest limit).", "ops",
			query(fmt.Sprintf("sum by (result) (%s)", rate("precursor_structure_spans_total")), "{{result}}")).Span(16),
		graph("Resolver requests by outcome", "Lookups the cache did not answer, per second, by outcome. rejected: no request made (breaker open or every connection busy).", "ops",
			query(fmt.Sprintf("sum by (outcome) (%s)", rate("precursor_structure_requests_total")), "{{outcome}}")),
		graph("Resolver latency", "p50 and p99 time of resolver requests (the cache answers in microseconds and is not included).", "s",
			query(quantile(0.5, "precursor_structure_request_duration_seconds"), "p50"),
			query(quantile(0.99, "precursor_structure_request_duration_seconds"), "p99")),
	}
}
