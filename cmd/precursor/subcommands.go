package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"strings"
)

// dispatch runs the subcommand of a command group (`precursor catalog
// lookup`, `precursor rules lint`): args[0] names it, usage prints the
// group's help.
func dispatch(ctx context.Context, args []string, s stdio, subs []command, usage func(io.Writer)) error {
	names := make([]string, len(subs))
	for i, c := range subs {
		names[i] = c.name
	}
	want := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	if len(args) == 0 {
		usage(s.err)
		return usagef("missing subcommand: %s", want)
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(s.out)
		return nil
	}
	for _, c := range subs {
		if c.name == args[0] {
			return c.run(ctx, args[1:], s)
		}
	}
	usage(s.err)
	return usagef("unknown subcommand %q: want %s", args[0], want)
}

// parseOptionalDir parses flags and at most one positional DIR, in any
// order; "" means the embedded default.
func parseOptionalDir(fs *flag.FlagSet, args []string, what string) (string, error) {
	dirs, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return "", err // the flag set has printed its usage
	}
	if err != nil {
		return "", usagef("%v", err)
	}
	if len(dirs) > 1 {
		return "", usagef("want at most one %s DIR, got %d", what, len(dirs))
	}
	if len(dirs) == 1 {
		return dirs[0], nil
	}
	return "", nil
}

// parsePackArgs parses the flags and the rule pack of `rules lint` and
// `rules test`: an optional DIR argument, or --rules DIR as in the other
// subcommands. It then checks that the pack and *catalogFile (set by the
// flags) exist, naming them as the user gave them.
func parsePackArgs(fs *flag.FlagSet, args []string, catalogFile *string) (string, error) {
	var flagDir string
	rulesFlag(fs, &flagDir)
	dir, err := parseOptionalDir(fs, args, "rule pack")
	if err != nil {
		return "", err
	}
	switch {
	case flagDir != "" && dir != "" && flagDir != dir:
		return "", usagef("two rule packs: --rules %s and %s", flagDir, dir)
	case flagDir != "":
		dir = flagDir
	}
	return dir, checkPackInputs(dir, *catalogFile)
}
