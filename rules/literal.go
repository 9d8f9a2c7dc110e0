package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
)

// A literal string in a condition is checked where it meets something
// whose values are known: a field it is compared with (`destination ==
// "AUS"`), searched in (`"npp" in chemicals`) or tested against (`origin
// in ["CHN"]`, `origin in lists.NAME`), or a helper argument
// (`route([], ["AUS"])`). Such a literal that the field can never hold
// makes the condition silently false, so it is a load error that says what
// the literal is not and, when one is likely, what was meant.
//
// literalKind is one kind of value; fieldKinds says which fields hold
// which kind, and a helper's entry (function.arg, function.Catalog) which
// kind its literal arguments are. literal_scan.go finds the places.
type literalKind struct {
	// name is what the value is, for messages: "country code (ISO 3166-1
	// alpha-2, upper case)".
	name string
	// problem says what is wrong with v ("" when v is fine) with a
	// did-you-mean when one is likely. u says how the literal is used.
	problem func(c *compiler, v string, u literalUse) string
}

// literalUse is how a literal meets its field.
type literalUse struct {
	// prefix: the literal is a prefix (startsWith, hsDeclared).
	prefix bool
	// length is n when the literal is compared with field[:n], else 0.
	length int
	// arg: the literal is a helper argument, where "" means nothing.
	arg bool
}

// fieldKinds maps the fields (Env fields by name, and the members of
// parties, items and matches by property name: the names are unique across
// them, TestFieldKinds checks it) that hold values of a known kind. For a
// list field (route, chemicals, families) the kind is its elements'.
var fieldKinds = map[string]*literalKind{
	"origin": &countryKind, "destination": &countryKind, "route": &countryKind, "country": &countryKind,
	"origin_locode": &locodeKind, "destination_locode": &locodeKind,
	"currency":   &currencyKind,
	"mode":       &modeKind,
	"event_type": &eventTypeKind,
	"hs_code":    &hsCodeKind,
	"chemical":   &chemicalKind, "chemicals": &chemicalKind,
	"family": &familyKind, "families": &familyKind,
	"role": &roleKind, "method": &methodKind, "hs": &hsStatusKind, "field": &matchFieldKind,
}

// What the kinds are, in messages.
const (
	countryWhat  = "country code (ISO 3166-1 alpha-2, upper case)"
	currencyWhat = "currency code (ISO 4217, upper case)"
	locodeWhat   = `UN/LOCODE (5 characters, upper case, like "CNSHA")`
	hsCodeWhat   = "HS code as items hold it (digits only)"
	hsPrefixWhat = "HS code prefix (digits; dots are ignored)"
)

// jurisdictionWhat names the jurisdictions of the catalog.
var jurisdictionWhat = "jurisdiction (" + strings.Join(chemicals.Jurisdictions, ", ") + ")"

var (
	countryKind          = literalKind{name: countryWhat, problem: countryProblem}
	currencyKind         = literalKind{name: currencyWhat, problem: currencyProblem}
	jurisdictionKind     = literalKind{name: jurisdictionWhat, problem: jurisdictionProblem}
	locodeKind           = literalKind{name: locodeWhat, problem: locodeProblem}
	hsCodeKind           = literalKind{name: hsCodeWhat, problem: hsCodeProblem}
	hsPrefixKind         = literalKind{name: hsPrefixWhat, problem: hsPrefixProblem}
	chemicalKind         = literalKind{name: "chemical id of the catalog", problem: chemicalProblem}
	familyKind           = literalKind{name: "chemical family of the catalog", problem: familyProblem}
	chemicalOrFamilyKind = literalKind{name: "chemical id or family of the catalog", problem: chemicalOrFamilyProblem}
	modeKind             = enumKind("transport mode", true, manifest.ModeOcean, manifest.ModeAir, manifest.ModeExpress,
		manifest.ModePostal, manifest.ModeTruck, manifest.ModeRail)
	eventTypeKind = enumKind("event type", false, manifest.EventFiled, manifest.EventAmended, manifest.EventCancelled)
	roleKind      = enumKind("role", false, chemicals.RolePrecursor, chemicals.RolePrePrecursor,
		chemicals.RoleDesignerPrecursor, chemicals.RoleReagent, chemicals.RoleDrug)
	methodKind = enumKind("match method", false, chemicals.MethodCAS, chemicals.MethodName,
		chemicals.MethodAbbreviation, chemicals.MethodFuzzy, chemicals.MethodInChIKey, chemicals.MethodInChI,
		chemicals.MethodRelative, chemicals.MethodFamily, MethodStructure)
	hsStatusKind = enumKind("HS status", false, chemicals.HSConsistent, chemicals.HSMismatch,
		chemicals.HSMissing, chemicals.HSUnknown)
	matchFieldKind = enumKind("match field", false, chemicals.FieldDescription, chemicals.FieldCAS)
)

