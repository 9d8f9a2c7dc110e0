package chemicals

import "strings"

// Language variants of catalog keys: Spanish, Portuguese and Italian end
// chemical nouns in -ina, -ona, -ano, -eno, -ido, -amida (efedrina,
// piperidona, nitroetano, benzaldehído), German in -in, -on, -an, -en,
// -id, -amid (Ephedrin, Piperidon, Nitroethan, Benzylchlorid); Spanish
// writes benzyl "bencil"; ketone is "cetona"/"cétone"/"Keton". The words of
// a name change their endings together, so one key per language family is
// added for each name (addVariants drops a key two entries would share).

// langEndings rewrite the ending of a canonical word, longest first.
var langEndings = [...][]struct{ from, to string }{
	{ // Spanish (with "bencil" for benzyl)
		{"ketone", "cetona"}, {"amide", "amida"}, {"amine", "amina"}, {"ine", "ina"}, {"one", "ona"}, {"ane", "ano"},
		{"ene", "eno"}, {"ide", "ido"},
	},
	{ // Portuguese, Italian
		{"ketone", "cetona"}, {"amide", "amida"}, {"amine", "amina"}, {"ine", "ina"}, {"one", "ona"}, {"ane", "ano"},
		{"ene", "eno"}, {"ide", "ido"},
	},
	{ // German
		{"ketone", "keton"}, {"amide", "amid"}, {"amine", "amin"}, {"ine", "in"}, {"one", "on"}, {"ane", "an"},
		{"ene", "en"}, {"ide", "id"},
	},
	{ // French: only the ketone
		{"ketone", "cetone"},
	},
}

// languageKeys returns p's key as the language families spell it, each
// different from the key.
func languageKeys(p pattern) []string {
	if p.kind != kindName || letters(p.key) < 6 {
		return nil
	}
	var n normText
	n.normalize(p.src)
	var keys []string
	for li, endings := range langEndings {
		var b strings.Builder
		for _, t := range n.toks {
			if t.cs >= int32(len(p.key)) {
				break // trailing salt words left out of the key
			}
			w := string(n.buf[t.cs:t.ce])
			if !t.digits {
				w = languageWord(w, endings, li == 0)
			}
			b.WriteString(w)
		}
		if k := b.String(); k != p.key {
			keys = append(keys, k)
		}
	}
	return keys
}

// languageWord rewrites one canonical word's ending (and, in Spanish,
// "benzil" as "bencil").
func languageWord(w string, endings []struct{ from, to string }, spanish bool) string {
	if spanish {
		w = strings.ReplaceAll(w, "benzil", "bencil")
	}
	for _, e := range endings {
		if len(w) >= len(e.from)+3 && strings.HasSuffix(w, e.from) {
			return w[:len(w)-len(e.from)] + e.to
		}
		if i := strings.Index(w, e.from); e.from == "ketone" && i >= 0 {
			return w[:i] + e.to + w[i+len(e.from):]
		}
	}
	return w
}
