package manifest

// countryCodes lists every officially assigned ISO 3166-1 alpha-2 code (249
// codes, ISO 3166 Maintenance Agency). User-assigned codes such as XK
// (Kosovo) and reserved codes such as UK or EU are not assigned and are
// rejected.
const countryCodes = "" +
	"ADAEAFAGAIALAMAOAQARASATAUAWAXAZ" +
	"BABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZ" +
	"CACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZ" +
	"DEDJDKDMDODZ" +
	"ECEEEGEHERESET" +
	"FIFJFKFMFOFR" +
	"GAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGY" +
	"HKHMHNHRHTHU" +
	"IDIEILIMINIOIQIRISIT" +
	"JEJMJOJP" +
	"KEKGKHKIKMKNKPKRKWKYKZ" +
	"LALBLCLILKLRLSLTLULVLY" +
	"MAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZ" +
	"NANCNENFNGNINLNONPNRNUNZ" +
	"OM" +
	"PAPEPFPGPHPKPLPMPNPRPSPTPWPY" +
	"QA" +
	"RERORSRURW" +
	"SASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZ" +
	"TCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZ" +
	"UAUGUMUSUYUZ" +
	"VAVCVEVGVIVNVU" +
	"WFWS" +
	"YEYT" +
	"ZAZMZW"

// currencyCodes lists the ISO 4217 alphabetic codes: the current list plus
// codes withdrawn since 2023 (ANG, SLL, ZWL) that producers may still send.
const currencyCodes = "" +
	"AEDAFNALLAMDANGAOAARSAUDAWGAZN" +
	"BAMBBDBDTBGNBHDBIFBMDBNDBOBBOVBRLBSDBTNBWPBYNBZD" +
	"CADCDFCHECHFCHWCLFCLPCNYCOPCOUCRCCUCCUPCVECZK" +
	"DJFDKKDOPDZD" +
	"EGPERNETBEUR" +
	"FJDFKP" +
	"GBPGELGHSGIPGMDGNFGTQGYD" +
	"HKDHNLHTGHUF" +
	"IDRILSINRIQDIRRISK" +
	"JMDJODJPY" +
	"KESKGSKHRKMFKPWKRWKWDKYDKZT" +
	"LAKLBPLKRLRDLSLLYD" +
	"MADMDLMGAMKDMMKMNTMOPMRUMURMVRMWKMXNMXVMYRMZN" +
	"NADNGNNIONOKNPRNZD" +
	"OMR" +
	"PABPENPGKPHPPKRPLNPYG" +
	"QAR" +
	"RONRSDRUBRWF" +
	"SARSBDSCRSDGSEKSGDSHPSLESLLSOSSRDSSPSTNSVCSYPSZL" +
	"THBTJSTMTTNDTOPTRYTTDTWDTZS" +
	"UAHUGXUSDUSNUYIUYUUYWUZS" +
	"VEDVESVNDVUV" +
	"WST" +
	"XAFXAGXAUXBAXBBXBCXBDXCDXCGXDRXOFXPDXPFXPTXSUXTSXUAXXX" +
	"YER" +
	"ZARZMWZWGZWL"

// codeTable maps an upper-case code to its offset+1 in a code list, so that
// lookups return a substring of a constant and never allocate.
type codeTable struct {
	list  string
	width int
	index []uint16
}

func newCodeTable(list string, width int) *codeTable {
	n := 1
	for i := 0; i < width; i++ {
		n *= 26
	}
	t := &codeTable{list: list, width: width, index: make([]uint16, n)}
	for off := 0; off+width <= len(list); off += width {
		k, _ := t.key(list[off : off+width])
		t.index[k] = uint16(off + 1)
	}
	return t
}

// key returns the table slot of s, ASCII letters of either case; ok is false
// when s is not width letters.
func (t *codeTable) key(s string) (k int, ok bool) {
	if len(s) != t.width {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20 // lower-case ASCII letters
		if c < 'a' || c > 'z' {
			return 0, false
		}
		k = k*26 + int(c-'a')
	}
	return k, true
}

// lookup returns the canonical upper-case form of s, case-insensitively.
func (t *codeTable) lookup(s string) (string, bool) {
	k, ok := t.key(s)
	if !ok || t.index[k] == 0 {
		return "", false
	}
	off := int(t.index[k]) - 1
	return t.list[off : off+t.width], true
}

// Immutable lookup tables built once from the constants above.
var (
	countries  = newCodeTable(countryCodes, 2)
	currencies = newCodeTable(currencyCodes, 3)
)

// ValidCountry reports whether code is an assigned ISO 3166-1 alpha-2 code
// (case-insensitive).
func ValidCountry(code string) bool {
	_, ok := countries.lookup(code)
	return ok
}

// ValidCurrency reports whether code is an ISO 4217 alphabetic code the
// decoder accepts (case-insensitive).
func ValidCurrency(code string) bool {
	_, ok := currencies.lookup(code)
	return ok
}
