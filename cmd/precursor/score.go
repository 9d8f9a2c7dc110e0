package main

import (
	"context"
	"errors"
)

// PLACEHOLDER: replaced by the owner of this subcommand.
func runScore(_ context.Context, _ []string, _ stdio) error {
	return errors.New("not implemented yet")
}
