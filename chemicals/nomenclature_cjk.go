package chemicals

import "unicode/utf8"

// Chinese and Japanese chemical names are built from morphemes written
// without spaces, in the order of the international names:
//
//   - Chinese: a chain stem (甲 meth-, 乙 eth-, 丙 prop-, 丁 but- …) takes a
//     class suffix (烷 -ane, 酮 -anone, 酸 -anoic acid, 酰 -anoyl, 胺
//     -ylamine, 基 -yl, 腈 -anenitrile, 酯 -yl ester …), so 丙酰氯 is
//     propanoyl chloride and 丙酸酐 propanoic anhydride; ring and group
//     morphemes (苯 phenyl/benzene, 哌啶 piperidine, 苯胺基 anilino, 硝基
//     nitro, 叔丁氧羰基 tert-butoxycarbonyl) come before them; salts follow
//     the name (盐酸盐) or lead it (盐酸麻黄碱, ephedrine hydrochloride);
//     "氯化X" is X chloride. Traditional characters fold to simplified.
//   - Japanese: katakana spell the international morphemes (フェニル
//     phenyl, ピペリドン piperidone), kanji the classes (酸 acid, 酢酸
//     acetic acid); "塩化X" is X chloride, "無水X酸" X-ic anhydride,
//     "X酸メチル" the methyl ester.
//
// addCJK translates a run morpheme by morpheme, longest first, into the
// English spelling the normaliser already resolves; a character that is no
// known morpheme stays a token of its own (addHan), so a catalog name in
// Chinese still meets itself. Look-alikes stay apart because every
// morpheme is translated: 乙酰 is acetyl, 丙酰 propanoyl.

// Morpheme flags.
const (
	cjkToEnd   = 1 << iota // "氯化", "無水": its text goes after the rest of the run
	cjkStem                // an acid stem: 酸 after it is "-ic acid" (プロピオン酸, 酢酸)
	cjkBenzene             // 苯: phenyl before more name, benzene at the end
	cjkHalogen             // 氯: chloro before more name, chloride at the end
	cjkAcid                // 酸 on its own
	cjkAlkyl               // an alkyl (メチル): after an acid it names the ester
	cjkSep                 // a separator (・)
)

type cjkMorpheme struct {
	text  string
	flags uint8
}

// maxMorpheme bounds the characters of one morpheme.
const maxMorpheme = 6

var cjkChains = [...]struct{ c, stem string }{
	{"甲", "meth"}, {"乙", "eth"}, {"丙", "prop"}, {"丁", "but"}, {"戊", "pent"}, {"己", "hex"},
}

var cjkClassSuffixes = [...]struct{ c, suffix string }{
	{"烷", "ane"}, {"烯", "ene"}, {"炔", "yne"}, {"醇", "anol"}, {"醛", "anal"}, {"酮", "anone"},
	{"酸", "anoic acid"}, {"酰", "anoyl"}, {"胺", "ylamine"}, {"基", "yl"}, {"腈", "anenitrile"},
	{"酰胺", "anamide"}, {"酰氯", "anoyl chloride"}, {"酸酐", "anoic anhydride"}, {"氧基", "oxy"},
	{"烯酸", "enoic acid"},
}

