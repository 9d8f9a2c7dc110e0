package parties

import (
	"context"
	"errors"
	"fmt"

	"github.com/precursorwatch/precursor/parties/sample"
)

// SampleConfig loads the embedded sample lists (package sample) with the
// default matching: what the demo, `precursor score`, `precursor rules
// test` and a service configured without lists screen against.
func SampleConfig() Config {
	cfg := Config{Match: DefaultMatchConfig(), FS: sample.FS()}
	for _, p := range sample.Paths() {
		cfg.Lists = append(cfg.Lists, Source{Path: p})
	}
	return cfg
}

// LoadSample loads the embedded sample lists.
func LoadSample(ctx context.Context) (*Snapshot, error) { return Load(ctx, SampleConfig()) }

// ErrExceptionsWithoutLists is returned by NewConfig for exceptions files
// without list files: exceptions name entries of the lists one loads.
var ErrExceptionsWithoutLists = errors.New("exceptions need lists: they name entries of the lists you load")

// NewConfig builds the loading configuration from list arguments (PATH or
// ID=PATH, see ParseSource) and exceptions files, with the default
// matching: the sample lists when lists is empty. It reads no file.
func NewConfig(lists, exceptions []string) (Config, error) {
	if len(lists) == 0 {
		if len(exceptions) > 0 {
			return Config{}, ErrExceptionsWithoutLists
		}
		return SampleConfig(), nil
	}
	cfg := Config{Match: DefaultMatchConfig(), Exceptions: exceptions}
	var errs []error
	for _, arg := range lists {
		src, err := ParseSource(arg)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cfg.Lists = append(cfg.Lists, src)
	}
	for _, x := range exceptions {
		if x == "" {
			errs = append(errs, fmt.Errorf("exceptions: empty path"))
		}
	}
	return cfg, errors.Join(errs...)
}
