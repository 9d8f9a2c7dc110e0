package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// references resolves a rule's references against the catalog's sources
// registry, the project's one list of sources, reporting every key it
// does not declare where the key is written.
func (c *compiler) references(d *rulefmt.Rule) []Reference {
	if len(d.References) == 0 {
		return nil
	}
	out := make([]Reference, 0, len(d.References))
	for _, ref := range d.References {
		var src, ok = c.sourceOf(ref.Key)
		if !ok {
			c.ds.Errorf(ref.Pos, d.Subject(), "references: unknown source %q (not in the catalog's sources%s)",
				ref.Key, c.didYouMean(ref.Key))
			continue
		}
		out = append(out, Reference{Source: ref.Key, Title: src.Title, URL: src.URL, Note: ref.Note})
	}
	return out
}

func (c *compiler) sourceOf(key string) (Reference, bool) {
	if c.cat == nil {
		return Reference{}, false
	}
	s, ok := c.cat.Sources[key]
	return Reference{Title: s.Title, URL: s.URL}, ok
}

// didYouMean suggests the declared key closest to key: the same but for
// case and look-alike characters (O for 0, l or I for 1), or else at most
// three keys one edit (insertion, deletion, substitution, swap) away.
func (c *compiler) didYouMean(key string) string {
	if c.cat == nil {
		return ""
	}
	var near []string
	for k := range c.cat.Sources {
		if lookAlike(k) == lookAlike(key) {
			return fmt.Sprintf("; did you mean %q?", k)
		}
		if oneEdit(k, key) {
			near = append(near, k)
		}
	}
	if len(near) == 0 || len(near) > 3 {
		return ""
	}
	slices.Sort(near)
	return fmt.Sprintf("; did you mean %s?", quoteAll(near))
}

// lookAlike folds case and characters typed for one another.
func lookAlike(s string) string {
	return strings.ToUpper(strings.NewReplacer("O", "0", "o", "0", "l", "1", "I", "1").Replace(s))
}

// oneEdit reports whether a and b differ by one insertion, deletion,
// substitution or swap of adjacent bytes.
func oneEdit(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i == len(a) {
			return false
		}
		return a[i+1:] == b[i+1:] || i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return a[i+1:] == b[i:]
	}
	return false
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
