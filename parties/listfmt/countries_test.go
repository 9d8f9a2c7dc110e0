package listfmt

import (
	"strings"
	"testing"
)

func TestCountryCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"China", "CN"}, {"cn", "CN"}, {"Korea, North", "KP"}, {"Democratic People's Republic of Korea", "KP"},
		{"Iran (Islamic Republic of)", "IR"}, {"Burma", "MM"}, {"Russian Federation", "RU"},
		{"Saint Kitts and Nevis", "KN"}, {"St. Kitts & Nevis", "KN"}, {"Côte d'Ivoire", "CI"},
		{"Hong Kong", "HK"}, {"MEXICO", "MX"}, {"United States", "US"}, {"Guatemala", "GT"},
		{"Atlantis", ""}, {"", ""}, {"ZZ", ""},
	} {
		got, ok := CountryCode(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("CountryCode(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

// Every row of the table names a code the manifest decoder accepts, and no
// name resolves to two codes.
func TestCountryTable(t *testing.T) {
	owner := map[string]string{}
	for _, line := range strings.Split(countriesTxt, "\n") {
		code, names, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		if !validCountry(code) {
			t.Errorf("%s: not an ISO 3166-1 alpha-2 code", code)
		}
		for _, n := range strings.Split(names, "|") {
			k := countryKey(n)
			if prev, dup := owner[k]; dup && prev != code {
				t.Errorf("%q names both %s and %s", n, prev, code)
			}
			owner[k] = code
		}
	}
}
