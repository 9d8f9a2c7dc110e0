// Package chemicals owns the precursor catalog and the matcher that resolves
// the free text of a manifest line item (description, declared CAS number,
// HS code) to catalog entries.
//
// The catalog is YAML (catalog.yaml is embedded as the default; any file may
// replace it). Loading validates every entry and reports each problem with
// file:line: required structures, source keys, and one date policy for
// controls (an effective day, or "unknown" with a reason; see Control). The
// names the catalog-data generator harvested and verified against each
// entry's structure (names.generated.yaml, also embedded) attach to the
// entries they were verified for. The matcher normalises chemical names (case, Unicode, salts,
// purity and packaging noise, protecting-group spellings), finds CAS numbers
// and verifies their check digits, weighs short abbreviations against their
// context, and tolerates misspellings of long names. Every match carries the
// method, a confidence and the span of the original text that produced it.
//
// This package imports no other package of the project.
package chemicals
