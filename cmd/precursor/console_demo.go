package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/precursorwatch/precursor/console"
	"golang.org/x/crypto/bcrypt"
)

// demoConsoleUser is the account `precursor demo --console` creates.
const demoConsoleUser = "analyst"

// startConsole runs the triage console on the demo's broker, with a
// generated account, until ctx ends; the returned function waits for it
// to stop. It prints where to sign in.
func (d *demo) startConsole(ctx context.Context, log *slog.Logger) (wait func() error, err error) {
	password := rand.Text()[:12]
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return nil, err
	}
	cfg := console.DefaultConfig()
	cfg.Listen = demoConsoleAddr(d.flags.consoleListen)
	cfg.Brokers = d.broker.Addrs()
	cfg.AlertsTopic = d.cfg.Topics.Alerts
	cfg.Partitions = d.flags.partitions
	cons, err := console.New(cfg, console.Options{Logger: log, Accounts: map[string][]byte{demoConsoleUser: hash}})
	if err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cons.Run(ctx) }()
	deadline := time.Now().Add(consoleStartTimeout)
	for cons.Addr() == "" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Fprintf(d.s.err, "precursor demo: triage console at http://%s/ — sign in as %s / %s\n", cons.Addr(), demoConsoleUser, password)
	return func() error { return <-done }, nil
}

// demoConsoleAddr falls back to a free loopback port when the console's
// default port is taken.
func demoConsoleAddr(addr string) string {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "127.0.0.1:0"
	}
	ln.Close()
	return addr
}
