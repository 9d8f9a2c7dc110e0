package deploy_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// repoRoot is the repository root, relative to this package's directory
// (where go test runs).
const repoRoot = ".."

// readFile returns the file at path (relative to deploy/).
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// decodeYAML decodes the single document of the YAML file at path into v.
func decodeYAML(t *testing.T, path string, v any) {
	t.Helper()
	if err := yaml.Unmarshal(readFile(t, path), v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// yamlDocs decodes every document of a YAML stream.
func yamlDocs(data []byte) ([]map[string]any, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []map[string]any
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return docs, err
		}
		docs = append(docs, doc)
	}
}

// deployFiles lists the files under deploy/ with one of the extensions.
func deployFiles(t *testing.T, exts ...string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, ext := range exts {
			if strings.HasSuffix(path, ext) {
				files = append(files, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestEveryYAMLAndJSONFileParses(t *testing.T) {
	yamls := deployFiles(t, ".yml", ".yaml")
	if len(yamls) < 15 {
		t.Errorf("only %d YAML files under deploy/: %v", len(yamls), yamls)
	}
	for _, f := range yamls {
		docs, err := yamlDocs(readFile(t, f))
		if err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if len(docs) == 0 {
			t.Errorf("%s: no YAML document", f)
		}
	}
	jsons := deployFiles(t, ".json")
	if len(jsons) == 0 {
		t.Error("no JSON file under deploy/ (the dashboard is missing)")
	}
	for _, f := range jsons {
		var v any
		if err := json.Unmarshal(readFile(t, f), &v); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// mustExist reports an error unless path exists; what says who names it.
func mustExist(t *testing.T, what, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

// mount is a bind mount of a container: host path (relative to deploy/)
// to container path.
type mount struct{ host, container string }

// hostPath maps a container path to the host through the longest mount
// that contains it; ok is false when no mount does.
func hostPath(mounts []mount, p string) (string, bool) {
	best := -1
	for i, m := range mounts {
		if (p == m.container || strings.HasPrefix(p, strings.TrimSuffix(m.container, "/")+"/")) &&
			(best < 0 || len(m.container) > len(mounts[best].container)) {
			best = i
		}
	}
	if best < 0 {
		return "", false
	}
	m := mounts[best]
	return filepath.Join(m.host, strings.TrimPrefix(p, m.container)), true
}

func TestHostPath(t *testing.T) {
	mounts := []mount{{"./prometheus", "/etc/prometheus"}, {"../rules/default", "/etc/precursor/rules"}, {"./p.yaml", "/etc/precursor/precursor.yaml"}}
	for _, tc := range []struct{ in, want string }{
		{"/etc/prometheus/alerts.yml", "prometheus/alerts.yml"},
		{"/etc/precursor/rules", "../rules/default"},
		{"/etc/precursor/precursor.yaml", "p.yaml"},
		{"/etc/prometheusx/a.yml", ""},
		{"/etc/other", ""},
	} {
		got, _ := hostPath(mounts, tc.in)
		if got != tc.want {
			t.Errorf("hostPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// splitKV splits "key=value" (kustomize file sources); without "=" the key
// is the file's base name.
func splitKV(s string) (key, file string) {
	if k, v, ok := strings.Cut(s, "="); ok {
		return k, v
	}
	return filepath.Base(s), s
}
