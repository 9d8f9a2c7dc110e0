package pipeline

import (
	"os"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// TestReadmeListsEveryMetric keeps the README's metric table honest: every
// precursor_ metric the binary registers must be documented there.
func TestReadmeListsEveryMetric(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatalf("read README: %v", err)
	}
	reg := prometheus.NewRegistry()
	NewMetrics(reg)
	descs := make(chan *prometheus.Desc)
	go func() { reg.Describe(descs); close(descs) }()
	for d := range descs {
		name := descName(d)
		if !strings.HasPrefix(name, "precursor_") {
			continue
		}
		if !strings.Contains(string(readme), "`"+name+"`") {
			t.Errorf("README.md does not document metric %s", name)
		}
	}
}

// descName extracts fqName from a Desc's String form; client_golang exposes
// no accessor for it.
func descName(d *prometheus.Desc) string {
	s := d.String()
	const key = `fqName: "`
	i := strings.Index(s, key)
	if i < 0 {
		return ""
	}
	s = s[i+len(key):]
	return s[:strings.IndexByte(s, '"')]
}
