package chemicals

import "testing"

// TestEveryNameResolvesToItsEntry: every name the matcher collects (curated
// and structure-verified generated names, in every script; unverified ones
// stay out of its dictionary) resolves to its entry, and to no entry of
// another family with confidence >= 0.5, and is not read as disguised (a
// Russian or Japanese name is no homoglyph trick). A name of two entries
// would make the identity a guess; a generated name that resolved
// elsewhere would name another structure.
func TestEveryNameResolvesToItsEntry(t *testing.T) {
	c := mustDefault(t)
	m := NewMatcher(c)
	for _, e := range c.Entries {
		for _, n := range e.Names {
			if n.Status == NameUnverified {
				continue
			}
			res := m.Match(Item{Description: n.Text})
			own := false
			for _, mt := range res.Matches {
				switch {
				case mt.Entry == e && mt.Confidence >= 0.5:
					own = true
					if mt.Obfuscation != 0 {
						t.Errorf("%s name %q (%s, %s) is read as disguised (%s)", e.ID, n.Text, n.Status, n.Lang, mt.Obfuscation)
					}
				case mt.Entry != e && mt.Entry.Family != e.Family && mt.Confidence >= 0.5:
					t.Errorf("%s name %q (%s, %s) resolves to %s (%s %.2f %q)",
						e.ID, n.Text, n.Status, n.Lang, mt.Entry.ID, mt.Method, mt.Confidence, mt.Text)
				}
			}
			if !own {
				t.Errorf("%s name %q (%s, %s) does not resolve to its entry: %v", e.ID, n.Text, n.Status, n.Lang, brief(res))
			}
		}
	}
}

func brief(res Result) []string {
	var out []string
	for _, mt := range res.Matches {
		out = append(out, mt.Entry.ID+" "+string(mt.Method))
	}
	return out
}
