// Package parties screens the parties of a shipment (shipper, consignee,
// notify party) against sanctions and watch lists loaded in their
// published formats, and explains every hit word by word.
//
// # What it owns
//
// Loading (Load): every list file of a Config is read and validated by
// package listfmt (OFAC SDN and consolidated XML or CSV, UN and EU XML,
// OpenSanctions FollowTheMoney JSON lines, the project's curated YAML),
// then indexed into an immutable *Snapshot together with the exceptions
// files. Any problem in any file fails the whole load with a yamlsrc.List
// listing every problem at file:line:col; nothing is half-loaded.
//
// Matching (Snapshot.Screen): names are normalised (transliterated to
// ASCII, Han characters to pinyin; case, punctuation, accents and legal
// forms in many languages removed; spellings made canonical, so "Bio-Tech",
// "Biotech" and "Biological Technology" agree), looked up in a token index
// that returns only names sharing a distinctive word (exactly, one typo
// away, or written apart/together), and aligned word by word. The score
// combines how much of the listed name the party covers and how much of
// the party name the listed name covers, each word weighted by how telling
// it is; common words (curated, and frequent across the loaded lists)
// never match alone; the country corroborates (a small boost or penalty)
// and never makes a hit by itself. Exceptions clear known false matches
// without hiding them: a cleared hit carries its Exception.
//
// # What it leaves to others
//
// Swapping snapshots on reload, metrics, alert fields and rules belong to
// the pipeline and the rules engine. The intended wiring:
//
//	var lists atomic.Pointer[parties.Snapshot]
//	snap, err := parties.Load(ctx, cfg) // at start: an error is fatal
//	lists.Store(snap)
//	// on SIGHUP or a file change: build, validate, then swap
//	if next, err := parties.Load(ctx, cfg); err != nil {
//		// log err (every problem, positioned); keep serving the old snapshot;
//		// set precursor_party_lists_last_reload_successful 0
//	} else {
//		lists.Store(next)
//	}
//	// per manifest, pure and concurrent:
//	hits := lists.Load().ScreenManifest(m, time.Now())
//
// Snapshot.Lists gives, per list, what alerts carry and metrics export:
// id, title, publication date, SHA-256, entries, load time.
package parties
