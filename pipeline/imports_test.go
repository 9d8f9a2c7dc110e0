package pipeline

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestServiceImportsNoDevelopmentHelpers keeps the development helpers
// (synthetic manifests, the embedded broker) out of the service: only
// cmd/precursor and tests may import them.
func TestServiceImportsNoDevelopmentHelpers(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	const internal = "github.com/precursorwatch/precursor/internal/"
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, internal+"synth") || strings.HasPrefix(path, internal+"embedded") {
				t.Errorf("%s imports the development helper %s", fset.Position(imp.Pos()), path)
			}
		}
	}
}