// cjkWords are the other morphemes.
var cjkWords = map[string]cjkMorpheme{
	// Chinese: irregular chain names
	"甲醛": {"formaldehyde", 0}, "甲酸": {"formic acid", 0}, "乙酸": {"acetic acid", 0}, "乙酰": {"acetyl", 0},
	"乙腈": {"acetonitrile", 0}, "乙醛": {"acetaldehyde", 0}, "乙酸酐": {"acetic anhydride", 0},
	"乙酰氯": {"acetyl chloride", 0}, "乙酰胺": {"acetamide", 0}, "丙烯酸": {"acrylic acid", 0},
	"乙酰乙": {"acetoacet", cjkStem}, "苯乙酰乙": {"phenylacetoacet", cjkStem}, "醋酸": {"acetic acid", 0},
	"醋": {"acet", cjkStem}, "缩水甘油": {"glycid", cjkStem}, "甘油": {"glycerol", 0},
	// rings and groups
	"苯": {"phenyl", cjkBenzene}, "苯基": {"phenyl", 0}, "苯胺": {"aniline", 0}, "苯胺基": {"anilino", 0},
	"苯甲醛": {"benzaldehyde", 0}, "苯甲酸": {"benzoic acid", 0}, "苯甲基": {"benzyl", 0}, "苄": {"benzyl", 0},
	"苄基": {"benzyl", 0}, "苯乙基": {"phenethyl", 0}, "苯乙胺": {"phenethylamine", 0},
	"苯乙醇": {"phenethyl alcohol", 0}, "苯乙酸": {"phenylacetic acid", 0}, "苯乙腈": {"phenylacetonitrile", 0},
	"苯乙酮": {"acetophenone", 0}, "苯乙酰": {"phenylacetyl", 0}, "甲苯": {"toluene", 0},
	"哌啶": {"piperidine", 0}, "吡啶": {"pyridine", 0}, "哌嗪": {"piperazine", 0}, "吗啉": {"morpholine", 0},
	"氨基": {"amino", 0}, "硝基": {"nitro", 0}, "羟基": {"hydroxy", 0}, "氧代": {"oxo", 0}, "羰基": {"carbonyl", 0},
	"叔丁氧羰基": {"tert-butoxycarbonyl", 0}, "苄氧羰基": {"benzyloxycarbonyl", 0}, "叔": {"tert-", 0},
	"仲": {"sec-", 0}, "异": {"iso", 0}, "正": {"n-", 0}, "二": {"di", 0}, "三": {"tri", 0}, "四": {"tetra", 0},
	"环": {"cyclo", 0}, "环氧乙烷": {"oxirane", 0}, "亚甲二氧基": {"methylenedioxy", 0}, "胡椒基": {"piperonyl", 0},
	"氯": {"chloro", cjkHalogen}, "溴": {"bromo", cjkHalogen}, "碘": {"iodo", cjkHalogen}, "氟": {"fluoro", cjkHalogen},
	"氯化": {"chloride", cjkToEnd}, "溴化": {"bromide", cjkToEnd}, "碘化": {"iodide", cjkToEnd},
	"酸": {"acid", cjkAcid}, "酯": {" ester", 0}, "酐": {" anhydride", 0}, "胺": {"amine", 0}, "基": {"yl", 0},
	"酮": {"one", 0}, "腈": {"nitrile", 0}, "醛": {"al", 0}, "醇": {"ol", 0}, "酰胺": {"amide", 0},
	// salts and forms
	"盐酸盐": {" hydrochloride", 0}, "二盐酸盐": {" dihydrochloride", 0}, "盐酸": {"hydrochloride ", 0},
	"硫酸盐": {" sulfate", 0}, "硫酸": {"sulfate ", 0}, "一水合物": {" monohydrate", 0}, "水合物": {" hydrate", 0},
	"钠": {" sodium", 0}, "钾": {" potassium", 0}, "盐": {" salt", 0}, "草酸盐": {" oxalate", 0},
	"工业级": {" industrial grade", 0}, "水溶液": {" solution", 0},
	// trivial names
	"麻黄碱": {"ephedrine", 0}, "麻黄素": {"ephedrine", 0}, "伪": {"pseudo", 0}, "去甲": {"nor", 0},
	"芬太尼": {"fentanyl", 0}, "红": {"red ", 0}, "磷": {"phosphorus", 0}, "氢": {"hydrogen", 0},
	"氢碘酸": {"hydriodic acid", 0}, "氢溴酸": {"hydrobromic acid", 0},
	// Japanese kanji
	"塩化": {"chloride", cjkToEnd}, "臭化": {"bromide", cjkToEnd}, "ヨウ化": {"iodide", cjkToEnd},
	"無水": {"anhydride", cjkToEnd}, "塩酸": {"hydrochloride ", 0}, "酢": {"acet", cjkStem}, "赤": {"red ", 0},
	"水素": {"hydrogen", 0}, "ヨウ化水素酸": {"hydriodic acid", 0}, "・": {" ", cjkSep},
}