// enumKind is a kind with a fixed set of values; allowEmpty accepts ""
// (the field may be absent).
func enumKind[T ~string](what string, allowEmpty bool, values ...T) literalKind {
	vals := make([]string, len(values))
	for i, v := range values {
		vals[i] = string(v)
	}
	name := fmt.Sprintf("%s (%s)", what, strings.Join(vals, ", "))
	return literalKind{name: name, problem: func(_ *compiler, v string, u literalUse) string {
		if slices.Contains(vals, v) || v == "" && allowEmpty && !u.arg {
			return ""
		}
		return fmt.Sprintf("%q is not %s %s%s", v, article(name), name, didYouMeanQuoted(nearest(v, vals)))
	}}
}

// article is "an" before a vowel (or HS, said aitch-ess), else "a".
func article(s string) string {
	if strings.HasPrefix(s, "HS") || s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an"
	}
	return "a"
}

// emptyField: "" as a field's value means the field is absent, which a
// comparison may test; as a helper argument it means nothing.
func emptyField(v string, u literalUse) bool { return v == "" && !u.arg && !u.prefix }

func countryProblem(_ *compiler, v string, u literalUse) string {
	if emptyField(v, u) || manifest.ValidCountry(v) && v == strings.ToUpper(v) {
		return ""
	}
	return fmt.Sprintf("%q is not a %s%s", v, countryWhat, countrySuggestion(v))
}

func currencyProblem(_ *compiler, v string, u literalUse) string {
	if emptyField(v, u) || manifest.ValidCurrency(v) && v == strings.ToUpper(v) {
		return ""
	}
	return fmt.Sprintf("%q is not a %s%s", v, currencyWhat, currencySuggestion(v))
}

func jurisdictionProblem(_ *compiler, v string, _ literalUse) string {
	if slices.Contains(chemicals.Jurisdictions, v) {
		return ""
	}
	near := nearest(v, chemicals.Jurisdictions)
	if c, ok := alpha2(v); ok && slices.Contains(chemicals.Jurisdictions, c) {
		near = []string{c}
	}
	return fmt.Sprintf("%q is not a %s%s", v, jurisdictionWhat, didYouMeanQuoted(near))
}

// locodeProblem: five characters, an assigned country code then three of
// A-Z and 2-9, upper case, as the decoder normalises them; a prefix must
// start like one.
func locodeProblem(_ *compiler, v string, u literalUse) string {
	if emptyField(v, u) {
		return ""
	}
	up := strings.ToUpper(strings.ReplaceAll(v, " ", ""))
	shapeOK := len(up) == 5 || u.prefix && len(up) <= 5
	for i := 2; i < len(up); i++ {
		if c := up[i]; !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '9') {
			shapeOK = false
		}
	}
	switch {
	case !shapeOK:
		return fmt.Sprintf("%q is not a %s", v, locodeWhat)
	case len(up) >= 2 && !manifest.ValidCountry(up[:2]):
		return fmt.Sprintf("%q is not a %s: %q is not a country code%s", v, locodeWhat, up[:2], countrySuggestion(up[:2]))
	case up != v:
		return fmt.Sprintf("%q is not a %s; did you mean %q?", v, locodeWhat, up)
	}
	return ""
}
