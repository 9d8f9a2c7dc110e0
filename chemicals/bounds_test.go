package chemicals

import (
	"strings"
	"testing"
)

// TestParseRefusesAliasBomb: the catalog and the generated names go
// through the YAML bounds (yamlsrc) like every source.
func TestParseRefusesAliasBomb(t *testing.T) {
	src := "version: x\nl0: &a0 [x, y]\n"
	for i := 1; i <= 8; i++ {
		src += "l" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" +
			strings.TrimSuffix(strings.Repeat("*a"+string(rune('0'+i-1))+", ", 9), ", ") + "]\n"
	}
	_, err := Parse("c.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "c.yaml:7:") || !strings.Contains(err.Error(), "alias *a4") {
		t.Errorf("catalog: err = %v, want c.yaml:7: ... alias *a4", err)
	}
	_, err = ParseWithNames("catalog.yaml", defaultCatalog, "names.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "names.yaml:7:") || !strings.Contains(err.Error(), "alias *a4") {
		t.Errorf("generated names: err = %v, want names.yaml:7: ... alias *a4", err)
	}
}
