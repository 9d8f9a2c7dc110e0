package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// flagSynonyms maps each flag name shared by subcommands to the names the
// same thing must not take anywhere (the first ones are former names).
var flagSynonyms = map[string][]string{
	flagRules:          {"rules-dir", "rule-pack", "pack", "rules-path"},
	flagCatalog:        {"catalog-file", "catalog-path"},
	flagHTTP:           {"http-listen", "listen", "http-addr", "metrics-addr", "addr"},
	"config":           {"config-file", "c"},
	"workers":          {"concurrency", "threads", "jobs", "j"},
	"batch-size":       {"batch"},
	"partitions":       {"num-partitions"},
	"log-level":        {"loglevel", "verbosity"},
	"seed":             {"random-seed"},
	"risky-pct":        {"risky", "risky-percent"},
	"malformed-pct":    {"malformed", "malformed-percent"},
	flagLists:          {"parties-lists", "list-files", "sanctions-lists", "list"},
	flagListExceptions: {"exceptions", "party-exceptions", "parties-exceptions"},
}

// helpFlag is one flag as -h lists it.
type helpFlag struct{ name, usage string }

// helpFlagRE matches a flag in flag.PrintDefaults output: its name, then
// its usage on the same line (one-letter booleans) or the next.
var helpFlagRE = regexp.MustCompile(`(?m)^  -([\w-]+)[^\n\t]*(?:\t|\n    \t)(.*)$`)

// everyCommandHelp returns the -h output of every command and subcommand
// of the binary, by command line ("run", "catalog lookup", ...).
func everyCommandHelp(t *testing.T) map[string]string {
	t.Helper()
	help := map[string]string{}
	for _, c := range commands() {
		_, out, errs := runCmd(t, c.name, "-h")
		subs := regexp.MustCompile(`(?m)^  precursor `+c.name+` (\w+)`).FindAllStringSubmatch(out+errs, -1)
		if len(subs) == 0 {
			help[c.name] = out + errs
		}
		for _, s := range subs {
			_, out, errs := runCmd(t, c.name, s[1], "-h")
			help[c.name+" "+s[1]] = out + errs
		}
	}
	if len(help) < 10 {
		t.Fatalf("found only %d commands: %v", len(help), help)
	}
	return help
}

// One name per thing in every subcommand: the shared flags keep their
// name and meaning wherever they appear, and no subcommand calls them
// otherwise (a deprecated alias is not listed by -h).
func TestFlagNamesAreConsistent(t *testing.T) {
	canonicalUsage := map[string]string{flagRules: usageRules, flagCatalog: usageCatalog, flagHTTP: usageHTTP,
		flagLists: usageLists, flagListExceptions: usageListExceptions}
	synonymOf := map[string]string{}
	for name, syns := range flagSynonyms {
		for _, s := range syns {
			synonymOf[s] = name
		}
	}
	seen := map[string][]string{}
	for cmd, help := range everyCommandHelp(t) {
		for _, m := range helpFlagRE.FindAllStringSubmatch(help, -1) {
			f := helpFlag{name: m[1], usage: m[2]}
			seen[f.name] = append(seen[f.name], cmd)
			if want, ok := synonymOf[f.name]; ok {
				t.Errorf("precursor %s --%s: call it --%s, as the other subcommands do", cmd, f.name, want)
			}
			if u, ok := canonicalUsage[f.name]; ok && !strings.HasPrefix(f.usage, strings.ReplaceAll(u, "`", "")) {
				t.Errorf("precursor %s --%s means %q; everywhere else %q", cmd, f.name, f.usage, u)
			}
		}
	}
	for _, name := range []string{flagRules, flagCatalog, flagHTTP, flagLists, flagListExceptions, "workers", "partitions", "seed"} {
		if len(seen[name]) < 2 {
			t.Errorf("--%s is used by %v; the test expects it in several subcommands", name, seen[name])
		}
	}
	t.Logf("shared flags: rules %v, catalog %v, http %v", sorted(seen[flagRules]), sorted(seen[flagCatalog]), sorted(seen[flagHTTP]))
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

// `rules lint` and `rules test` take the pack as --rules DIR too, as score,
// demo and run do.
func TestRulesPackFlag(t *testing.T) {
	pack := "../../rules/testdata/pack"
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"rules", "lint", "--rules", pack}, exitOK, ""},
		{[]string{"rules", "lint", "--rules", pack, pack}, exitOK, ""},
		{[]string{"rules", "lint", "--rules", pack, "../../rules/default"}, exitUsage, "two rule packs"},
		{[]string{"rules", "lint", "--rules", "no/such/pack"}, exitFindings, "rule pack no/such/pack: no such file or directory"},
		{[]string{"catalog", "lint", "--catalog", "../../chemicals/testdata/catalog/minimal.good.yaml"}, exitOK, ""},
	}
	for _, tc := range tests {
		code, out, errs := runCmd(t, tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.want) {
			t.Errorf("precursor %s: exit %d, want %d with %q\nstdout: %s\nstderr: %s",
				strings.Join(tc.args, " "), code, tc.code, tc.want, out, errs)
		}
	}
}
