package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/internal/testpki"
	"github.com/precursorwatch/precursor/pipeline"
	"github.com/twmb/franz-go/pkg/kfake"
)

func TestRunConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "precursor.yaml")
	writeRunFile(t, file, "brokers: [file:9092]\ngroup_id: from-file\nbatch_size: 100\nbatch_timeout: 20ms\ntopics:\n  input: file-in\n")
	env := map[string]string{
		"PRECURSOR_CONFIG":        file,
		"PRECURSOR_GROUP_ID":      "from-env",
		"PRECURSOR_BATCH_SIZE":    "200",
		"PRECURSOR_SASL_PASSWORD": "s3cret",
	}
	cfg, _, err := loadRunConfig([]string{"--batch-size", "300", "--create-topics", "--sasl-mechanism", "PLAIN", "--sasl-username", "u"},
		func(k string) string { return env[k] }, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"brokers from file", cfg.Brokers[0], "file:9092"},
		{"group: env over file", cfg.GroupID, "from-env"},
		{"batch size: flag over env over file", cfg.BatchSize, 300},
		{"batch timeout from file", cfg.BatchTimeout, 20 * time.Millisecond},
		{"input topic from file", cfg.Topics.Input, "file-in"},
		{"alerts topic default", cfg.Topics.Alerts, "precursor-alerts"},
		{"bool flag without value", cfg.CreateTopics, true},
		{"password from env", cfg.SASL.Password, "s3cret"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestRunConfigErrors(t *testing.T) {
	dir := t.TempDir()
	unknown := filepath.Join(dir, "unknown.yaml")
	writeRunFile(t, unknown, "brokers: [a:1]\nbatch_sise: 3\n")
	nested := filepath.Join(dir, "nested.yaml")
	writeRunFile(t, nested, "brokers: [a:1]\ntls:\n  enabled: true\n  ca_fil: ca.pem\ntopics:\n  alert: x\n")
	values := filepath.Join(dir, "values.yaml")
	writeRunFile(t, values, "brokers: [a:1]\nbatch_size: lots\nworkers: [1, 2]\ncreate_topics: maybe\nbatch_timeout: 5\ngroup_id: a\ngroup_id: b\n")
	shape := filepath.Join(dir, "shape.yaml")
	writeRunFile(t, shape, "brokers: [a:1]\ntls: true\n")
	syntax := filepath.Join(dir, "syntax.yaml")
	writeRunFile(t, syntax, "brokers: [a:1\nworkers: 2\n")
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string // substrings of the error
	}{
		{"no brokers", nil, nil, []string{"brokers: at least one broker is required"}},
		{"every problem at once", []string{"--brokers", "nohost", "--batch-size", "0", "--log-format", "xml"}, nil,
			[]string{`brokers[0]: "nohost" is not host:port`, "batch_size: 0 is outside", `log_format: "xml"`}},
		{"bad env value", []string{"--brokers", "a:1"}, map[string]string{"PRECURSOR_BATCH_TIMEOUT": "soon"},
			[]string{"env PRECURSOR_BATCH_TIMEOUT", "not a duration"}},
		{"unknown yaml key has its position and the key meant", []string{"--config", unknown}, nil,
			[]string{`unknown.yaml:2:1: unknown configuration key "batch_sise"; did you mean "batch_size"?`}},
		{"unknown nested keys", []string{"--config", nested}, nil,
			[]string{`nested.yaml:4:3: unknown configuration key "tls.ca_fil"; did you mean "tls.ca_file"?`,
				`nested.yaml:6:3: unknown configuration key "topics.alert"; did you mean "topics.alerts"?`}},
		{"bad values, every one, in the configuration's words", []string{"--config", values}, nil,
			[]string{`values.yaml:2:13: batch_size: the value is not an integer`, `values.yaml:3:10: workers: the value is not an integer`,
				`values.yaml:4:16: create_topics: the value is not true or false`, `values.yaml:5:16: batch_timeout: the value is not a duration`,
				"values.yaml:7:1: key group_id is set twice (first at line 6)"}},
		{"a section that is not a mapping", []string{"--config", shape}, nil, []string{"shape.yaml:2:6: tls: want a mapping of tls.* keys, not a scalar"}},
		{"yaml syntax in plain words", []string{"--config", syntax}, nil, []string{`syntax.yaml:1:10: a list opened with "[" is not closed`}},
		{"sasl without user", []string{"--brokers", "a:1", "--sasl-mechanism", "SCRAM-SHA-512"}, nil,
			[]string{"sasl.username: required", "sasl.password: required"}},
		{"stray argument", []string{"--brokers", "a:1", "extra"}, nil, []string{"unexpected arguments"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := loadRunConfig(tc.args, func(k string) string { return tc.env[k] }, &bytes.Buffer{})
			var ue usageError
			if !errors.As(err, &ue) {
				t.Fatalf("err = %v, want a usage error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if regexp.MustCompile(`pipeline\.|\bin type\b|!!str|unmarshal`).MatchString(err.Error()) {
				t.Errorf("error %q speaks Go or yaml.v3", err)
			}
		})
	}
}

func TestRunCheckRedactsPassword(t *testing.T) {
	var out bytes.Buffer
	t.Setenv("PRECURSOR_SASL_PASSWORD", "hunter2")
	err := runRun(t.Context(), []string{"--brokers", "a:1", "--sasl-mechanism", "PLAIN", "--sasl-username", "u", "--check"},
		stdio{out: &out, err: &bytes.Buffer{}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "hunter2") || !strings.Contains(out.String(), "<redacted>") {
		t.Errorf("--check output leaks or lacks the redacted password:\n%s", out.String())
	}
}

func TestRunPasswordFile(t *testing.T) {
	pw := filepath.Join(t.TempDir(), "pw")
	writeRunFile(t, pw, "from-file\n")
	cfg, _, err := loadRunConfig([]string{"--brokers", "a:1", "--sasl-mechanism", "SCRAM-SHA-256", "--sasl-username", "u", "--sasl-password-file", pw},
		func(string) string { return "" }, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SASL.Password != "from-file" {
		t.Errorf("password = %q, want the file's content without newline", cfg.SASL.Password)
	}
}

func writeRunFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// The shipped example configuration must stay valid.
func TestRunExampleConfigIsValid(t *testing.T) {
	cfg, _, err := loadRunConfig([]string{"--config", "../../deploy/precursor.example.yaml"}, func(string) string { return "" }, &bytes.Buffer{})
	if err != nil {
		t.Fatalf("deploy/precursor.example.yaml: %v", err)
	}
	if len(cfg.Brokers) != 2 || cfg.GroupID != "precursor" {
		t.Errorf("example config decoded as %+v", cfg)
	}
}

// runLogBuffer is a bytes.Buffer safe for the logger and the test to share.
type runLogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *runLogBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *runLogBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runRun against an in-process broker: it creates its topics, reloads on
// SIGHUP and stops cleanly when its context ends.
func TestRunServesAndReloadsOnSIGHUP(t *testing.T) {
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(0))
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	var logs runLogBuffer
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- runRun(ctx, []string{"--brokers", strings.Join(cluster.ListenAddrs(), ","), "--create-topics",
			"--http", "", "--group-id", "run-test", "--log-format", "json"}, stdio{out: &bytes.Buffer{}, err: &logs})
	}()
	waitLog := func(what string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(logs.String(), what) {
			if time.Now().After(deadline) {
				cancel()
				t.Fatalf("log lacks %q after 10s:\n%s", what, logs.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitLog(`"msg":"consuming"`) // SIGHUP is handled from before this line
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitLog("SIGHUP: reloading party lists, rules and catalog")
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(logs.String(), "reloaded rules and catalog") < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := strings.Count(logs.String(), "reloaded rules and catalog"); n != 2 {
		t.Errorf("%d reload lines, want 2 (start and SIGHUP):\n%s", n, logs.String())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("runRun: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("runRun did not stop")
	}
	waitLog("pipeline stopped")
}

// FuzzReadConfigFile: any bytes as a config file yield a config or an
// error, never a panic, and a decoded config never fails validation by
// panicking.
func FuzzReadConfigFile(f *testing.F) {
	example, _ := os.ReadFile("../../deploy/precursor.example.yaml")
	f.Add(example)
	f.Add([]byte("brokers: [a:1]\nbatch_timeout: 5\n"))
	f.Add([]byte("topics: {input: [1,2]}\nsasl: 3\n"))
	path := filepath.Join(f.TempDir(), "c.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg := pipeline.DefaultConfig()
		if err := readConfigFile(path, &cfg, runSettings(), func(string) {}); err == nil {
			_ = cfg.Validate()
		}
	})
}

// runCmd runs `precursor ARGS...` and returns the exit code and streams.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(t.Context(), args, stdio{in: strings.NewReader(""), out: &out, err: &errb})
	return code, out.String(), errb.String()
}

// `run --check` does everything the service does at start short of
// connecting, so a setup that would fail at start fails the check, naming
// every problem with its position or path.
func TestRunCheckFindsStartupFailures(t *testing.T) {
	dir := t.TempDir()
	pack := filepath.Join(dir, "pack")
	if err := os.Mkdir(pack, 0o755); err != nil {
		t.Fatal(err)
	}
	writeRunFile(t, filepath.Join(pack, "ruleset.yaml"), "name: bad\nversion: \"1\"\n")
	writeRunFile(t, filepath.Join(pack, "fen.yaml"), "rules:\n  - id: FEN-001\n    title: t\n    score: 10\n    when: hasChemical(\"4-ap2\")\n"+
		"  - id: FEN-002\n    title: t\n    score: 10\n    when: noSuchFunc(1)\n")
	catalog := filepath.Join(dir, "catalog.yaml")
	writeRunFile(t, catalog, "version: x\nentries:\n  - id: a\n  - id: a\n")
	notPEM := filepath.Join(dir, "not.pem")
	writeRunFile(t, notPEM, "hello\n")
	emptyPW := filepath.Join(dir, "empty-pw")
	writeRunFile(t, emptyPW, "\n")
	goodCert, goodKey := testpki.SelfSigned(t, "good", time.Now().Add(24*time.Hour)).WriteFiles(t, dir, "good")
	oldCert, oldKey := testpki.SelfSigned(t, "old", time.Now().Add(-24*time.Hour)).WriteFiles(t, dir, "old")
	missing := filepath.Join(dir, "missing")
	tests := []struct {
		name string
		args []string
		env  string // PRECURSOR_SASL_PASSWORD
		want []string
	}{
		{"rule pack with errors", []string{"--rules", pack}, "",
			[]string{pack + `/fen.yaml:5:23: rule "FEN-001": unknown chemical id "4-ap2"`, pack + `/fen.yaml:9:11: rule "FEN-002"`, "2 problem(s)"}},
		{"missing rule pack", []string{"--rules", missing}, "", []string{"rules: " + missing + ": no such file or directory"}},
		{"rule pack is a file", []string{"--rules", notPEM}, "", []string{"rules: " + notPEM + ": not a directory"}},
		{"missing catalog", []string{"--catalog", missing}, "", []string{"catalog: " + missing + ": no such file or directory"}},
		{"catalog errors, every one", []string{"--catalog", catalog}, "",
			[]string{catalog + `:3:5: entry "a"`, catalog + `:4:9: duplicate entry id "a" (first at line 3)`}},
		{"missing CA", []string{"--tls-enabled", "--tls-ca-file", missing}, "", []string{"tls ca_file: " + missing + ": no such file or directory"}},
		{"CA not PEM", []string{"--tls-enabled", "--tls-ca-file", notPEM}, "", []string{"tls ca_file: " + notPEM + ": no PEM certificate"}},
		{"missing client key", []string{"--tls-enabled", "--tls-cert-file", goodCert, "--tls-key-file", missing}, "", []string{"tls cert_file " + goodCert + ", key_file " + missing}},
		{"key of another certificate", []string{"--tls-enabled", "--tls-cert-file", goodCert, "--tls-key-file", oldKey}, "", []string{"private key does not match public key"}},
		{"expired client certificate", []string{"--tls-enabled", "--tls-cert-file", oldCert, "--tls-key-file", oldKey}, "", []string{"tls cert_file: " + oldCert + ": certificate expired on"}},
		{"every problem at once", []string{"--rules", missing, "--tls-enabled", "--tls-ca-file", notPEM}, "", []string{"rules: ", "tls ca_file: ", "2 problem(s)"}},
		{"configuration, rules, catalog, TLS and SASL problems at once", []string{"--batch-size", "0", "--rules", pack, "--candidate-rules", missing,
			"--tls-enabled", "--tls-ca-file", notPEM, "--sasl-mechanism", "PLAIN", "--sasl-username", "u", "--sasl-password-file", missing}, "",
			[]string{"batch_size: 0 is outside", "candidate_rules: " + missing + ": no such file or directory", "tls ca_file: " + notPEM,
				"sasl.password_file: " + missing, "problem(s)"}},
		{"candidate pack with errors", []string{"--candidate-rules", pack}, "", []string{pack + `/fen.yaml:5:23: rule "FEN-001": unknown chemical id "4-ap2"`}},
		{"rules are not checked against a broken catalog", []string{"--catalog", catalog, "--rules", pack}, "",
			[]string{"rules: not checked: the catalog does not load", catalog + ":4:9"}},
		{"missing password file", []string{"--sasl-mechanism", "PLAIN", "--sasl-username", "u", "--sasl-password-file", missing}, "",
			[]string{"sasl.password_file: " + missing + ": no such file or directory"}},
		{"empty password file", []string{"--sasl-mechanism", "PLAIN", "--sasl-username", "u", "--sasl-password-file", emptyPW}, "",
			[]string{"sasl.password_file: " + emptyPW + ": empty"}},
		{"SCRAM password SASLprep rejects", []string{"--sasl-mechanism", "SCRAM-SHA-512", "--sasl-username", "u"}, "bell\a", []string{"sasl: the password has a character that SASLprep"}},
		{"SCRAM user name SASLprep rejects", []string{"--sasl-mechanism", "SCRAM-SHA-256", "--sasl-username", "u\a"}, "pw", []string{`sasl: username "u\a" has a character that SASLprep`}},
		{"missing structure resolver jar", []string{"--structure-jar", missing}, "", []string{"structure.jar: " + missing + ": no such file or directory (build it with make resolver)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("PRECURSOR_SASL_PASSWORD", tc.env)
			code, out, errs := runCmd(t, append([]string{"run", "--brokers", "x:1", "--check"}, tc.args...)...)
			if code != exitFindings || strings.Contains(out, "valid") {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, exitFindings, out, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			if tc.env != "" && strings.Contains(out+errs, strings.TrimRight(tc.env, "\a")) {
				t.Errorf("output leaks the password:\n%s", errs)
			}
		})
	}
	t.Run("valid TLS, rules and catalog", func(t *testing.T) {
		code, out, errs := runCmd(t, "run", "--brokers", "x:1", "--check", "--rules", "../../rules/testdata/pack",
			"--tls-enabled", "--tls-ca-file", goodCert, "--tls-cert-file", goodCert, "--tls-key-file", goodKey)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		for _, w := range []string{"# configuration is valid\n", "# rules: test-pack 0.1.0 (", "# catalog: ", "ca_file: " + goodCert} {
			if !strings.Contains(out, w) {
				t.Errorf("stdout lacks %q:\n%s", w, out)
			}
		}
	})
}
