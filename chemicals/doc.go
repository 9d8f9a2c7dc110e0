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
// context, and tolerates misspellings of long names. It reads through
// deliberate disguises (look-alike letters of other scripts, invisible
// characters, letter-spacing, digits for letters) and records them; it reads
// names written in Chinese, Japanese, Russian, Spanish, Portuguese, French
// and German by how those languages build chemical names; it reports esters,
// amides and carbamates that are no entry at their family's level; and it
// reads InChIKeys and InChIs as identities, SMILES and molecular formulas as
// findings that are not. Every match carries the method, a confidence and
// the span of the original text that produced it.
//
// This package imports no other package of the project.
package chemicals
