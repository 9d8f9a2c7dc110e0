package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mainEnv makes the test binary run main() with its arguments: the
// standard helper-process pattern, so signal tests run the real command.
const mainEnv = "PRECURSOR_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" {
		os.Args = append([]string{"precursor"}, os.Args[1:]...)
		main()
		return
	}
	os.Exit(m.Run())
}

// slowRuleTests writes a rule pack whose rule is the cubic rule,
// forced past lint, with cases of 1,000-item manifests: each case takes
// the whole per-shipment time budget.
func slowRuleTests(t *testing.T, cases int) string {
	t.Helper()
	dir := t.TempDir()
	var items strings.Builder
	for i := 1; i <= 1000; i++ {
		if i > 1 {
			items.WriteByte(',')
		}
		fmt.Fprintf(&items, `{"line":%d,"description":"4-anilinopiperidine","quantity":1,"unit":"kg"}`, i)
	}
	var tests strings.Builder
	tests.WriteString("tests:\n")
	for i := range cases {
		fmt.Fprintf(&tests, "  - name: case %d\n    manifest_file: testdata/big.json\n    fires: [S-001]\n", i)
	}
	files := map[string]string{
		"ruleset.yaml":   "name: slow\nversion: \"1\"\ncost_budget: 100_000_000_000\n",
		"slow.yaml":      "rules:\n  - id: S-001\n    title: slow\n    score: 50\n    when: all(items, {all(items, {all(items, {.line > 0})})})\n",
		"slow_test.yaml": tests.String(),
		"testdata/big.json": `{"schema_version":1,"event_type":"filed","event_time":"2026-03-01T00:00:00Z","origin":{"country":"CN"},` +
			`"destination":{"country":"MX"},"shipper":{"name":"S","country":"CN"},"consignee":{"name":"C","country":"MX"},"items":[` + items.String() + `]}`,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		writeRunFile(t, p, body)
	}
	return dir
}

// fifo makes a named pipe nobody writes to: reading it blocks for ever,
// the way a huge or slow input would.
func fifo(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	return p
}

// TestCommandsStopOnSignal runs each command in a child process on an
// input that keeps it busy, signals it, and requires it to end promptly
// with exit status 128+signal. Rule tests and score stop through their
// context at once; a command blocked in a read no context reaches (a YAML
// file that never ends) is ended by main after stopGrace. (Before, rules
// test ran every slow case to the end and a blocked command ignored
// SIGINT and SIGTERM.)
func TestCommandsStopOnSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := t.TempDir()
	pack := slowRuleTests(t, 40)
	tests := []struct {
		name   string
		args   []string
		stdin  bool // an open stdin that never ends
		sig    syscall.Signal
		within time.Duration
	}{
		{"rules test", []string{"rules", "test", pack}, false, syscall.SIGINT, time.Second},
		{"score", []string{"score", "--progress", "never", "-"}, true, syscall.SIGTERM, time.Second},
		{"rules lint", []string{"rules", "lint", filepath.Dir(fifo(t, t.TempDir(), "rules.yaml"))}, false, syscall.SIGTERM, stopGrace + time.Second},
		{"catalog lint", []string{"catalog", "lint", fifo(t, dir, "catalog.yaml")}, false, syscall.SIGINT, stopGrace + time.Second},
		{"parties lint", []string{"parties", "lint", fifo(t, dir, "list.yaml")}, false, syscall.SIGTERM, stopGrace + time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], tt.args...)
			cmd.Env = append(os.Environ(), mainEnv+"=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if tt.stdin {
				r, w, err := os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				defer w.Close()
				defer r.Close()
				cmd.Stdin = r
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				t.Fatalf("ended before the signal: %v\n%s", err, stderr.String())
			case <-time.After(3 * time.Second): // loaded and busy, even on a loaded machine
			}
			sent := time.Now()
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-done:
				took := time.Since(sent)
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.ExitCode() != 128+int(tt.sig) {
					t.Errorf("exit: %v, want status %d\n%s", err, 128+int(tt.sig), stderr.String())
				}
				if took > tt.within {
					t.Errorf("ended %v after the signal, want within %v", took, tt.within)
				}
				t.Logf("ended %v after %v: %s", took.Round(time.Millisecond), tt.sig, strings.TrimSpace(stderr.String()))
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("still running 10s after %v\n%s", tt.sig, stderr.String())
			}
		})
	}
}