// japaneseKatakana are katakana spellings of international morphemes.
var japaneseKatakana = map[string]cjkMorpheme{
	"フェニル": {"phenyl", 0}, "フェネチル": {"phenethyl", 0}, "ベンジル": {"benzyl", 0},
	"メチル": {"methyl", cjkAlkyl}, "エチル": {"ethyl", cjkAlkyl}, "プロピル": {"propyl", cjkAlkyl},
	"ブチル": {"butyl", cjkAlkyl}, "イソプロピル": {"isopropyl", cjkAlkyl}, "プロピオニル": {"propionyl", 0},
	"プロピオン": {"propion", cjkStem}, "アセチル": {"acetyl", 0}, "アセト": {"aceto", 0}, "アセトン": {"acetone", 0},
	"アセトニトリル": {"acetonitrile", 0}, "アミン": {"amine", 0}, "アミド": {"amide", 0}, "アミノ": {"amino", 0},
	"アニリン": {"aniline", 0}, "アニリノ": {"anilino", 0}, "ピペリジン": {"piperidine", 0}, "ピペリドン": {"piperidone", 0},
	"ピペリジノン": {"piperidinone", 0}, "ピペリジニル": {"piperidinyl", 0}, "ピペリジル": {"piperidyl", 0},
	"ピリジン": {"pyridine", 0}, "エフェドリン": {"ephedrine", 0}, "プソイド": {"pseudo", 0}, "シュード": {"pseudo", 0},
	"ノル": {"nor", 0}, "フェンタニル": {"fentanyl", 0}, "ニトロ": {"nitro", 0}, "エタン": {"ethane", 0},
	"メタン": {"methane", 0}, "プロパン": {"propane", 0}, "プロパノン": {"propanone", 0}, "プロペン": {"propene", 0},
	"ブタン": {"butane", 0}, "ベンゼン": {"benzene", 0}, "ベンズアルデヒド": {"benzaldehyde", 0}, "ベンズ": {"benz", 0},
	"アルデヒド": {"aldehyde", 0}, "シアニド": {"cyanide", 0}, "ニトリル": {"nitrile", 0}, "アクリル": {"acryl", cjkStem},
	"グリシド": {"glycid", cjkStem}, "ケトン": {"ketone", 0}, "アルコール": {"alcohol", 0}, "クロロ": {"chloro", 0},
	"ブロモ": {"bromo", 0}, "ヒドロキシ": {"hydroxy", 0}, "オキソ": {"oxo", 0}, "カルボン": {"carbox", cjkStem},
	"ブトキシカルボニル": {"butoxycarbonyl", 0}, "メチレンジオキシ": {"methylenedioxy", 0}, "リン": {"phosphorus", 0},
	"ヨウ素": {"iodine", 0}, "ピリジル": {"pyridyl", 0}, "トルエン": {"toluene", 0}, "エタノール": {"ethanol", 0},
	"メタノール": {"methanol", 0}, "プロパノール": {"propanol", 0}, "塩酸塩": {" hydrochloride", 0}, "硫酸塩": {" sulfate", 0},
}

// cjkDictionary holds every morpheme, the chain × class ones generated.
var cjkDictionary = func() map[string]cjkMorpheme {
	d := map[string]cjkMorpheme{}
	for _, c := range cjkChains {
		for _, s := range cjkClassSuffixes {
			d[c.c+s.c] = cjkMorpheme{c.stem + s.suffix, 0}
		}
		d[c.c+"酯"] = cjkMorpheme{" " + c.stem + "yl ester", 0}
	}
	for k, v := range japaneseKatakana {
		d[k] = v
	}
	for k, v := range cjkWords {
		d[k] = v
	}
	return d
}()

// traditionalChars fold the traditional characters of chemical names to
// the simplified ones of the dictionary.
var traditionalChars = map[rune]rune{
	'醯': '酰', '鹼': '碱', '鹽': '盐', '黃': '黄', '偽': '伪', '氫': '氢', '紅': '红', '環': '环', '羥': '羟',
	'鈉': '钠', '鉀': '钾', '亞': '亚', '異': '异', '芐': '苄', '縮': '缩', '氣': '气', '嗎': '吗', '業': '业',
	'級': '级', '溶': '溶', '液': '液', '碳': '碳', '醚': '醚', '苯': '苯', '啶': '啶',
}

