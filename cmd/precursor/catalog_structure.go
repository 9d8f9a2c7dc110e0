package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/structure"
)

// structureLint holds the flags of `catalog lint --structure`: family
// patterns are checked by a structure resolver, reached at --resolver or
// started from --resolver-jar for the duration of the command.
type structureLint struct {
	on  bool
	url string
	jar string
}

// resolverStopGrace bounds how long a resolver started by lint gets to exit.
const resolverStopGrace = 5 * time.Second

func (l *structureLint) register(fs *flag.FlagSet) {
	fs.BoolVar(&l.on, "structure", false, "also check family patterns with the structure resolver (every pattern compiles, matches its family's structures and no look-alike)")
	fs.StringVar(&l.url, "resolver", "http://127.0.0.1:8795", "structure resolver `URL` for --structure")
	fs.StringVar(&l.jar, "resolver-jar", "", "start the resolver from this `JAR` (make resolver) instead of using --resolver")
}

// open returns the resolver URL, starting the resolver if a jar was given,
// and a function that stops what it started.
func (l *structureLint) open(ctx context.Context) (string, func(), error) {
	if l.jar == "" {
		return l.url, func() {}, nil
	}
	p, err := structure.Start(ctx, structure.StartConfig{Jar: l.jar, Stderr: os.Stderr})
	if err != nil {
		return "", nil, err
	}
	return p.URL, func() { p.Stop(resolverStopGrace) }, nil
}

// check lints the catalog's family patterns and prints every problem. It
// reports whether there were any.
func (l *structureLint) check(ctx context.Context, url string, c *chemicals.Catalog, s stdio) (bool, error) {
	errs, err := structure.Lint(ctx, url, c, structure.DefaultLookalikes())
	if err != nil {
		return false, fmt.Errorf("catalog lint --structure: %w", err)
	}
	for _, e := range errs {
		fmt.Fprintln(s.out, e)
	}
	if len(errs) == 0 {
		fmt.Fprintf(s.out, "%s: structure ok: %d patterns\n", c.Source, len(c.Patterns()))
	}
	return len(errs) > 0, nil
}

var errNoResolver = errors.New("catalog lint --structure: no resolver")
