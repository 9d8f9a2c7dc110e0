package structure

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// StartConfig says how to run the resolver as a child process, for a single
// machine (`precursor demo --structure`, tests). Deployments run it as a
// service instead and give the client its URL.
type StartConfig struct {
	// Jar is the resolver jar (`make resolver` builds .cache/resolver/resolver.jar). Required.
	Jar string
	// Java is the java executable (default "java" on PATH).
	Java string
	// JVMArgs are passed before -jar (default: "-Xmx128m", "-XX:+UseSerialGC").
	JVMArgs []string
	// Args are passed to the resolver (default: "-listen", "127.0.0.1:0").
	Args []string
	// StartTimeout bounds the wait for the resolver to announce its port
	// (default 60s: the JVM and OPSIN start in a few seconds on two cores).
	StartTimeout time.Duration
	// Stderr receives the resolver's standard error (default: discarded).
	Stderr io.Writer
}

// Process is a running resolver child process.
type Process struct {
	// URL is the resolver's base URL for Config.URL.
	URL  string
	cmd  *exec.Cmd
	done chan struct{}
	err  error // set before done closes
	once sync.Once
}

// Start runs the resolver and waits until it listens. Cancelling ctx after
// Start returns does not stop it: call Stop.
func Start(ctx context.Context, cfg StartConfig) (*Process, error) {
	if cfg.Jar == "" {
		return nil, errors.New("start resolver: no jar (build it with make resolver)")
	}
	if _, err := os.Stat(cfg.Jar); err != nil {
		return nil, fmt.Errorf("start resolver: %w (build it with make resolver)", err)
	}
	if cfg.Java == "" {
		cfg.Java = "java"
	}
	if cfg.JVMArgs == nil {
		cfg.JVMArgs = []string{"-Xmx128m", "-XX:+UseSerialGC"}
	}
	if cfg.Args == nil {
		cfg.Args = []string{"-listen", "127.0.0.1:0"}
	}
	if cfg.StartTimeout == 0 {
		cfg.StartTimeout = 60 * time.Second
	}
	args := append(append(append([]string(nil), cfg.JVMArgs...), "-jar", cfg.Jar), cfg.Args...)
	cmd := exec.Command(cfg.Java, args...)
	cmd.Stderr = cfg.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("start resolver: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start resolver: %w", err)
	}
	p := &Process{cmd: cmd, done: make(chan struct{})}
	addr := make(chan string, 1)
	go p.readStdout(out, addr)
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	timer := time.NewTimer(cfg.StartTimeout)
	defer timer.Stop()
	select {
	case a := <-addr:
		p.URL = "http://" + a
		return p, nil
	case <-p.done:
		return nil, fmt.Errorf("start resolver: exited before listening: %v", p.err)
	case <-timer.C:
		p.Kill()
		return nil, fmt.Errorf("start resolver: not listening after %v", cfg.StartTimeout)
	case <-ctx.Done():
		p.Kill()
		return nil, fmt.Errorf("start resolver: %w", ctx.Err())
	}
}

// listeningPrefix starts the line the resolver prints once it accepts requests.
const listeningPrefix = "resolver listening on "

// readStdout sends the announced address and drains the rest.
func (p *Process) readStdout(r io.Reader, addr chan<- string) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if a, ok := strings.CutPrefix(sc.Text(), listeningPrefix); ok {
			select {
			case addr <- strings.TrimSpace(a):
			default:
			}
		}
	}
}

// PID returns the child's process id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Done is closed when the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Stop asks the resolver to exit (SIGTERM) and kills it if it has not
// within grace. It returns once the process is gone.
func (p *Process) Stop(grace time.Duration) {
	p.once.Do(func() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(grace):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
}

// Kill ends the process at once (SIGKILL), as a crash would.
func (p *Process) Kill() {
	p.once.Do(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
	})
}
