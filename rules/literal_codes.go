package rules

import (
	"fmt"
	"strings"
	"sync"

	"github.com/precursorwatch/precursor/manifest"
	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Which codes are valid is what the manifest decoder accepts
// (manifest.ValidCountry, manifest.ValidCurrency): a code it rejects never
// reaches a rule. What an author meant by an invalid one comes from CLDR
// data through golang.org/x/text: ISO 3166-1 alpha-3 and numeric codes and
// CLDR's aliases (UK for GB) with their alpha-2 code (language.ParseRegion),
// English country names (language/display) and each country's currency
// (currency.FromRegion). TestCountryCodesAgree checks the decoder's table
// against CLDR's regions.

// alpha2 returns the assigned alpha-2 code v stands for: itself in another
// case, an alpha-3 or numeric code, or an alias CLDR maps to a country.
func alpha2(v string) (string, bool) {
	if up := strings.ToUpper(v); manifest.ValidCountry(up) {
		return up, true
	}
	r, err := language.ParseRegion(v)
	if err != nil {
		return "", false
	}
	c := r.Canonicalize().String()
	return c, manifest.ValidCountry(c)
}

// countryName is the English name of an assigned alpha-2 code.
func countryName(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return ""
	}
	return display.English.Regions().Name(r)
}

// countryByName maps lower-case English country names to their codes.
var countryByName = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			if manifest.ValidCountry(code) {
				if n := countryName(code); n != "" {
					m[strings.ToLower(n)] = code
				}
			}
		}
	}
	return m
})

// countrySuggestion is `; did you mean "AU" (Australia)?` for a string
// that stands for a country (other case, alpha-3, alias, English name), or
// "".
func countrySuggestion(v string) string {
	code, ok := alpha2(v)
	if !ok {
		code, ok = countryByName()[strings.ToLower(strings.TrimSpace(v))]
	}
	if !ok {
		return ""
	}
	return fmt.Sprintf("; did you mean %q (%s)?", code, countryName(code))
}

// currencySuggestion suggests the code meant: the same in upper case, or
// the currency of a country given instead ("US": USD).
func currencySuggestion(v string) string {
	if up := strings.ToUpper(v); manifest.ValidCurrency(up) {
		return fmt.Sprintf("; did you mean %q?", up)
	}
	if code, ok := alpha2(v); ok {
		r, _ := language.ParseRegion(code)
		if u, ok := currency.FromRegion(r); ok && manifest.ValidCurrency(u.String()) {
			return fmt.Sprintf("; did you mean %q (the currency of %s)?", u.String(), code)
		}
	}
	return "" // no guess by spelling: three-letter codes one edit apart are many (RMB is not RUB)
}

// hsChapterProblem says why the first two digits of an HS code name no
// chapter of the Harmonized System (01 to 97, 77 reserved for future use;
// 98 and 99 are left to national use), or "".
func hsChapterProblem(digits string) string {
	if len(digits) < 2 {
		return ""
	}
	switch ch := digits[:2]; ch {
	case "00":
		return "; 00 is not an HS chapter (chapters are 01 to 97)"
	case "77":
		return "; chapter 77 is reserved for future use in the HS"
	}
	return ""
}

// hsCodeProblem checks a literal compared with an item's hs_code, which
// holds 4 to 10 digits (the decoder strips dots and spaces): as a whole, as
// a prefix (startsWith) or with hs_code[:n].
func hsCodeProblem(_ *compiler, v string, u literalUse) string {
	if emptyField(v, u) {
		return ""
	}
	digits := strings.Map(func(r rune) rune {
		if r == '.' || r == ' ' {
			return -1
		}
		return r
	}, v)
	if !allDigits(digits) || digits == "" {
		return fmt.Sprintf("%q is not an %s", v, hsCodeWhat)
	}
	if digits != v {
		return fmt.Sprintf("%q is not an %s; did you mean %q?", v, hsCodeWhat, digits)
	}
	switch {
	case u.length > 0 && len(v) != u.length:
		return fmt.Sprintf("%q has %d digits but is compared with hs_code[:%d], which has %d: it never matches", v, len(v), u.length, u.length)
	case u.length == 0 && !u.prefix && (len(v) < 4 || len(v) > 10):
		return fmt.Sprintf("%q is not an %s: items hold 4 to 10 digits (use startsWith for a chapter)", v, hsCodeWhat)
	case len(v) > 10:
		return fmt.Sprintf("%q is not an %s: more than 10 digits", v, hsCodeWhat)
	}
	if p := hsChapterProblem(v); p != "" {
		return fmt.Sprintf("%q is not an %s%s", v, hsCodeWhat, p)
	}
	return ""
}

// hsPrefixProblem checks an hsDeclared argument: digits, dots ignored.
func hsPrefixProblem(_ *compiler, v string, _ literalUse) string {
	digits := strings.ReplaceAll(v, ".", "")
	switch {
	case digits == "" || !allDigits(digits):
		return fmt.Sprintf("%q is not an %s", v, hsPrefixWhat)
	case len(digits) > 10:
		return fmt.Sprintf("%q is not an %s: more than 10 digits", v, hsPrefixWhat)
	}
	if p := hsChapterProblem(digits); p != "" {
		return fmt.Sprintf("%q is not an %s%s", v, hsPrefixWhat, p)
	}
	return ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// catalogIDs and catalogFamilies list the catalog's names, for
// suggestions.
func (c *compiler) catalogIDs() []string {
	if c.cat == nil {
		return nil
	}
	ids := make([]string, len(c.cat.Entries))
	for i, e := range c.cat.Entries {
		ids[i] = e.ID
	}
	return ids
}

func (c *compiler) catalogFamilies() []string {
	if c.cat == nil {
		return nil
	}
	return c.cat.Families()
}

// chemicalProblem: a catalog id. A family given instead is named as one.
func chemicalProblem(c *compiler, v string, u literalUse) string {
	if c.cat == nil || emptyField(v, u) && !u.arg || c.cat.Entry(v) != nil {
		return ""
	}
	if c.cat.Family(v) != nil {
		return fmt.Sprintf("unknown chemical id %q (%q is a family: use hasFamily or families)", v, v)
	}
	return fmt.Sprintf("unknown chemical id %q%s", v, didYouMeanQuoted(nearest(v, c.catalogIDs())))
}

// familyProblem: a catalog family. An id given instead is named as one,
// with its family.
func familyProblem(c *compiler, v string, u literalUse) string {
	if c.cat == nil || emptyField(v, u) && !u.arg || c.cat.Family(v) != nil {
		return ""
	}
	if e := c.cat.Entry(v); e != nil {
		return fmt.Sprintf("unknown chemical family %q (%q is a chemical id of family %q: use hasChemical, or the family)", v, v, e.Family)
	}
	return fmt.Sprintf("unknown chemical family %q%s", v, didYouMeanQuoted(nearest(v, c.catalogFamilies())))
}

func chemicalOrFamilyProblem(c *compiler, v string, _ literalUse) string {
	if c.cat == nil || c.cat.Entry(v) != nil || c.cat.Family(v) != nil {
		return ""
	}
	both := append(c.catalogIDs(), c.catalogFamilies()...)
	return fmt.Sprintf("unknown chemical id or family %q%s", v, didYouMeanQuoted(nearest(v, both)))
}
