package rules

import (
	"reflect"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/manifest"
	"golang.org/x/text/language"
)

// TestFieldKinds: every field of fieldKinds is an expr name of a string or
// []string field of Env, Party, Item or Match, and each name is the field
// of one struct only, so that kinds found by property name are the
// field's.
func TestFieldKinds(t *testing.T) {
	owners := map[string][]string{}
	for _, typ := range []reflect.Type{reflect.TypeFor[Env](), reflect.TypeFor[Party](), reflect.TypeFor[Item](), reflect.TypeFor[Match]()} {
		for i := range typ.NumField() {
			f := typ.Field(i)
			tag := f.Tag.Get("expr")
			if tag == "" || tag == "-" {
				continue
			}
			if k := f.Type.Kind(); k == reflect.String || k == reflect.Slice && f.Type.Elem().Kind() == reflect.String {
				owners[tag] = append(owners[tag], typ.Name())
			}
		}
	}
	for name := range fieldKinds {
		switch o := owners[name]; {
		case len(o) == 0:
			t.Errorf("fieldKinds[%q]: no string field of that name", name)
		case len(o) > 1:
			t.Errorf("fieldKinds[%q]: the name of a field of %v", name, o)
		}
		if memberKinds[name] == envFields[name] {
			t.Errorf("%q must be either an Env field or a member property (memberKinds)", name)
		}
	}
}

// TestCountryCodesAgree: the codes the decoder accepts (and so literals
// may name) are exactly CLDR's ISO 3166-1 countries with an alpha-3 code
// that no alias replaces, as golang.org/x/text knows them, less the codes
// ISO 3166-1 keeps reserved rather than assigned (reservedCodes).
func TestCountryCodesAgree(t *testing.T) {
	var missing, extra []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			cldr := err == nil && r.IsCountry() && r.ISO3() != "ZZZ" && r.Canonicalize() == r && !userAssigned(code) &&
				!strings.Contains(reservedCodes, code)
			switch dec := manifest.ValidCountry(code); {
			case cldr && !dec:
				missing = append(missing, code)
			case dec && !cldr:
				extra = append(extra, code)
			}
		}
	}
	if len(missing)+len(extra) > 0 {
		t.Errorf("decoder and CLDR disagree: CLDR countries the decoder rejects %v; decoder codes CLDR lacks %v", missing, extra)
	}
}

// reservedCodes are codes CLDR still lists as regions that ISO 3166-1
// reserves (exceptionally: AC, CP, DG, TA; transitionally, after their
// country was dissolved or renamed: AN, CS, NT, SU, YU) or withdrew (FQ,
// PC). The decoder rejects them.
const reservedCodes = "AC AN CP CS DG FQ NT PC SU TA YU"

// userAssigned: AA, QM-QZ, XA-XZ and ZZ are user-assigned in ISO 3166-1
// (CLDR uses XK for Kosovo).
func userAssigned(c string) bool {
	return c == "AA" || c == "ZZ" || c[0] == 'X' || c[0] == 'Q' && c[1] >= 'M'
}

// TestLiteralProblems pins the check of each kind on good and bad values.
func TestLiteralProblems(t *testing.T) {
	c := &compiler{cat: defaultCatalog(t)}
	for _, tt := range []struct {
		kind *literalKind
		v    string
		u    literalUse
		want string // "" for fine, else a substring of the problem
	}{
		{&countryKind, "AU", literalUse{}, ""},
		{&countryKind, "", literalUse{}, ""},
		{&countryKind, "", literalUse{arg: true}, `"" is not a country code`},
		{&countryKind, "AUS", literalUse{}, `did you mean "AU" (Australia)?`},
		{&countryKind, "036", literalUse{}, `did you mean "AU"`},
		{&countryKind, "uk", literalUse{}, `did you mean "GB"`},
		{&countryKind, "XK", literalUse{}, "is not a country code"},
		{&countryKind, "germany", literalUse{}, `did you mean "DE" (Germany)?`},
		{&currencyKind, "EUR", literalUse{}, ""},
		{&currencyKind, "MX", literalUse{}, `did you mean "MXN" (the currency of MX)?`},
		{&currencyKind, "eur", literalUse{}, `did you mean "EUR"?`},
		{&jurisdictionKind, "EU", literalUse{arg: true}, ""},
		{&jurisdictionKind, "CHN", literalUse{arg: true}, `did you mean "CN"?`},
		{&jurisdictionKind, "hk", literalUse{arg: true}, `did you mean "HK"?`},
		{&locodeKind, "CNSHA", literalUse{}, ""},
		{&locodeKind, "cnsha", literalUse{}, `did you mean "CNSHA"?`},
		{&locodeKind, "CN", literalUse{prefix: true}, ""},
		{&locodeKind, "CNSH1", literalUse{}, "is not a UN/LOCODE"},
		{&hsCodeKind, "293339", literalUse{}, ""},
		{&hsCodeKind, "29", literalUse{}, "items hold 4 to 10 digits"},
		{&hsCodeKind, "29", literalUse{prefix: true}, ""},
		{&hsCodeKind, "2933", literalUse{length: 4}, ""},
		{&hsCodeKind, "29 33", literalUse{length: 4}, `did you mean "2933"?`},
		{&hsCodeKind, "12345678901", literalUse{prefix: true}, "more than 10 digits"},
		{&hsPrefixKind, "2933.39", literalUse{arg: true, prefix: true}, ""},
		{&hsPrefixKind, "..", literalUse{arg: true, prefix: true}, "is not an HS code prefix"},
		{&hsPrefixKind, "7701", literalUse{arg: true, prefix: true}, "chapter 77 is reserved"},
		{&chemicalKind, "npp", literalUse{}, ""},
		{&chemicalKind, "ANPP", literalUse{}, `did you mean "anpp"?`},
		{&familyKind, "4-ap", literalUse{}, ""},
		{&chemicalOrFamilyKind, "ephedra", literalUse{arg: true}, ""},
		{&chemicalOrFamilyKind, "ephedrinee", literalUse{arg: true}, `did you mean "ephedrine"?`},
		{&modeKind, "", literalUse{}, ""},
		{&modeKind, "Air", literalUse{}, `did you mean "air"?`},
		{&eventTypeKind, "", literalUse{}, `"" is not an event type`},
		{&hsStatusKind, "mismatched", literalUse{}, `did you mean "mismatch"?`},
		{&matchFieldKind, "cas", literalUse{}, ""},
	} {
		got := tt.kind.problem(c, tt.v, tt.u)
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("%s %q %+v: problem %q, want %q", tt.kind.name, tt.v, tt.u, got, tt.want)
		}
	}
}

// TestNearest pins the did-you-mean heuristic.
func TestNearest(t *testing.T) {
	names := []string{"origin", "destination", "hasChemical", "hasFamily", "fentanyl_any", "meth_any", "mode"}
	for word, want := range map[string]string{
		"orign": "origin", "Origin": "origin", "hasChemcal": "hasChemical", "fentanyl_anyy": "fentanyl_any",
		"nope": "", "x": "", "": "", "destinaton": "destination", "meth_anny": "meth_any",
	} {
		if got := strings.Join(nearest(word, names), ","); got != want {
			t.Errorf("nearest(%q) = %q, want %q", word, got, want)
		}
	}
	if got := nearest("ab", []string{"ac", "ad", "ae", "af"}); got != nil {
		t.Errorf("more than %d equally near: %v, want none", maxSuggestions, got)
	}
}
