package chemicals

import "strings"

// German chemical names are compound words with the class last
// ("Phenylessigsäureethylester", "Propionsäureanhydrid",
// "Ephedrinhydrochlorid"); foreignNames (nomenclature_latin.go) splits them
// into the English words with germanCompound.

// mayBeGerman is a quick test for germanSuffix: a long word ending as
// its suffixes do (-re, -id, -at, -er).
func mayBeGerman(w []byte) bool {
	if len(w) < 7 {
		return false
	}
	switch string(w[len(w)-2:]) {
	case "re", "id", "at", "er":
		return true
	}
	return false
}

// germanSuffixes are the class endings of German compounds, with what
// they become; the stem before them is rewritten by germanStem.
var germanSuffixes = [...]struct{ from, to string }{
	{"saeureanhydrid", "ic anhydride"}, {"saureanhydrid", "ic anhydride"},
	{"saeurechlorid", "ic acid chloride"}, {"saurechlorid", "ic acid chloride"},
	{"saeure", "ic acid"}, {"saure", "ic acid"},
	{"hydrochlorid", " hydrochloride"}, {"sulfat", " sulfate"},
}

// esterWord reports whether w may be the acid part of a Romance ester
// name ("acrilato" of "acrilato de metilo").
func esterWord(w []byte) bool {
	return len(w) > 4 && w[len(w)-3] == 'a' && w[len(w)-2] == 't' && (w[len(w)-1] == 'o' || w[len(w)-1] == 'e')
}

// germanSuffix returns the class suffix w ends in, or "".
func germanSuffix(w string) string {
	if k := germanEster(w); k > 0 {
		return w[k:]
	}
	for _, s := range germanSuffixes {
		if len(w) > len(s.from)+2 && strings.HasSuffix(w, s.from) {
			return s.from
		}
	}
	return ""
}

// germanEster returns where "<alkyl>ester" starts at the end of w, or 0.
func germanEster(w string) int {
	if len(w) < 12 || !strings.HasSuffix(w, "ester") {
		return 0
	}
	stem := w[:len(w)-len("ester")]
	best := 0 // the longest alkyl: "methylester" is not "m" + "ethylester"
	for a := range alkylWords {
		if len(stem) > len(a)+3 && strings.HasSuffix(stem, a) && len(a) > best {
			best = len(a)
		}
	}
	if best == 0 {
		return 0
	}
	return len(stem) - best
}

// germanCompound returns the English words of a German compound name
// ("Phenylessigsäureethylester" → "phenylacetic acid ethyl ester"), or "".
func germanCompound(w string) string {
	if len(w) < 7 {
		return ""
	}
	tail := ""
	if k := germanEster(w); k > 0 {
		tail = " " + w[k:len(w)-len("ester")] + " ester"
		w = w[:k]
	}
	for _, s := range germanSuffixes {
		if len(w) > len(s.from)+2 && strings.HasSuffix(w, s.from) {
			stem := w[:len(w)-len(s.from)]
			if s.to[0] == 'i' { // an acid: the stem takes -ic
				return germanStem(stem) + s.to + tail
			}
			return stem + s.to + tail
		}
	}
	if tail != "" {
		return w + tail
	}
	return ""
}

// germanStem rewrites the German stem of an acid: Essig is acet-,
// Iodwasserstoff hydriod-, an "-an" stem takes "-anoic".
func germanStem(stem string) string {
	for _, r := range [...]struct{ from, to string }{
		{"essig", "acet"}, {"iodwasserstoff", "hydriod"}, {"jodwasserstoff", "hydriod"}, {"ameisen", "form"},
		{"benzoe", "benzo"}, {"butter", "butyr"},
	} {
		if strings.HasSuffix(stem, r.from) {
			return stem[:len(stem)-len(r.from)] + r.to
		}
	}
	if strings.HasSuffix(stem, "an") {
		return stem + "o" // Butansäure: butanoic acid
	}
	return stem
}
