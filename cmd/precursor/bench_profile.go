package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"sync"
)

// benchProfiles names the files the profiles of the first pipeline phase
// go to; "" skips a profile.
type benchProfiles struct {
	cpu, block, mutex, trace string
}

// Sampling of the block and mutex profiles while they run: every blocking
// event of 10 µs or more, and one mutex contention event in 10.
const (
	blockProfileRate     = 10000 // ns
	mutexProfileFraction = 10
)

func (p *benchProfiles) register(fs *flag.FlagSet) {
	fs.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile of the first pipeline phase to this file")
	fs.StringVar(&p.block, "blockprofile", "", "write a block profile (where goroutines wait) of the first pipeline phase to this file")
	fs.StringVar(&p.mutex, "mutexprofile", "", "write a mutex contention profile of the first pipeline phase to this file")
	fs.StringVar(&p.trace, "trace", "", "write an execution trace of the first pipeline phase to this file")
}

// start starts the profiles asked for and returns the function that stops
// them and writes the files; calling it more than once is safe.
func (p benchProfiles) start() (stop func() error, err error) {
	var stops []func() error
	stopAll := func() error {
		var errs []error
		for _, s := range stops {
			errs = append(errs, s())
		}
		return errors.Join(errs...)
	}
	defer func() {
		if err != nil {
			stopAll()
		}
	}()
	if p.cpu != "" {
		s, err := startStream(p.cpu, pprof.StartCPUProfile, pprof.StopCPUProfile)
		if err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
		stops = append(stops, s)
	}
	if p.trace != "" {
		s, err := startStream(p.trace, trace.Start, trace.Stop)
		if err != nil {
			return nil, fmt.Errorf("trace: %w", err)
		}
		stops = append(stops, s)
	}
	if p.block != "" {
		runtime.SetBlockProfileRate(blockProfileRate)
		stops = append(stops, snapshot("block", p.block, func() { runtime.SetBlockProfileRate(0) }))
	}
	if p.mutex != "" {
		runtime.SetMutexProfileFraction(mutexProfileFraction)
		stops = append(stops, snapshot("mutex", p.mutex, func() { runtime.SetMutexProfileFraction(0) }))
	}
	var once sync.Once
	var stopErr error
	return func() error { once.Do(func() { stopErr = stopAll() }); return stopErr }, nil
}

// startStream starts a profile that streams into a file (CPU, trace).
func startStream(path string, start func(w io.Writer) error, stop func()) (func() error, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() error { stop(); return f.Close() }, nil
}

// snapshot returns the function that writes the named profile, collected
// since sampling was switched on, to path and switches sampling off.
func snapshot(name, path string, off func()) func() error {
	return func() error {
		defer off()
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("%s profile: %w", name, err)
		}
		if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
			f.Close()
			return fmt.Errorf("%s profile: %w", name, err)
		}
		return f.Close()
	}
}
