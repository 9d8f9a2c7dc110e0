package listfmt

import (
	"strings"
	"testing"
)

// TestYAMLAliasBombRefused: curated lists and exception files go through
// the YAML bounds (yamlsrc) like every YAML source.
func TestYAMLAliasBombRefused(t *testing.T) {
	bomb := "x0: &a0 [x, y]\n"
	for i := 1; i <= 8; i++ {
		bomb += "x" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" +
			strings.TrimSuffix(strings.Repeat("*a"+string(rune('0'+i-1))+", ", 9), ", ") + "]\n"
	}
	_, err := Parse("l.yaml", []byte("list: {id: x, title: y, published: 2025-01-01}\nentries: []\n"+bomb), FormatCurated, Limits{})
	if err == nil || !strings.Contains(err.Error(), "l.yaml:8:") || !strings.Contains(err.Error(), "alias *a4") {
		t.Errorf("curated list: err = %v, want l.yaml:8: ... alias *a4", err)
	}
	_, err = ParseExceptions("x.yaml", []byte("exceptions: []\n"+bomb))
	if err == nil || !strings.Contains(err.Error(), "x.yaml:7:") || !strings.Contains(err.Error(), "alias *a4") {
		t.Errorf("exceptions: err = %v, want x.yaml:7: ... alias *a4", err)
	}
}
