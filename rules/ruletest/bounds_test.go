package ruletest

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// mergeBombFile is the rule test file: a case whose manifest
// nests merge keys ten levels deep, each level merging the previous one
// nine times (9^10 mappings in about 750 bytes).
func mergeBombFile() string {
	var b strings.Builder
	b.WriteString("# nested merge keys: each level merges the previous one nine times\n")
	b.WriteString("tests:\n  - name: merge-key bomb\n    fires: [FEN-001]\n    manifest:\n")
	b.WriteString("      l0: &a0 {description: x}\n")
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&b, "      l%d: &a%d {<<: [%s]}\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d,", i-1), 9), ","))
	}
	return b.String()
}

// TestMergeKeyBombRefused: the file is refused at once with a positioned
// error instead of expanding 9^10 mappings (before the YAML bounds it ran
// for hours: time grows ninefold per level).
func TestMergeKeyBombRefused(t *testing.T) {
	src := mergeBombFile()
	t.Logf("%d bytes", len(src))
	fsys := fstest.MapFS{"bomb_test.yaml": {Data: []byte(src)}}
	e := loadDefaultEngine(t)
	done := make(chan Report, 1)
	go func() { done <- run(t.Context(), e, fsys, "pack") }()
	var rep Report
	select {
	case rep = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("rule test run did not return within 10s")
	}
	if len(rep.Errors) != 1 || len(rep.Cases) != 0 {
		t.Fatalf("errors %v, %d cases run; want one error and no case", rep.Errors, len(rep.Cases))
	}
	d := rep.Errors[0]
	if d.File != "pack/bomb_test.yaml" || d.Line != 11 || !strings.Contains(d.Message, "alias *a4") {
		t.Errorf("error = %v, want pack/bomb_test.yaml:11:...: alias *a4 ...", d)
	}
}
