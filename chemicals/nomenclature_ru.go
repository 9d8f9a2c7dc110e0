package chemicals

import "strings"

// Russian chemical names are the international names in Cyrillic letters
// with Russian endings: "метиламин" is methylamine, "нитроэтан"
// nitroethane, "фенилацетон" phenylacetone; acids are adjectives before
// "кислота" ("фенилуксусная кислота", phenyl-vinegar acid: phenylacetic
// acid); anhydrides and esters name their acid in the genitive after them
// ("ангидрид пропионовой кислоты", "метиловый эфир … кислоты"). A word is
// transliterated letter by letter, then the endings and the Russian spellings
// of Latin morphemes (г for h, х for ch, уксус for acet-) are turned into
// the English ones, so that the normaliser's canonical keys
// meet the result; nomenclature_latin.go puts inverted phrases in order.

// cyrillicLatin transliterates one Cyrillic letter (lower or upper case).
func cyrillicLatin(r rune) string {
	if r >= 0x410 && r <= 0x42F {
		r += 0x20
	}
	if r == 'ё' || r == 'Ё' {
		return "e"
	}
	if r >= 0x430 && r <= 0x44F {
		return cyrillicTable[r-0x430]
	}
	if r == 'і' || r == 'І' || r == 'ї' || r == 'Ї' {
		return "i"
	}
	if r == 'є' || r == 'Є' {
		return "e"
	}
	return ""
}

// cyrillicTable transliterates а..я, chemical style: ц is the c of
// "ацетон", й the i of "йод".
var cyrillicTable = [32]string{
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "c", "ch", "sh", "sch", "", "y", "", "e", "yu", "ya",
}

// russianMorphemes rewrite Russian spellings of Latin morphemes, in order.
var russianMorphemes = [...]struct{ from, to string }{
	{"khlor", "chlor"}, {"angidrid", "anhydrid"}, {"gidro", "hydro"}, {"gidr", "hydr"},
	{"degid", "dehyd"}, {"psevdo", "pseudo"}, {"uksus", "acet"}, {"fenetil", "phenethyl"},
	{"fenet", "phenet"}, {"iodistovodorod", "hydriod"}, {"fosfor", "phosphorus"}, {"tsian", "cyan"},
	{"feniletil", "phenylethyl"}, {"akril", "acryl"}, {"kh", "h"},
}

// russianWords are whole words with another English form.
var russianWords = map[string]string{
	"kislota": "acid", "kisloty": "acid", "kislotu": "acid", "kislote": "acid",
	"efir": "ester", "efira": "ester", "krasnyi": "red", "krasnyy": "red", "krasnogo": "red",
	"sol": "salt", "soli": "salt", "spirt": "alcohol", "khlorangidrid": "chloride",
}

// russianEndings turn Russian noun and adjective endings into English ones,
// longest first. Adjectives of acids end -ovaya/-naya …: "-ic"; of alkyls
// -ovyi: "-yl"; genitive nouns lose their -a.
var russianEndings = [...]struct{ from, to string }{
	{"ilovyi", "yl"}, {"ilovogo", "yl"}, {"ilovyy", "yl"},
	{"ovaya", "ic"}, {"ovoi", "ic"}, {"ovuyu", "ic"}, {"ovyi", "ic"}, {"ovyy", "ic"}, {"ovogo", "ic"},
	{"naya", "ic"}, {"noi", "ic"}, {"nuyu", "ic"}, {"nyi", "ic"}, {"nyy", "ic"},
	{"nitrila", "nitrile"}, {"nitril", "nitrile"}, {"amina", "amine"}, {"amin", "amine"}, {"amida", "amide"}, {"amid", "amide"},
	{"ina", "ine"}, {"in", "ine"}, {"ona", "one"}, {"on", "one"}, {"ana", "ane"}, {"an", "ane"},
	{"ida", "ide"}, {"id", "ide"}, {"ata", "ate"}, {"at", "ate"}, {"ena", "ene"}, {"en", "ene"},
	{"ola", "ol"}, {"ila", "yl"}, {"il", "yl"}, {"yd", "yde"},
}

// russianWord returns the English chemical spelling of a Cyrillic word.
func russianWord(w string, b []byte) string {
	for _, r := range w {
		b = append(b, cyrillicLatin(r)...)
	}
	s := string(b)
	if e, ok := russianWords[s]; ok {
		return e
	}
	for _, e := range russianEndings {
		if len(s) > len(e.from)+2 && strings.HasSuffix(s, e.from) {
			s = s[:len(s)-len(e.from)] + e.to
			break
		}
	}
	for _, m := range russianMorphemes {
		s = strings.ReplaceAll(s, m.from, m.to)
	}
	return s
}
