package synth

// chem is a precursor as it appears on real declarations: the names and
// abbreviations filers use, its parent CAS number and HS 2022 subheading.
// Identities and names as in chemicals/catalog.yaml, whose sources registry cites them.
type chem struct {
	id    string   // catalog id, e.g. "4-ap"
	names []string // ways the chemical is written on manifests
	cas   string   // CAS registry number with a valid check digit
	hs    string   // "NNNN.NN"
	meth  bool     // methamphetamine / amphetamine chain, else fentanyl chain
}

// Fentanyl-chain chemicals, written by systematic names, trivial names and
// abbreviations.
var fentanylChems = []chem{
	{"4-ap", []string{"N-phenylpiperidin-4-amine", "4-anilinopiperidine", "N-phenyl-4-piperidinamine", "4-AP"}, "23056-29-3", "2933.39", false},
	{"npp", []string{"N-phenethyl-4-piperidone", "N-phenethyl-4-piperidinone", "1-(2-phenylethyl)piperidin-4-one", "NPP"}, "39742-60-4", "2933.37", false},
	{"anpp", []string{"4-anilino-N-phenethylpiperidine", "N-phenyl-1-(2-phenylethyl)piperidin-4-amine", "4-ANPP", "ANPP"}, "21409-26-7", "2933.36", false},
	{"norfentanyl", []string{"norfentanyl", "N-phenyl-N-(piperidin-4-yl)propanamide", "N-phenyl-N-(piperidin-4-yl)propionamide"}, "1609-66-1", "2933.39", false},
	{"4-piperidone", []string{"4-piperidone", "piperidin-4-one"}, "41661-47-6", "2933.39", false},
}

// Protected (Boc) forms: "add a molecule, remove it later" (catalog sources S45, S3, S6, S7).
var protectedChems = []chem{
	{"boc-4-ap", []string{"tert-butyl 4-(phenylamino)piperidine-1-carboxylate", "tert-butyl 4-anilinopiperidine-1-carboxylate", "1-boc-4-AP"}, "125541-22-2", "2933.39", false},
	{"boc-4-piperidone", []string{"1-boc-4-piperidone", "N-boc-4-piperidone", "tert-butyl 4-oxopiperidine-1-carboxylate", "N-(tert-butoxycarbonyl)-4-piperidone"}, "79099-07-3", "2933.39", false},
}

// Salt forms, each with the CAS number of the salt.
var saltChems = []chem{
	{"4-ap", []string{"4-anilinopiperidine dihydrochloride", "N-phenylpiperidin-4-amine dihydrochloride"}, "99918-43-1", "2933.39", false},
	{"4-piperidone", []string{"4-piperidone hydrochloride monohydrate", "4-piperidone HCl monohydrate"}, "40064-34-4", "2933.39", false},
	{"pseudoephedrine", []string{"pseudoephedrine hydrochloride", "d-pseudoephedrine HCl"}, "345-78-8", "2939.42", true},
	{"ephedrine", []string{"ephedrine hydrochloride", "l-ephedrine HCl"}, "50-98-6", "2939.41", true},
}

// Methamphetamine-chain chemicals: P2P, its pre-precursors and the designer
// glycidates made to evade control (catalog sources S3, S14, S15).
var methChems = []chem{
	{"p2p", []string{"1-phenyl-2-propanone", "phenylacetone", "benzyl methyl ketone", "P2P"}, "103-79-7", "2914.31", true},
	{"phenylacetic-acid", []string{"phenylacetic acid", "benzeneacetic acid", "2-phenylacetic acid"}, "103-82-2", "2916.34", true},
	{"apaa", []string{"alpha-phenylacetoacetamide", "3-oxo-2-phenylbutanamide", "APAA"}, "4433-77-6", "2924.29", true},
	{"apaan", []string{"alpha-phenylacetoacetonitrile", "3-oxo-2-phenylbutanenitrile", "APAAN"}, "4468-48-8", "2926.40", true},
	{"mapa", []string{"methyl alpha-phenylacetoacetate", "methyl 3-oxo-2-phenylbutanoate", "MAPA"}, "16648-44-5", "2918.30", true},
	{"bmk-methyl-glycidate", []string{"BMK methyl glycidate", "methyl 2-methyl-3-phenyloxirane-2-carboxylate", "BMK glycidate"}, "80532-66-7", "2918.99", true},
	{"bmk-ethyl-glycidate", []string{"BMK ethyl glycidate", "ethyl 2-methyl-3-phenyloxirane-2-carboxylate"}, "41232-97-7", "2918.99", true},
	{"bmk-glycidic-acid", []string{"BMK glycidic acid", "P-2-P methyl glycidic acid", "2-methyl-3-phenyloxirane-2-carboxylic acid"}, "25547-51-7", "2918.99", true},
}

// allChems lists every chemical the generator can ship.
func allChems() [][]chem { return [][]chem{fentanylChems, protectedChems, saltChems, methChems} }

// Words filers put around a chemical name.
var (
	purities  = []string{"99%", "98% min", "purity 99.5%", ">=99%", "99.0% HPLC", "AR grade"}
	packings  = []string{"25kg/drum", "1kg/bag", "white powder", "in fiber drums", "light yellow liquid", "crystalline powder"}
	coverDesc = []string{"dog food", "Vitamin C", "furniture parts", "cosmetic materials", "motor oil additive", "antacid", "nuts", "vases", "makeup"}
	vagueDesc = []string{"pharmaceutical intermediate", "Pharmaceutical Intermediate", "organic intermediate", "chemical raw material", "API intermediate, for research use"}
	// Only the plain words: a chemical name is never written in these.
	methDests = []port{portsMX[0], portsMX[1], portsMX[4]}
)
