package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
)

func init() {
	// Other test files of this package may define -update as well; define
	// it only once.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// volatile matches the parts of an alert that change whenever the catalog
// or the rule pack changes (content hashes and the alert id derived from
// them); golden files pin everything else.
var volatile = regexp.MustCompile(`"(hash|alert_id)":"[0-9a-f]+"`)

func normalizeAlerts(b []byte) []byte {
	return volatile.ReplaceAll(b, []byte(`"$1":"<$1>"`))
}

// checkGolden compares got with testdata/score/NAME, rewriting it with
// -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "score", name)
	if updateGolden() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -run %s -update rewrites it)\n--- got\n%s\n--- want\n%s",
			name, t.Name(), got, want)
	}
}

func runScoreCmd(t testing.TB, stdin io.Reader, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	err = runScore(context.Background(), args, stdio{in: stdin, out: &out, err: &errb})
	return out.String(), errb.String(), err
}

const sampleFile = "testdata/score/sample.jsonl"

// TestScoreGolden pins the alerts (JSONL) and the stderr summary of the
// sample: risky, benign and malformed lines.
func TestScoreGolden(t *testing.T) {
	stdout, stderr, err := runScoreCmd(t, nil, "--workers", "3", sampleFile)
	if err != nil {
		t.Fatalf("runScore: %v\n%s", err, stderr)
	}
	checkGolden(t, "sample.alerts.jsonl", normalizeAlerts([]byte(stdout)))
	checkGolden(t, "sample.summary.txt", []byte(stderr))
	for _, want := range []string{"line 3: syntax:", "line 6: invalid: origin.country", "line 9: ", "line 12: syntax:"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
}

// TestScoreTableGolden pins the table format.
func TestScoreTableGolden(t *testing.T) {
	stdout, stderr, err := runScoreCmd(t, nil, sampleFile, "--format", "table") // flags may follow FILE
	if err != nil {
		t.Fatalf("runScore: %v\n%s", err, stderr)
	}
	checkGolden(t, "sample.table.txt", []byte(stdout))
}

// bigInput repeats the sample's lines n times with distinct shipment ids.
func bigInput(t testing.TB, n int) []byte {
	t.Helper()
	data, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for i := range n {
		b.Write(bytes.ReplaceAll(data, []byte(`"SMP-`), []byte(fmt.Sprintf(`"R%05d-`, i))))
	}
	return b.Bytes()
}

// TestScoreOrderIndependentOfWorkers checks that many workers keep the
// output in input order: the output equals the single-worker output.
func TestScoreOrderIndependentOfWorkers(t *testing.T) {
	in := bigInput(t, 150) // 2100 lines: several chunks
	one, sum1, err := runScoreCmd(t, bytes.NewReader(in), "--workers", "1", "-")
	if err != nil {
		t.Fatal(err)
	}
	many, sum4, err := runScoreCmd(t, bytes.NewReader(in), "--workers", "4", "-")
	if err != nil {
		t.Fatal(err)
	}
	if one != many {
		t.Error("output with 4 workers differs from 1 worker")
	}
	if sum1 != sum4 {
		t.Errorf("summaries differ:\n%s\n%s", sum1, sum4)
	}
	if n := strings.Count(one, "\n"); n != 150*6 {
		t.Errorf("%d alerts, want %d", n, 150*6)
	}
	if !strings.Contains(sum1, "... and ") {
		t.Errorf("summary does not cap the invalid-line list:\n%s", sum1)
	}
}

// TestScoreTooLongLine feeds a line over manifest.MaxEventBytes: it is
// reported invalid with its line number and the run goes on.
func TestScoreTooLongLine(t *testing.T) {
	data, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	first := data[:bytes.IndexByte(data, '\n')+1]
	var in bytes.Buffer
	in.WriteString(`{"pad":"`)
	in.Write(bytes.Repeat([]byte("x"), manifest.MaxEventBytes))
	in.WriteString("\"}\n")
	in.Write(first)
	stdout, stderr, err := runScoreCmd(t, &in, "-")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "line 1: too_large: line longer than 1048576 bytes, skipped") {
		t.Errorf("summary:\n%s", stderr)
	}
	if !strings.Contains(stdout, `"shipment_id":"SMP-0001"`) || strings.Count(stdout, "\n") != 1 {
		t.Errorf("line 2 not scored; stdout:\n%s", stdout)
	}
}

