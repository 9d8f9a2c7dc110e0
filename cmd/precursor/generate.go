package main

import (
	"context"
	"errors"
)

// PLACEHOLDER: replaced by the owner of this subcommand.
func runGenerate(_ context.Context, _ []string, _ stdio) error {
	return errors.New("not implemented yet")
}
