package pipeline

import (
	"os"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// TestOperationsDocListsEveryMetric keeps the metric table of
// docs/operations.md honest: every precursor_ metric the service registers
// must be documented there.
func TestOperationsDocListsEveryMetric(t *testing.T) {
	doc, err := os.ReadFile("../docs/operations.md")
	if err != nil {
		t.Fatalf("read docs/operations.md: %v", err)
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
		if !strings.Contains(string(doc), "`"+name+"`") {
			t.Errorf("docs/operations.md does not document metric %s", name)
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