// TestScoreMinSeverity checks --min-severity: "none" writes an alert for
// every scored line, "critical" only the critical ones.
func TestScoreMinSeverity(t *testing.T) {
	all, _, err := runScoreCmd(t, nil, "--min-severity", "none", sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(all, "\n"); n != 9 {
		t.Errorf("--min-severity none: %d alerts, want 9 (every valid line)", n)
	}
	crit, _, err := runScoreCmd(t, nil, "--min-severity", "critical", sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(crit), "\n") {
		if !strings.Contains(line, `"severity":"critical"`) {
			t.Errorf("non-critical alert with --min-severity critical: %s", line)
		}
	}
}

func TestScoreUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"a.jsonl", "b.jsonl"},
		{"--format", "xml", sampleFile},
		{"--min-severity", "severe", sampleFile},
		{"--workers", "0", sampleFile},
		{"--progress", "sometimes", sampleFile},
	} {
		_, _, err := runScoreCmd(t, nil, args...)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("args %q: err = %v, want a usage error", args, err)
		}
	}
	if _, _, err := runScoreCmd(t, nil, "testdata/score/does-not-exist.jsonl"); err == nil {
		t.Error("missing input file: no error")
	}
}

// TestLineReader covers line terminators, a missing final newline and the
// length limit.
func TestLineReader(t *testing.T) {
	const max = 8
	in := "\uFEFFa\r\nbb\n\n12345678\n123456789\nlast"
	type line struct {
		text    string
		tooLong bool
	}
	want := []line{{"a", false}, {"bb", false}, {"", false}, {"12345678", false}, {"", true}, {"last", false}}
	lr := newLineReader(strings.NewReader(in), max)
	for i, w := range want {
		got, tooLong, err := lr.next()
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if string(got) != w.text || tooLong != w.tooLong || lr.line != i+1 {
			t.Errorf("line %d = %q, %t (number %d), want %q, %t", i+1, got, tooLong, lr.line, w.text, w.tooLong)
		}
	}
	if _, _, err := lr.next(); !errors.Is(err, io.EOF) {
		t.Errorf("after the last line: err = %v, want EOF", err)
	}
	if lr.read != int64(len(in)) {
		t.Errorf("read %d bytes, want %d", lr.read, len(in))
	}
}

// TestLineReaderLongLineBounded checks that a line far longer than the
// bufio buffer is skipped and the next line read intact.
func TestLineReaderLongLineBounded(t *testing.T) {
	in := strings.Repeat("y", 300<<10) + "\nnext\n"
	lr := newLineReader(strings.NewReader(in), 1024)
	if _, tooLong, err := lr.next(); err != nil || !tooLong {
		t.Fatalf("long line: tooLong=%t err=%v", tooLong, err)
	}
	if cap(lr.buf) > 1024+64<<10 {
		t.Errorf("buffer grew to %d bytes for a skipped line", cap(lr.buf))
	}
	if got, _, _ := lr.next(); string(got) != "next" {
		t.Errorf("next line = %q", got)
	}
}

// BenchmarkScoreCommand measures the offline scorer end to end (read,
// decode, enrich, score, encode alerts, in order) on the sample repeated,
// with all cores; the engine is loaded once.
func BenchmarkScoreCommand(b *testing.B) {
	in := bigInput(b, 200)
	lines := bytes.Count(in, []byte("\n"))
	e, err := rules.LoadEngine("", "")
	if err != nil {
		b.Fatal(err)
	}
	o, err := parseScoreFlags([]string{"-"}, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for range b.N {
		err := scoreWith(context.Background(), e, o, stdio{in: bytes.NewReader(in), out: io.Discard, err: io.Discard})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(lines*b.N)/b.Elapsed().Seconds(), "lines/s")
}

// TestScoreInterrupted cancels a run whose input never ends (a terminal
// or a stalled pipe): it returns promptly with the context error and the
// summary says it was interrupted.
func TestScoreInterrupted(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	data, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	go pw.Write(data) // then block: the pipe stays open
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- runScore(ctx, []string{"-"}, stdio{in: pr, out: &out, err: &errb})
	}()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("runScore did not return after cancellation")
	}
	if !strings.Contains(errb.String(), "interrupted:") {
		t.Errorf("summary does not say interrupted:\n%s", errb.String())
	}
}

