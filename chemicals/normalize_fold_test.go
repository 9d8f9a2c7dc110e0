package chemicals

import "testing"

// foldPairs is fold as its rule reads: left to right, a p or t followed by
// an h becomes f or t and takes the h with it; y becomes i.
func foldPairs(w []byte) []byte {
	var out []byte
	for k := 0; k < len(w); k++ {
		c := w[k]
		switch {
		case c == 'y':
			c = 'i'
		case (c == 'p' || c == 't') && k+1 < len(w) && w[k+1] == 'h':
			if c == 'p' {
				c = 'f'
			}
			k++
		}
		out = append(out, c)
	}
	return out
}

func TestFold(t *testing.T) {
	for _, w := range []string{"", "h", "hh", "ph", "th", "phh", "pth", "pph", "tth", "yph", "phyh",
		"phenethyl", "methylphenidate", "sulphate", "ephedrine", "ehpedrine", "phenehtyl", "thiophene"} {
		checkFold(t, "x", w)
	}
}

// FuzzFold compares fold with the pair-by-pair rule, after text already in
// the buffer.
func FuzzFold(f *testing.F) {
	f.Add("p", "hhenyl")
	f.Add("", "methylphenethylamine")
	f.Add("t", "phthalic")
	f.Fuzz(func(t *testing.T, before, w string) {
		checkFold(t, before, w)
	})
}

func checkFold(t *testing.T, before, w string) {
	t.Helper()
	n := normText{buf: []byte(before)}
	n.fold([]byte(w))
	if got, want := string(n.buf), before+string(foldPairs([]byte(w))); got != want {
		t.Fatalf("fold(%q) after %q = %q, want %q", w, before, got, want)
	}
}
