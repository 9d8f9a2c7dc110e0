package main

import (
	"flag"
	"strings"
)

// The flags several subcommands share are declared here, once, so that one
// name means one thing everywhere: --rules, --catalog and --http in run,
// score, demo, rules and catalog; --lists and --list-exceptions wherever
// parties are screened (listFlags); --seed, --risky-pct, --malformed-pct
// and --derivative-pct in generate, demo and bench. `precursor run` declares its flags through
// its settings (settings.go) under the same names and usage texts, and
// TestFlagNamesAreConsistent checks every subcommand against this file.
const (
	flagRules          = "rules"
	flagCatalog        = "catalog"
	flagHTTP           = "http"
	flagLists          = "lists"
	flagListExceptions = "list-exceptions"

	usageRules          = "rule pack `DIR` (default: the embedded pack)"
	usageCatalog        = "precursor catalog `FILE` (default: the embedded catalog)"
	usageHTTP           = "`ADDR` ([host]:port) of /metrics, /healthz and /readyz"
	usageLists          = "sanctions and watch lists to screen parties against, each `[ID=]FILE`, comma-separated or repeated (default: the embedded sample lists)"
	usageListExceptions = "exceptions `FILE`s clearing known false matches of the lists, comma-separated or repeated"
)

func rulesFlag(fs *flag.FlagSet, dir *string) { fs.StringVar(dir, flagRules, "", usageRules) }

func catalogFlag(fs *flag.FlagSet, file *string) { fs.StringVar(file, flagCatalog, "", usageCatalog) }

func httpFlag(fs *flag.FlagSet, addr *string, def string) {
	fs.StringVar(addr, flagHTTP, def, usageHTTP)
}

// synthFlags are the generator flags of generate, demo and bench.
type synthFlags struct {
	seed                                  int64
	riskyPct, malformedPct, derivativePct float64
}

// register declares the generator flags; malformedPct is the command's
// default percentage of malformed events.
func (f *synthFlags) register(fs *flag.FlagSet, malformedPct float64) {
	fs.Int64Var(&f.seed, "seed", 1, "random seed of the synthetic manifests; the same seed and flags give the same manifests")
	fs.Float64Var(&f.riskyPct, "risky-pct", 3, "percentage of risky (precursor) shipments")
	fs.Float64Var(&f.malformedPct, "malformed-pct", malformedPct,
		"percentage of malformed events (bad JSON, missing fields, bad HS codes, invalid UTF-8)")
	fs.Float64Var(&f.derivativePct, "derivative-pct", 0,
		"percentage of risky shipments that name an uncatalogued derivative of a precursor family by a systematic name (found by the structure resolver)")
}

// deprecatedUsage is the usage of a flag kept for one release under its
// former name.
func deprecatedUsage(now string) string { return "deprecated: use --" + now }

// printFlags prints fs's flags like PrintDefaults, leaving out deprecated
// aliases.
func printFlags(fs *flag.FlagSet) {
	shown := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	shown.SetOutput(fs.Output())
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.HasPrefix(f.Usage, "deprecated:") {
			shown.Var(f.Value, f.Name, f.Usage)
			shown.Lookup(f.Name).DefValue = f.DefValue
		}
	})
	shown.PrintDefaults()
}
