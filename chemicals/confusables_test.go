package chemicals

import (
	"testing"

	"github.com/precursorwatch/precursor/chemicals/internal/confusablesgen/table"
)

// TestConfusablesTableCurrent: the generated table is what the Unicode
// confusables data gives (run go generate ./chemicals after upgrading it).
func TestConfusablesTableCurrent(t *testing.T) {
	want := table.Folds()
	if len(want) != len(confusableFolds) {
		t.Fatalf("confusables_table.go has %d folds, the data gives %d: run go generate ./chemicals", len(confusableFolds), len(want))
	}
	for i, f := range want {
		if got := confusableFolds[i]; got.r != f.Rune || got.latin != f.Latin {
			t.Fatalf("fold %d: table has %U %q, the data gives %U %q: run go generate ./chemicals", i, got.r, got.latin, f.Rune, f.Latin)
		}
	}
	for _, tt := range []struct {
		r    rune
		want string
	}{{'а', "a"}, {'ο', "o"}, {'р', "p"}, {'І', "i"}, {'𝐍', "n"}, {'Ꭺ', "a"}} {
		if got, _ := confusableLatin(tt.r); got != tt.want {
			t.Errorf("confusableLatin(%q) = %q, want %q", tt.r, got, tt.want)
		}
	}
}
