package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// Signals. SIGINT and SIGTERM cancel the context every command runs with,
// and every command threads it into its work: the service drains within
// shutdown_timeout, rule tests stop between cases and stop the case
// scoring, score stops reading. Some work cannot look at a context (parsing
// one large YAML or list file), so a command that has not returned
// stopGrace after the signal is ended by main, and so is any command on a
// second signal. The commands that drain Kafka clients (run, demo, bench)
// bound their own stop and get no grace from main. An interrupted command
// exits 128+signal (130 for SIGINT, 143 for SIGTERM) unless it stopped
// cleanly on its own (run after a complete drain exits 0).

// stopGrace is how long a command may take to return after a signal.
const stopGrace = 2 * time.Second

// drains lists the commands that bound their own stop.
var drains = map[string]bool{"run": true, "demo": true, "bench": true}

// interrupt is a signal-cancelled context and what main does about it.
type interrupt struct {
	ctx    context.Context
	cancel context.CancelFunc
	stderr io.Writer
	exit   func(code int)
	grace  time.Duration // 0: no hard stop on the first signal

	mu  sync.Mutex
	sig os.Signal // the first signal, or nil
}

// watchSignals starts watching SIGINT and SIGTERM for the command cmd;
// stop ends the watch.
func watchSignals(cmd string, stderr io.Writer, exit func(int)) (*interrupt, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	in := &interrupt{ctx: ctx, cancel: cancel, stderr: stderr, exit: exit, grace: stopGrace}
	if drains[cmd] {
		in.grace = 0
	}
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-ch:
				in.receive(s)
			case <-done:
				return
			}
		}
	}()
	return in, func() { signal.Stop(ch); close(done); cancel() }
}

// receive handles one signal: the first cancels the context (and, for a
// command without a drain of its own, arms the hard stop), a second ends
// the process at once.
func (in *interrupt) receive(s os.Signal) {
	in.mu.Lock()
	first := in.sig == nil
	if first {
		in.sig = s
	}
	in.mu.Unlock()
	if !first {
		fmt.Fprintf(in.stderr, "precursor: second signal (%v): exiting now\n", s)
		in.exit(signalCode(s))
		return
	}
	in.cancel()
	if in.grace > 0 {
		time.AfterFunc(in.grace, func() {
			fmt.Fprintf(in.stderr, "precursor: interrupted (%v); the command did not stop within %v\n", s, in.grace)
			in.exit(signalCode(s))
		})
	}
}

// signal returns the first signal received, or nil.
func (in *interrupt) signal() os.Signal {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.sig
}

// exitCode maps a command's exit code after a signal: a command that did
// not end cleanly exits 128+signal.
func (in *interrupt) exitCode(code int) int {
	if s := in.signal(); s != nil && code != exitOK {
		return signalCode(s)
	}
	return code
}

// signalCode is the shell's exit status of a process ended by s.
func signalCode(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 128 + int(syscall.SIGINT)
}
