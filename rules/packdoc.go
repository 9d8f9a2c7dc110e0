package rules

import (
	"fmt"
	"strings"
)

// sourcesReference renders the rules of a ruleset with the sources they
// cite, titles and URLs taken from the catalog's sources registry, as
// Markdown (docs/default-rules.md for the default pack).
func sourcesReference(rs *Ruleset) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Rule pack %s %s: rules and their sources\n\n", rs.Name(), rs.Version())
	b.WriteString("<!-- Generated from the rule pack and the catalog's sources registry by " +
		"`go test ./rules -run TestSourcesReferenceCurrent -update`. Do not edit. -->\n\n")
	b.WriteString("Each rule cites sources by key (`references:` in the rule file); the key, title and URL\n")
	b.WriteString("come from `sources:` in chemicals/catalog.yaml, the project's one registry of sources,\n")
	b.WriteString("and alerts show them the same way in each hit's `references`.\n")
	for _, r := range rs.Rules() {
		fmt.Fprintf(&b, "\n## %s: %s (%s)\n\n", r.ID, mdCell(r.Title), r.Status)
		if r.Action != "" {
			fmt.Fprintf(&b, "**Action:** %s\n\n", r.Action)
		}
		if len(r.References) == 0 {
			b.WriteString("No references.\n")
		}
		for _, ref := range r.References {
			fmt.Fprintf(&b, "- **%s** %s", ref.Source, ref.Title)
			if ref.URL != "" {
				fmt.Fprintf(&b, " <%s>", ref.URL)
			}
			if ref.Note != "" {
				fmt.Fprintf(&b, ": %s", ref.Note)
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}
