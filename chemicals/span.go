package chemicals

// The evidence span of a match: the original bytes its canonical tokens
// came from, widened over salt words and balanced at its bracket edges.

// span maps canonical tokens back to original bytes, extended over salt
// and hydrate words that follow ("ephedrine HCl", "4-AP 2HCl").
func (m *Matcher) span(sc *scratch, f found) (int, int) {
	toks := sc.norm.toks
	start, end := toks[f.first].os, toks[f.first].oe
	for t := f.first; t <= f.last; t++ {
		start, end = min(start, toks[t].os), max(end, toks[t].oe)
	}
	for t := f.last + 1; t < len(toks) && !sc.covered[t]; t++ {
		w := sc.norm.buf[toks[t].cs:toks[t].ce]
		switch {
		case m.vocab.isSalt(w):
		case toks[t].digits && len(w) == 1 && t+1 < len(toks) && toks[t+1].glued() &&
			m.vocab.isSalt(sc.norm.buf[toks[t+1].cs:toks[t+1].ce]):
		default:
			return int(start), int(end)
		}
		end = max(end, toks[t].oe)
	}
	return int(start), int(end)
}

// balanceSpan widens s[start:end] over the brackets its edges cut: a
// closing bracket inside the span whose opener lies just before it
// ("(2-bromoethyl)benzene", not "2-bromoethyl)benzene"), and an opening
// bracket inside whose closer lies just after it. Only brackets adjacent
// to the span are taken (spaces between allowed); an unbalanced bracket of
// the text itself stays out.
func balanceSpan(s string, start, end int) (int, int) {
	for _, pair := range [...][2]byte{{'(', ')'}, {'[', ']'}, {'{', '}'}} {
		open, unclosed := 0, 0 // closers without opener, openers without closer
		for i := start; i < end; i++ {
			switch s[i] {
			case pair[0]:
				unclosed++
			case pair[1]:
				if unclosed > 0 {
					unclosed--
				} else {
					open++
				}
			}
		}
		for ; open > 0; open-- {
			j := start - 1
			for j >= 0 && s[j] == ' ' {
				j--
			}
			if j < 0 || s[j] != pair[0] {
				break
			}
			start = j
		}
		for ; unclosed > 0; unclosed-- {
			j := end
			for j < len(s) && s[j] == ' ' {
				j++
			}
			if j >= len(s) || s[j] != pair[1] {
				break
			}
			end = j + 1
		}
	}
	return start, end
}

// balanceSpan32 is balanceSpan for the int32 offsets of canonical tokens.
func balanceSpan32(s string, start, end int32) (int32, int32) {
	a, b := balanceSpan(s, int(start), int(end))
	return int32(a), int32(b)
}
