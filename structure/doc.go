// Package structure resolves chemical names that the catalog's dictionary
// matcher did not recognise to molecular structures, and tests them against
// the substructure patterns that catalog families declare, so that an
// uncatalogued derivative of a controlled precursor (another carbamate of
// 4-anilinopiperidine, another glycidic ester) is recognised by what it is.
//
// The chemistry runs in a separate process, the resolver (structure/resolver,
// Java: OPSIN reads names, CDK writes canonical SMILES and InChIKeys and
// matches SMARTS), reached over HTTP. This package owns the Go side:
//
//   - Candidates, a cheap classifier that runs on every line item and picks
//     the chemical-looking spans that nothing resolved, without purity and
//     packaging noise, so that only text that needs a resolver is sent;
//   - Client, which asks the resolver with a cache keyed by normalised text,
//     a timeout, a concurrency limit and a circuit breaker, and reports what
//     it does to an Observer (the pipeline turns that into metrics);
//   - Finder, which does both for a manifest's items and resolves their
//     spans concurrently under a budget (the pipeline's stage; rule tests
//     run it with Recorded answers behind the same Resolver interface);
//   - Lint, which checks a catalog's family patterns against the catalog's
//     own structures and a curated list of legitimate look-alikes;
//   - Start, which runs the resolver as a child process on one machine, and
//     Handler, which serves the resolver's protocol from any Resolver (a
//     stand-in for tests without Java).
//
// A resolver that is down, slow or crashing never costs a line item: every
// failure is an error the caller can count and skip (ErrUnavailable), and an
// open breaker answers at once. This package imports only chemicals.
package structure
