package listfmt

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/precursorwatch/precursor/manifest"
)

//go:embed countries.txt
var countriesTxt string

// countryIndex maps a country-name key (see countryKey) to its ISO code.
// Built once on first use from the embedded table; read-only afterwards.
var countryIndex = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, 600)
	for _, line := range strings.Split(countriesTxt, "\n") {
		code, names, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		m[countryKey(code)] = code
		for _, n := range strings.Split(names, "|") {
			m[countryKey(n)] = code
		}
	}
	return m
})

// CountryCode resolves a country as lists write it, an ISO 3166-1 alpha-2
// code in any case ("cn", "CN") or an English name in the spellings OFAC,
// the UN and the EU use ("China", "Korea, North", "Iran (Islamic Republic
// of)"), to its upper-case alpha-2 code.
func CountryCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		up := strings.ToUpper(s)
		if manifest.ValidCountry(up) {
			return up, true
		}
	}
	code, ok := countryIndex()[countryKey(s)]
	return code, ok
}

// countryKey folds a country name to lower-case ASCII letters and single
// spaces: "St. Kitts & Nevis" and "Saint Kitts and Nevis" share a key.
func countryKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '&':
			b.WriteString(" and")
			space = true
		case r == 'ô' || r == 'ö' || r == 'ó':
			b.WriteByte('o')
		case r == 'é' || r == 'è' || r == 'ê':
			b.WriteByte('e')
		case r == 'í' || r == 'î':
			b.WriteByte('i')
		case r == 'ç':
			b.WriteByte('c')
		case r == 'ã' || r == 'á' || r == 'å':
			b.WriteByte('a')
		case r == 'ü' || r == 'ú':
			b.WriteByte('u')
		case r == '\'' || r == '’':
		default:
			space = true
		}
	}
	k := b.String()
	if strings.HasPrefix(k, "st ") {
		k = "saint " + k[3:]
	}
	return strings.ReplaceAll(k, " st ", " saint ")
}

func validCountry(code string) bool { return manifest.ValidCountry(code) }
