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

// TestDroppable checks droppable against droppedWord on every raw token of
// the test descriptions: a token droppedWord drops must get through.
func TestDroppable(t *testing.T) {
	texts := []string{"2H-1,3-benzodioxol-5-yl", "N-phenethyl-4-piperidone", "(R)-d-amphetamine", "dl-ephedrine",
		"rac-methamphetamine", "1-benzylpiperidin-4-one", "beta-phenylethylamine", "t-Boc-4-AP", "tert-butoxycarbonyl"}
	for _, r := range readTSV(t, "testdata/benign.txt", 2) {
		texts = append(texts, r.fields[0])
	}
	for _, r := range readTSV(t, "testdata/positives.tsv", 5) {
		texts = append(texts, r.fields[2])
	}
	for _, s := range texts {
		checkDroppable(t, s)
	}
}

// FuzzDroppable checks droppable against droppedWord on any text.
func FuzzDroppable(f *testing.F) {
	f.Add("2H-1,3-benzodioxol-5-yl")
	f.Add("N-(1-phenethyl-4-piperidyl)-N-phenylpropanamide")
	f.Add("d-pseudoephedrine HCl, tert-butyl")
	f.Fuzz(func(t *testing.T, s string) {
		checkDroppable(t, s)
	})
}

// checkDroppable normalises s and checks every raw token the rewrite
// read.
func checkDroppable(t *testing.T, s string) {
	t.Helper()
	var n normText
	n.normalize(s) // the rewrite leaves the raw tokens as it read them
	for i := range n.raws {
		if n.droppedWord(i) && !n.droppable(i) {
			t.Fatalf("%q: raw token %d %q is dropped but droppable says no", s, i, n.word(i))
		}
	}
}
