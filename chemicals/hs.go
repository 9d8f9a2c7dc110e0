package chemicals

// HSStatus compares a declared HS code (digits only; national codes longer
// than six digits are compared on their first six) with the entry's codes.
//
// The declaration is consistent when its subheading is one of the entry's,
// or when it falls under the same four-digit heading: real declarations mix
// HS editions and national lists (NPP is 2933.37 in HS 2022 but 2933.39 in
// lists written before it), and a heading-level agreement is not evidence of
// misdeclaration. A different heading or chapter is a mismatch, as is a
// declaration too short to name a heading. It does not allocate.
func (e *Entry) HSStatus(declared string) HSStatus {
	if declared == "" {
		return HSMissing
	}
	if len(e.HSCodes) == 0 {
		return HSUnknown
	}
	d := declared
	if len(d) > 6 {
		d = d[:6]
	}
	if len(d) < 4 || !allDigits(d) {
		return HSMismatch
	}
	for _, code := range e.HSCodes {
		if code[:4] == d[:4] { // same heading, so also the same subheading
			return HSConsistent
		}
	}
	return HSMismatch
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
