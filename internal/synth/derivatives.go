package synth

// derivativeScenario names, in a systematic name the catalog does not
// list, an uncatalogued derivative of a precursor family: another carbamate,
// amide or ring-substituted form of 4-AP, a substituted ANPP or NPP, an
// N-acyl or acetal 4-piperidone, another alpha-phenylacetoacetyl compound or
// glycidic ester. The catalog's names miss most of them; the structure
// resolver reads them (docs/structure.md). Generated only when
// Options.DerivativeFraction is set, so other streams are unchanged.
var derivativeScenario = scenario{"uncatalogued-derivative", (*Generator).derivative}

// derivatives are systematic names of such derivatives with the HS
// subheading a filer would use. (The structure package's development set;
// its held-out set stays unseen.)
var derivatives = []struct{ name, family, hs string }{
	{"N-(4-methylphenyl)piperidin-4-amine", "4-ap", "2933.39"},
	{"N-(3,4-dichlorophenyl)piperidin-4-amine", "4-ap", "2933.39"},
	{"phenyl 4-anilinopiperidine-1-carboxylate", "4-ap", "2933.39"},
	{"benzyl 4-anilinopiperidine-1-carboxylate", "4-ap", "2933.39"},
	{"(9H-fluoren-9-yl)methyl 4-anilinopiperidine-1-carboxylate", "4-ap", "2933.39"},
	{"1-(4-anilinopiperidin-1-yl)-2-methylpropan-1-one", "4-ap", "2933.39"},
	{"N-(4-chlorophenyl)-1-(2-phenylethyl)piperidin-4-amine", "anpp", "2933.39"},
	{"N-(4-methoxyphenyl)-1-(2-phenylethyl)piperidin-4-amine", "anpp", "2933.39"},
	{"N-phenyl-N-(piperidin-4-yl)pentanamide", "norfentanyl", "2933.39"},
	{"N-(2-fluorophenyl)-N-(piperidin-4-yl)propanamide", "norfentanyl", "2933.39"},
	{"1-[2-(4-chlorophenyl)ethyl]piperidin-4-one", "npp", "2933.39"},
	{"8-benzyl-1,4-dioxa-8-azaspiro[4.5]decane", "4-piperidone", "2934.99"},
	{"propyl 4-oxopiperidine-1-carboxylate", "4-piperidone", "2933.39"},
	{"1-propanoylpiperidin-4-one", "4-piperidone", "2933.39"},
	{"benzyl 4-oxopiperidine-1-carboxylate", "4-piperidone", "2933.39"},
	{"butyl 3-oxo-2-phenylbutanoate", "p2p-masked", "2918.30"},
	{"N,N-dimethyl-3-oxo-2-phenylbutanamide", "p2p-masked", "2924.29"},
	{"2-(4-fluorophenyl)-3-oxobutanenitrile", "p2p-masked", "2926.90"},
	{"pentyl 2-methyl-3-phenyloxirane-2-carboxylate", "bmk-glycidic", "2918.99"},
	{"propyl 2-methyl-3-phenyloxirane-2-carboxylate", "bmk-glycidic", "2918.99"},
	{"potassium 2-methyl-3-phenyloxirane-2-carboxylate", "bmk-glycidic", "2918.99"},
	{"butyl 3-(1,3-benzodioxol-5-yl)-2-methyloxirane-2-carboxylate", "pmk-glycidic", "2932.99"},
}

// derivative adds one item naming an uncatalogued derivative; the label's
// chemical is its family.
func (g *Generator) derivative() string {
	d := derivatives[g.rng.IntN(len(derivatives))]
	kg := g.fentanylKg()
	if d.family == "p2p-masked" || d.family == "bmk-glycidic" || d.family == "pmk-glycidic" {
		kg = g.methKg()
	}
	g.chemItem(g.dressed(d.name), g.hsForm(d.hs), "", kg)
	return d.family
}

// scenario picks the scenario of a risky shipment: an uncatalogued
// derivative for Options.DerivativeFraction of them, else one of the
// evasion tactics. Without derivatives it draws exactly as before.
func (g *Generator) scenario() scenario {
	if f := g.opts.DerivativeFraction; f > 0 && g.rng.Float64() < f {
		return derivativeScenario
	}
	return scenarios[g.rng.IntN(len(scenarios))]
}
