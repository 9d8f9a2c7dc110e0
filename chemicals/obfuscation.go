package chemicals

import "strings"

// Obfuscation is the set of text tricks a match was seen through. The zero
// value means none: the name was written plainly.
type Obfuscation uint8

// Text tricks.
const (
	// ObfHomoglyph: letters of another script or mathematical letters that
	// look like Latin ones (Cyrillic "а", Greek omicron, 𝐍), folded to the
	// Latin letter by the Unicode confusables data (UTS #39 skeleton).
	ObfHomoglyph Obfuscation = 1 << iota
	// ObfInvisible: zero-width and formatting characters inside a name
	// (zero-width space, joiner and non-joiner, soft hyphen, word joiner,
	// bidi controls, variation selectors), which were removed.
	ObfInvisible
	// ObfSpacing: a name letter-spaced ("p h e n y l") or with its words
	// joined by separators other than spaces and hyphens ("phenyl_acetone").
	ObfSpacing
	// ObfLeet: digits written for letters inside a chemical word
	// ("ph3nylacetone", "n0rfentanyl").
	ObfLeet
)

var obfuscationNames = [...]string{"homoglyph", "invisible", "spacing", "leet"}

// Names returns the tricks in o by name, in a fixed order; nil for none.
func (o Obfuscation) Names() []string {
	var out []string
	for i, n := range obfuscationNames {
		if o&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// String returns the tricks joined by "+" ("homoglyph+leet"), or "".
func (o Obfuscation) String() string { return strings.Join(o.Names(), "+") }

// Has reports whether o includes every trick of x.
func (o Obfuscation) Has(x Obfuscation) bool { return o&x == x }

// ParseObfuscation reads the names String writes ("homoglyph+leet").
func ParseObfuscation(s string) (Obfuscation, bool) {
	var o Obfuscation
	if s == "" {
		return 0, true
	}
	for _, part := range strings.Split(s, "+") {
		i := 0
		for i < len(obfuscationNames) && obfuscationNames[i] != part {
			i++
		}
		if i == len(obfuscationNames) {
			return 0, false
		}
		o |= 1 << i
	}
	return o, true
}
