// Package listfmt reads sanctions and watch lists in their published
// formats into one model: a List of Entries, each with its names (primary,
// aliases, weak aliases, previous names), countries, addresses and
// programmes, plus the list's publication date and declared record count.
//
// Formats: OFAC's sdnList XML (sdn.xml and the consolidated non-SDN
// consolidated.xml), OFAC's legacy CSV trio (sdn.csv, add.csv, alt.csv),
// the UN Security Council consolidated list XML, the EU financial
// sanctions file XML, OpenSanctions' FollowTheMoney JSON lines (flat and
// nested exports, with the dataset's index.json when it sits beside them)
// and the project's own curated YAML list. Sniff tells them apart by their
// first bytes.
//
// A list is all or nothing: a file with any problem is refused as a whole
// with an *ErrorList naming every problem found (up to Limits.MaxErrors)
// at file:line:col (file:line for JSON lines and CSV records). Limits bound
// file size, entries, names and field sizes.
//
// The package only reads. Matching names, building the screening index and
// swapping loaded lists belong to package parties, which imports this one.
package listfmt