// cjkPiece is a translated morpheme with its original span.
type cjkPiece struct {
	text   string
	os, oe int
	flags  uint8
	han    rune // untranslated character (text empty)
}

// addCJK adds the run s[i:j] of Chinese or Japanese characters.
func (n *normText) addCJK(s string, i, j int, sep byte) (int, byte) {
	var runes [64]rune
	var offs [65]int
	k, p := 0, i
	for p < j && k < len(runes) {
		r, size := utf8.DecodeRuneInString(s[p:])
		if r != ' ' { // a space here is letter-spacing (letterSpacedCJK)
			if t, ok := traditionalChars[r]; ok {
				r = t
			}
			runes[k], offs[k] = r, p
			k++
		}
		p += size
	}
	offs[k] = p
	pieces := translateCJK(runes[:k], offs[:k+1])
	cur := -1
	var tail []cjkPiece
	for _, p := range pieces {
		switch {
		case p.flags&cjkToEnd != 0:
			tail = append(tail, p)
		case p.text == "":
			cur, sep = n.addHan(p.han, p.os, p.oe, sep)
		default:
			cur, sep = n.addText(p.text, p.os, p.oe, cur, sep)
		}
	}
	for _, p := range tail {
		cur, sep = n.addText(" "+p.text, p.os, p.oe, cur, sep)
	}
	if p < j { // a run longer than the buffer: the rest one by one
		for p < j {
			r, size := utf8.DecodeRuneInString(s[p:])
			cur, sep = n.addHan(r, p, p+size, sep)
			p += size
		}
	}
	return cur, sep
}

// translateCJK splits runes into the longest known morphemes and applies
// the rules that depend on neighbours (苯, 氯, 酸, esters).
func translateCJK(runes []rune, offs []int) []cjkPiece {
	var pieces []cjkPiece
	var key [maxMorpheme * 4]byte
	for p := 0; p < len(runes); {
		l := min(maxMorpheme, len(runes)-p)
		for ; l > 0; l-- {
			b := key[:0]
			for _, r := range runes[p : p+l] {
				b = utf8.AppendRune(b, r)
			}
			if m, ok := cjkDictionary[string(b)]; ok {
				pieces = append(pieces, cjkPiece{text: m.text, os: offs[p], oe: offs[p+l], flags: m.flags})
				break
			}
		}
		if l == 0 {
			pieces = append(pieces, cjkPiece{os: offs[p], oe: offs[p+1], han: runes[p]})
			l = 1
		}
		p += l
	}
	for i := range pieces {
		p := &pieces[i]
		last := i+1 == len(pieces) || pieces[i+1].text == "" || pieces[i+1].text[0] == ' ' || pieces[i+1].flags&cjkToEnd != 0
		var prev *cjkPiece
		if i > 0 {
			prev = &pieces[i-1]
		}
		switch {
		case p.flags&cjkBenzene != 0 && last:
			p.text = "benzene"
		case p.flags&cjkHalogen != 0 && last && i > 0:
			p.text = " " + p.text[:len(p.text)-1] + "ide"
		case p.flags&cjkAcid != 0 && prev != nil && prev.flags&cjkStem != 0:
			p.text = "ic acid"
		case p.flags&cjkAcid != 0 && prev != nil && len(prev.text) > 3 && prev.text[len(prev.text)-3:] == "ane":
			prev.text = prev.text[:len(prev.text)-1]
			p.text = "oic acid"
		case p.flags&cjkAcid != 0:
			p.text = " acid"
		case p.flags&cjkAlkyl != 0 && prev != nil && len(prev.text) >= 4 && prev.text[len(prev.text)-4:] == "acid":
			p.text = " " + p.text + " ester"
		}
		// "piperidine" + "one": the e gives way to a vowel
		if prev != nil && prev.text != "" && p.text != "" && prev.text[len(prev.text)-1] == 'e' && isVowel(p.text[0]) && prev.flags&cjkToEnd == 0 {
			prev.text = prev.text[:len(prev.text)-1]
		}
	}
	return pieces
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'
}
