package chemicals

import "strings"

// Machine identifiers in item text: a standard InChIKey is an exact
// identity once the catalog carries structures, its first block (the
// skeleton: connectivity without stereo or charge) a weaker one; a
// standard InChI is exact; a SMILES string is recognised and reported as an
// unresolved structure (Finding), for a structure resolver to resolve; a
// molecular formula in Hill order that is a catalog entry's is a weak
// finding with its candidate entries, never an identity (isomers share
// formulas: ephedrine and pseudoephedrine are both C10H15NO).

// identifierIndex maps the identifiers of the catalog to its entries.
type identifierIndex struct {
	byKey     map[string]*Entry   // full standard InChIKey
	byBlock   map[string][]*Entry // first block of the InChIKey
	byInChI   map[string]*Entry   // standard InChI
	byFormula map[string][]*Entry // Hill formula as the catalog writes it
}

func newIdentifierIndex(entries []*Entry) identifierIndex {
	x := identifierIndex{byKey: map[string]*Entry{}, byBlock: map[string][]*Entry{}, byInChI: map[string]*Entry{},
		byFormula: map[string][]*Entry{}}
	for _, e := range entries {
		if k := e.Structure.InChIKey; len(k) == inchiKeyLen {
			x.byKey[k] = e
			x.byBlock[k[:14]] = append(x.byBlock[k[:14]], e)
		}
		if e.Structure.InChI != "" {
			x.byInChI[e.Structure.InChI] = e
		}
		if f := strings.TrimSpace(e.Formula); f != "" {
			x.byFormula[f] = append(x.byFormula[f], e)
		}
	}
	return x
}

// inchiKeyLen is the length of a standard InChIKey (14-10-1 letters).
const inchiKeyLen = 27

// mayHaveIdentifier is a quick test: an InChI or SMILES needs '=', '#',
// '[', a ring closure or a run of capitals; a formula a carbon count. Most
// cargo text fails it after one pass over its bytes.
func mayHaveIdentifier(s string) bool {
	caps := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '=' || c == '#' || c == '[':
			return true
		case c >= 'A' && c <= 'Z':
			if caps++; caps >= 14 {
				return true
			}
			if c == 'C' && i+1 < len(s) && (isDigit(s[i+1]) || s[i+1] == 'H' || s[i+1] == 'C' || s[i+1] == '(' || s[i+1] == 'c') {
				return true
			}
		case c == 'c' && i+1 < len(s) && isDigit(s[i+1]):
			return true
		default:
			caps = 0
		}
	}
	return false
}

// matchIdentifiers reports the identifiers in field text s.
func (m *Matcher) matchIdentifiers(res *Result, s string, field Field, hs string) {
	if len(m.ids.byKey) == 0 && len(m.ids.byFormula) == 0 {
		return
	}
	for start := 0; start < len(s); {
		for start < len(s) && identifierSep(s[start]) {
			start++
		}
		end := start
		for end < len(s) && !identifierSep(s[end]) {
			end++
		}
		if strings.HasPrefix(s[start:], "InChI=") {
			for end < len(s) && s[end] != ' ' && s[end] != '\t' && s[end] != '\n' {
				end++ // an InChI's layers hold commas and semicolons
			}
		}
		if end > start {
			m.identifier(res, s, start, end, field, hs)
		}
		start = end
	}
}

func identifierSep(c byte) bool { return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '\n' }

// identifier reports the identifier in the token s[start:end], if any.
func (m *Matcher) identifier(res *Result, s string, start, end int, field Field, hs string) {
	tok := s[start:end]
	if i := strings.Index(tok, "InChI=1S/"); i >= 0 {
		inchi := strings.TrimRight(tok[i:], ".,;") // an InChI ends in a letter, digit or bracket
		if e := m.ids.byInChI[inchi]; e != nil {
			addMatch(res, Match{Entry: e, Method: MethodInChI, Confidence: confInChI, Field: field,
				Start: start + i, End: start + i + len(inchi), Text: inchi, HS: e.HSStatus(hs)})
		}
		return
	}
	if i, n := inchiKeyIn(tok); n > 0 {
		m.inchiKey(res, s, start+i, start+i+n, field, hs)
		return
	}
	if es := m.ids.byFormula[strings.TrimRight(tok, ".:")]; es != nil && hillFormula(strings.TrimRight(tok, ".:")) {
		f := strings.TrimRight(tok, ".:")
		addFinding(res, Finding{Kind: FindingFormula, Field: field, Start: start, End: start + len(f), Text: f, Candidates: es})
		return
	}
	if smilesLike(tok) {
		addFinding(res, Finding{Kind: FindingSMILES, Field: field, Start: start, End: end, Text: tok})
	}
}

// inchiKeyIn finds a standard InChIKey, or a lone first block, in tok
// ("InChIKey=…", "key:…"): it returns its offset and length, or 0, 0.
func inchiKeyIn(tok string) (int, int) {
	for i := 0; i+14 <= len(tok); i++ {
		if i > 0 && upper(tok[i-1]) {
			continue
		}
		if !capitals(tok[i : i+14]) {
			continue
		}
		if len(tok) >= i+inchiKeyLen && tok[i+14] == '-' && capitals(tok[i+15:i+25]) && tok[i+25] == '-' && upper(tok[i+26]) &&
			(len(tok) == i+inchiKeyLen || !upper(tok[i+inchiKeyLen])) {
			return i, inchiKeyLen
		}
		if len(tok) == i+14 || !upper(tok[i+14]) && tok[i+14] != '-' {
			return i, 14
		}
	}
	return 0, 0
}

func upper(c byte) bool { return c >= 'A' && c <= 'Z' }

func capitals(s string) bool {
	for i := 0; i < len(s); i++ {
		if !upper(s[i]) {
			return false
		}
	}
	return true
}

// inchiKey reports the key s[start:end]: the entry with the full key, else
// every entry sharing its first block, at the skeleton's confidence.
func (m *Matcher) inchiKey(res *Result, s string, start, end int, field Field, hs string) {
	key := s[start:end]
	if e := m.ids.byKey[key]; e != nil {
		addMatch(res, Match{Entry: e, Method: MethodInChIKey, Confidence: confInChIKey, Field: field,
			Start: start, End: end, Text: key, HS: e.HSStatus(hs)})
		return
	}
	for _, e := range m.ids.byBlock[key[:14]] {
		addMatch(res, Match{Entry: e, Method: MethodInChIKey, Confidence: confInChIKeyBlock, Field: field,
			Start: start, End: end, Text: key, HS: e.HSStatus(hs)})
	}
}

// maxFindings bounds the structure findings of one item.
const maxFindings = 16

func addFinding(res *Result, f Finding) {
	if len(res.Findings) < maxFindings {
		res.Findings = append(res.Findings, f)
	}
}