// TestScoreProgressBar forces the bar on: it is drawn on stderr and erased
// before the summary, and stdout is unaffected.
func TestScoreProgressBar(t *testing.T) {
	plain, _, err := runScoreCmd(t, nil, sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runScoreCmd(t, nil, "--progress", "always", sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	if stdout != plain {
		t.Error("progress bar changed stdout")
	}
	bar := strings.Index(stderr, "\r[")
	erase := strings.LastIndex(stderr, "\r\033[K")
	summary := strings.Index(stderr, "precursor score ")
	if bar != 0 || erase < bar || summary < erase {
		t.Errorf("bar at %d, erase at %d, summary at %d:\n%q", bar, erase, summary, stderr)
	}
	if !strings.Contains(stderr, "100% 14 lines") {
		t.Errorf("bar does not reach 100%%: %q", stderr)
	}
}

// FuzzLineReader compares the line reader with a plain split on "\n":
// same lines (minus a trailing "\r" and a first-line BOM), lines over the
// limit (terminator excluded, BOM included) flagged instead of returned,
// byte count exact, never a panic.
func FuzzLineReader(f *testing.F) {
	f.Add([]byte("a\r\nbb\n\nlast"), uint8(4))
	f.Add([]byte("\uFEFF{}\n"), uint8(1))
	f.Add([]byte(strings.Repeat("x", 300)+"\ny"), uint8(16))
	f.Fuzz(func(t *testing.T, in []byte, max uint8) {
		lr := newLineReader(bytes.NewReader(in), int(max))
		want := strings.Split(string(in), "\n")
		if len(in) == 0 || in[len(in)-1] == '\n' {
			want = want[:len(want)-1]
		}
		for i, w := range want {
			got, tooLong, err := lr.next()
			if err != nil {
				t.Fatalf("line %d: %v", i+1, err)
			}
			w = strings.TrimSuffix(w, "\r")
			if tooLong != (len(w) > int(max)) {
				t.Fatalf("line %d (%d bytes, max %d): tooLong = %t", i+1, len(w), max, tooLong)
			}
			if i == 0 {
				w = strings.TrimPrefix(w, "\uFEFF")
			}
			if !tooLong && string(got) != w {
				t.Fatalf("line %d = %q, want %q", i+1, got, w)
			}
		}
		if _, _, err := lr.next(); !errors.Is(err, io.EOF) {
			t.Fatalf("after %d lines: err = %v, want EOF", len(want), err)
		}
		if lr.read != int64(len(in)) {
			t.Fatalf("read %d bytes, want %d", lr.read, len(in))
		}
	})
}

// TestScoreExitCodes: score exits 0 when at least one line was scored,
// whatever it found, and 1 when none could be: an empty input, blank
// lines only, or nothing but invalid lines (a wrong file or format).
func TestScoreExitCodes(t *testing.T) {
	data, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	first := string(data[:bytes.IndexByte(data, '\n')+1])
	for _, tt := range []struct {
		name, in string
		code     int
		stderr   string
	}{
		{"one good line among bad ones", "not json\n" + first + "{}\n", exitOK, "1 scored, 2 invalid"},
		{"empty input", "", exitFindings, "no line of - could be scored (0 lines, 0 invalid, 0 blank)"},
		{"blank lines only", "\n\n  \n", exitFindings, "no line of - could be scored (3 lines, 0 invalid, 3 blank)"},
		{"a CSV file", "shipment_id,origin\nX,CN\n", exitFindings, "no line of - could be scored (2 lines, 2 invalid, 0 blank)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), []string{"score", "-"}, stdio{in: strings.NewReader(tt.in), out: &out, err: &errb})
			if code != tt.code || !strings.Contains(errb.String(), tt.stderr) {
				t.Errorf("exit %d, want %d; stderr lacks %q:\n%s", code, tt.code, tt.stderr, errb.String())
			}
		})
	}
}
