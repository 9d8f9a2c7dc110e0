package chemicals

// CAS numbers in free text: "23056-29-3", "CAS#23056-29-3", "CAS No.: 23056
// 29 3", "23056–29–3" (typographic dashes). A token is CAS-shaped when it
// reads 2–7 digits, a separator, 2 digits, a separator and 1 digit, with no
// digit or further "-digit" group on either side (so "15-15-15" fertiliser
// grades and dates with two-digit days are not CAS numbers).

// casToken is one CAS-shaped number found in a string.
type casToken struct {
	start, end int      // byte span in the original string
	canon      [12]byte // canonical "NNNNNNN-NN-N"
	n          int      // length of canon
	spaced     bool     // separated by spaces only, not by dashes
}

// text returns the canonical form; it does not allocate when compared or
// used as a map key.
func (c *casToken) text() string { return string(c.canon[:c.n]) }

// nextCAS finds the first CAS-shaped number in s at or after from.
func nextCAS(s string, from int) (casToken, int, bool) {
	for i := from; i < len(s); i++ {
		if !isDigit(s[i]) || i > 0 && isDigit(s[i-1]) {
			continue
		}
		if dashBefore(s, i) {
			continue // a later group of a longer dashed number
		}
		if c, ok := casAt(s, i); ok {
			return c, c.end, true
		}
	}
	return casToken{}, len(s), false
}

// casAt reads a CAS-shaped number starting exactly at s[i].
func casAt(s string, i int) (casToken, bool) {
	c := casToken{start: i}
	j := i
	for _, width := range [3][2]int{{2, 7}, {2, 2}, {1, 1}} {
		if j > i {
			k, dashed, ok := casSep(s, j)
			if !ok {
				return c, false
			}
			c.spaced = c.spaced || !dashed
			j = k
			c.canon[c.n] = '-'
			c.n++
		}
		d := 0
		for j < len(s) && isDigit(s[j]) && d < width[1]+1 {
			if c.n < len(c.canon) {
				c.canon[c.n] = s[j]
			}
			c.n++
			d++
			j++
		}
		if d < width[0] || d > width[1] {
			return c, false
		}
	}
	if j < len(s) && isDigit(s[j]) {
		return c, false
	}
	if n := dashLen(s, j); n > 0 && j+n < len(s) && isDigit(s[j+n]) {
		return c, false
	}
	c.end = j
	return c, true
}

