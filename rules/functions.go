package rules

// Function documents one helper function of the rule language. Functions is
// the single table that registers the helpers with expr, checks their
// literal arguments at load time and generates `precursor rules env`.
type Function struct {
	Name      string // as written in conditions
	Signature string // for documentation
	Doc       string
	Example   string
	// Catalog says which literal string arguments must name catalog
	// entries: "id" (chemical ids), "family" or "id|family".
	Catalog string

	types []any                                 // typed signatures for the checker, env first
	call  func(e *Env, args []any) (any, error) // args exclude the env
}

// Functions lists every helper function of the rule language.
var Functions = []Function{
	{Name: "hasChemical", Signature: "hasChemical(ids ...string) bool", Catalog: "id",
		Doc:     "Some item matched one of the catalog ids with confidence >= 0.5.",
		Example: `hasChemical("4-ap", "npp")`,
		types:   []any{new(func(any, ...string) bool)},
		call:    func(e *Env, a []any) (any, error) { return e.hasChemical(a), nil }},
	{Name: "hasFamily", Signature: "hasFamily(families ...string) bool", Catalog: "family",
		Doc:     "Some item matched a chemical of one of the catalog families (parent, salts, protected forms) with confidence >= 0.5.",
		Example: `hasFamily("4-ap")`,
		types:   []any{new(func(any, ...string) bool)},
		call:    func(e *Env, a []any) (any, error) { return e.hasFamily(a), nil }},
	{Name: "hasRole", Signature: "hasRole(roles ...string) bool",
		Doc:     "Some matched chemical has one of the roles: precursor, pre-precursor, designer-precursor, reagent, drug.",
		Example: `hasRole("designer-precursor")`,
		types:   []any{new(func(any, ...string) bool)},
		call:    func(e *Env, a []any) (any, error) { return e.hasRole(a), nil }},
	{Name: "controlledIn", Signature: "controlledIn(jurisdiction string) bool",
		Doc:     "Some matched chemical is controlled in the jurisdiction (UN, US, CN, MX, EU, CA, HK) as of the event date.",
		Example: `controlledIn("US")`,
		types:   []any{new(func(any, string) bool)},
		call:    func(e *Env, a []any) (any, error) { return e.controlledIn(a[0].(string)), nil }},
	{Name: "anyControlled", Signature: "anyControlled() bool",
		Doc:     "Some matched chemical is controlled in at least one jurisdiction as of the event date.",
		Example: `anyControlled() and mode == "express"`,
		types:   []any{new(func(any) bool)},
		call:    func(e *Env, _ []any) (any, error) { return e.anyControlled(), nil }},
	{Name: "watchlisted", Signature: "watchlisted() bool",
		Doc:     "Some matched chemical is on the watchlist: controlled nowhere (at any date) but of concern.",
		Example: `watchlisted() and destination == "MX"`,
		types:   []any{new(func(any) bool)},
		call:    func(e *Env, _ []any) (any, error) { return e.facts.watchlisted, nil }},
	{Name: "route", Signature: "route(from []string, to []string) bool",
		Doc:     "The origin is in from and the destination is in to; an empty list matches any country.",
		Example: `route(["CN", "IN"], ["MX"])`,
		types:   []any{new(func(any, []any, []any) bool), new(func(any, []string, []string) bool), new(func(any, []any, []string) bool), new(func(any, []string, []any) bool)},
		call:    func(e *Env, a []any) (any, error) { return e.route(a[0], a[1]) }},
	{Name: "transits", Signature: "transits(countries ...string) bool",
		Doc:     "The route passes through one of the countries.",
		Example: `transits("HK", "SG")`,
		types:   []any{new(func(any, ...string) bool)},
		call:    func(e *Env, a []any) (any, error) { return e.transits(a), nil }},
	{Name: "hsDeclared", Signature: "hsDeclared(prefixes ...string) bool",
		Doc:     "Some item's declared HS code starts with one of the prefixes (dots are ignored).",
		Example: `hsDeclared("2933.39", "2921")`,
		types:   []any{new(func(any, ...string) bool)},
		call:    func(e *Env, a []any) (any, error) { return e.hsDeclared(a), nil }},
	{Name: "hsMismatch", Signature: "hsMismatch() bool",
		Doc:     "A chemical matched with confidence >= 0.5 was declared under an HS code that does not fit it.",
		Example: `hsMismatch() and hasFamily("npp")`,
		types:   []any{new(func(any) bool)},
		call:    func(e *Env, _ []any) (any, error) { return e.facts.hsMismatch, nil }},
	{Name: "casInvalid", Signature: "casInvalid() bool",
		Doc:     "Some item carries a CAS-shaped number whose check digit is wrong (mistyped or tampered).",
		Example: `casInvalid()`,
		types:   []any{new(func(any) bool)},
		call:    func(e *Env, _ []any) (any, error) { return e.facts.casInvalid, nil }},
	{Name: "totalKg", Signature: "totalKg(chemicalOrFamily string) float64", Catalog: "id|family",
		Doc:     "Total mass in kg of the items that matched the chemical id or family with confidence >= 0.5.",
		Example: `totalKg("4-ap") >= 25`,
		types:   []any{new(func(any, string) float64)},
		call:    func(e *Env, a []any) (any, error) { return e.totalKg(a[0].(string)), nil }},
	{Name: "descriptionHas", Signature: "descriptionHas(phrases ...string) bool",
		Doc:     "Some item description contains one of the phrases, ignoring case and runs of whitespace.",
		Example: `descriptionHas("research chemical", "not for human")`,
		types:   []any{new(func(any, ...string) bool)},
		call:    func(e *Env, a []any) (any, error) { return e.descriptionHas(a), nil }},
	{Name: "maxConfidence", Signature: "maxConfidence(idOrFamily string) float64", Catalog: "id|family",
		Doc:     "The highest confidence of any match (including those below 0.5) of the chemical id or family; 0 if none.",
		Example: `maxConfidence("npp") >= 0.3`,
		types:   []any{new(func(any, string) float64)},
		call:    func(e *Env, a []any) (any, error) { return e.maxConfidence(a[0].(string)), nil }},
	{Name: "itemsCount", Signature: "itemsCount() int",
		Doc:     "The number of line items.",
		Example: `itemsCount() == 1`,
		types:   []any{new(func(any) int)},
		call:    func(e *Env, _ []any) (any, error) { return len(e.Items), nil }},
	{Name: "hasMethod", Signature: "hasMethod(method string) bool",
		Doc:     "Some match with confidence >= 0.5 was found by the method: cas, name, abbreviation or fuzzy.",
		Example: `hasMethod("fuzzy")`,
		types:   []any{new(func(any, string) bool)},
		call:    func(e *Env, a []any) (any, error) { return e.hasMethod(a[0].(string)), nil }},
}

// internalName is the name a helper is registered under with expr; the
// patcher rewrites calls to it and passes the Env first, so helper names may
// coincide with field names (route).
func internalName(name string) string { return "__" + name }