// casSep skips one separator between CAS digit groups: a dash (ASCII or
// typographic) with optional spaces around it, or a single space.
func casSep(s string, j int) (next int, dashed, ok bool) {
	k := j
	for k < len(s) && s[k] == ' ' && k-j < 2 {
		k++
	}
	if n := dashLen(s, k); n > 0 {
		k += n
		for m := 0; k < len(s) && s[k] == ' ' && m < 2; m++ {
			k++
		}
		return k, true, k < len(s) && isDigit(s[k])
	}
	return k, false, k == j+1 && k < len(s) && isDigit(s[k])
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// dashBefore reports whether a dash ends just before s[i], with a digit
// before the dash.
func dashBefore(s string, i int) bool {
	switch {
	case i >= 2 && s[i-1] == '-':
		return isDigit(s[i-2])
	case i >= 4 && dashLen(s, i-3) == 3:
		return isDigit(s[i-4])
	}
	return false
}

// dashLen returns the byte length of a dash at s[i]: '-' or one of U+2010–
// U+2015 and U+2212 (minus) in UTF-8, else 0.
func dashLen(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	if s[i] == '-' {
		return 1
	}
	if i+2 < len(s) && s[i] == 0xE2 {
		if s[i+1] == 0x80 && s[i+2] >= 0x90 && s[i+2] <= 0x95 || s[i+1] == 0x88 && s[i+2] == 0x92 {
			return 3
		}
	}
	return 0
}

// casKeywordBefore reports whether "cas" (any case) appears in the dozen
// bytes before i: spaced-out numbers count as CAS numbers only then.
func casKeywordBefore(s string, i int) bool {
	lo := i - 14
	if lo < 0 {
		lo = 0
	}
	for k := i - 3; k >= lo; k-- {
		if lower(s[k]) == 'c' && lower(s[k+1]) == 'a' && lower(s[k+2]) == 's' {
			return true
		}
	}
	return false
}

// nearCAS reports whether a and b (canonical CAS numbers) differ in one digit
// or by swapping two adjacent digits: the typos a mistyped or tampered
// number shows.
func nearCAS(a, b string) bool {
	da, db := casDigits(a), casDigits(b)
	if len(da) != len(db) {
		return false
	}
	diff := -1
	for i := 0; i < len(da); i++ {
		if da[i] == db[i] {
			continue
		}
		if diff < 0 {
			diff = i
			continue
		}
		if i == diff+1 && da[diff] == db[i] && da[i] == db[diff] && da[i+1:] == db[i+1:] {
			return true
		}
		return false
	}
	return true
}

func casDigits(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// maxCASFindings bounds the invalid-CAS findings of one item, so a hostile
// description cannot blow up an alert.
const maxCASFindings = 16

// matchCAS reports the CAS numbers in s: valid catalog numbers as matches,
// wrong check digits as findings.
func (m *Matcher) matchCAS(res *Result, sc *scratch, s string, field Field, hs string) {
	if s == "" {
		return
	}
	found := false
	for from := 0; from < len(s); {
		c, next, ok := nextCAS(s, from)
		if !ok {
			break
		}
		from = next
		found = true
		m.reportCAS(res, sc, s, c, field, hs)
	}
	if field == FieldCAS && !found {
		if c, ok := bareCAS(s); ok {
			m.reportCAS(res, sc, s, c, field, hs)
		}
	}
}

// reportCAS turns one CAS-shaped token into a match or finding.
func (m *Matcher) reportCAS(res *Result, sc *scratch, s string, c casToken, field Field, hs string) {
	got, want, ok := ParseCAS(c.text())
	if !ok {
		return
	}
	if c.spaced && field == FieldDescription && !casKeywordBefore(s, c.start) && m.cas[c.text()] == nil {
		return // "lot 1000 25 5": numbers, not a registry number
	}
	if got != want && field == FieldDescription && c.canon[2] == '-' && !casKeywordBefore(s, c.start) {
		return // "18-46-0" is a fertiliser grade; a two-digit CAS needs "CAS" before it
	}
	sc.casSeen = true
	if got != want {
		if len(res.InvalidCAS) >= maxCASFindings {
			return
		}
		res.InvalidCAS = append(res.InvalidCAS, CASFinding{
			Field: field, Start: c.start, End: c.end, Text: s[c.start:c.end],
			Want: want, Entry: m.nearEntry(c.text()),
		})
		return
	}
	e := m.cas[c.text()]
	if e == nil {
		sc.foreignCAS = true
		return
	}
	conf := confCASDescription
	if field == FieldCAS {
		conf = confCASField
	}
	addMatch(res, Match{
		Entry: e, Method: MethodCAS, Confidence: conf, Field: field,
		Start: c.start, End: c.end, Text: s[c.start:c.end], HS: e.HSStatus(hs),
	})
}

// nearEntry returns the catalog entry whose CAS number the invalid number
// cas most likely imitates: same digits but the check digit, or one digit
// changed, or two adjacent digits swapped.
func (m *Matcher) nearEntry(cas string) *Entry {
	body := cas[:len(cas)-1]
	for _, r := range m.casNums {
		if len(r.number) == len(cas) && r.number[:len(r.number)-1] == body {
			return r.entry
		}
	}
	for _, r := range m.casNums {
		if nearCAS(r.number, cas) {
			return r.entry
		}
	}
	return nil
}

// bareCAS reads a cas field holding only digits ("23056293") or digits
// with stray spaces as a CAS number.
func bareCAS(s string) (casToken, bool) {
	c := casToken{start: -1}
	var digits [10]byte
	nd := 0
	for i := 0; i < len(s); i++ {
		switch {
		case isDigit(s[i]):
			if nd == len(digits) {
				return c, false
			}
			if c.start < 0 {
				c.start = i
			}
			digits[nd] = s[i]
			nd++
			c.end = i + 1
		case s[i] != ' ' && s[i] != '\t':
			return c, false
		}
	}
	if nd < 5 {
		return c, false
	}
	for i := 0; i < nd; i++ {
		if i == nd-3 || i == nd-1 {
			c.canon[c.n] = '-'
			c.n++
		}
		c.canon[c.n] = digits[i]
		c.n++
	}
	return c, true
}
