package listfmt

import (
	"strings"
	"unicode/utf8"
)

// parser holds what every format's parser shares: the file name for
// positions, the limits and the errors found so far.
type parser struct {
	file string
	lim  Limits
	errs *errorList
}

func newParser(file string, lim Limits) *parser {
	return &parser{file: file, lim: lim, errs: newErrorList(file, lim.MaxErrors)}
}

func (p *parser) pos(line, col int) Pos { return Pos{File: p.file, Line: line, Col: col} }

// errorf records an error at line:col.
func (p *parser) errorf(line, col int, format string, args ...any) {
	p.errs.add(p.pos(line, col), format, args...)
}

// stop reports whether parsing should end: the error limit was reached.
func (p *parser) stop() bool { return p.errs.Full() }

// tooMany records that the file holds more entries than the limit and
// reports whether it does.
func (p *parser) tooMany(n, line, col int) bool {
	if n < p.lim.MaxEntries {
		return false
	}
	p.errorf(line, col, "more than %d entries: over the limit", p.lim.MaxEntries)
	return true
}

// finish checks what every list must satisfy, whatever its format, and
// returns the list only when no error was found anywhere in the file.
func (p *parser) finish(l *List) (*List, error) {
	if l != nil && !p.stop() {
		p.checkEntries(l)
	}
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return l, nil
}

func (p *parser) checkEntries(l *List) {
	if l.Declared >= 0 && l.Declared != len(l.Entries) {
		p.errorf(0, 0, "the file declares %d records but holds %d entries: truncated or inconsistent", l.Declared, len(l.Entries))
	}
	seen := make(map[string]Pos, len(l.Entries))
	// Entries that already have an error need no second "has no name".
	flagged := make(map[Pos]bool, p.errs.Len())
	for _, e := range p.errs.ds {
		flagged[e.Pos] = true
	}
	for i := range l.Entries {
		e := &l.Entries[i]
		at := e.Pos
		switch prev, dup := seen[e.ID]; {
		case e.ID == "":
			p.errs.add(at, "entry without an identifier")
		case dup:
			p.errs.add(at, "entry %q repeats the identifier of the entry at line %d", e.ID, prev.Line)
		default:
			seen[e.ID] = at
		}
		p.checkNames(e, flagged[at])
		e.Countries = dedupe(e.Countries)
		for _, c := range e.Countries {
			if !validCountry(c) {
				p.errs.add(at, "entry %q: %q is not an ISO 3166-1 alpha-2 country code", e.ID, c)
			}
		}
		if !ValidKind(e.Kind) {
			p.errs.add(at, "entry %q: kind %q is none of sanction, indictment, export-control, crime, other", e.ID, e.Kind)
		}
		if p.stop() {
			return
		}
	}
}

// checkNames cleans an entry's names (trimmed, spaces collapsed, empty and
// repeated names dropped) and checks their number and size.
func (p *parser) checkNames(e *Entry, flagged bool) {
	out := e.Names[:0]
	seen := make(map[string]bool, len(e.Names))
	for _, n := range e.Names {
		n.Text = collapseSpace(n.Text)
		switch {
		case n.Text == "" || seen[n.Text]:
			continue
		case !utf8.ValidString(n.Text):
			p.errs.add(e.Pos, "entry %q: name is not valid UTF-8", e.ID)
			continue
		case len(n.Text) > p.lim.MaxField:
			p.errs.add(e.Pos, "entry %q: a name of %d bytes is over the limit of %d", e.ID, len(n.Text), p.lim.MaxField)
			continue
		}
		seen[n.Text] = true
		out = append(out, n)
	}
	e.Names = out
	switch {
	case len(e.Names) == 0:
		if !flagged {
			p.errs.add(e.Pos, "entry %q has no name", e.ID)
		}
	case e.Names[0].Kind != NamePrimary:
		e.Names[0].Kind = NamePrimary // the first name given stands as primary
	}
	if len(e.Names) > p.lim.MaxNames {
		p.errs.add(e.Pos, "entry %q has %d names, over the limit of %d", e.ID, len(e.Names), p.lim.MaxNames)
	}
	for i := range e.Addresses {
		e.Addresses[i].Text = collapseSpace(e.Addresses[i].Text)
		if len(e.Addresses[i].Text) > p.lim.MaxField {
			p.errs.add(e.Pos, "entry %q: an address of %d bytes is over the limit of %d", e.ID, len(e.Addresses[i].Text), p.lim.MaxField)
		}
	}
}

// collapseSpace trims s and replaces every run of white space or control
// characters by one space.
func collapseSpace(s string) string {
	if !needsCollapse(s) {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || r == 0xa0 || r == 0x3000 }), " ")
}

func needsCollapse(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c == 0x7f || c >= 0x80 || (c == ' ' && i+1 < len(s) && s[i+1] == ' ') {
			return true
		}
	}
	return false
}

// dedupe removes repeated strings, keeping the first of each.
func dedupe(ss []string) []string {
	if len(ss) < 2 {
		return ss
	}
	out := ss[:0]
	for _, s := range ss {
		dup := false
		for _, t := range out {
			if t == s {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

// noRoot records that the file has no root element, unless the XML reader
// already said why.
func (p *parser) noRoot(line, col int, want string) {
	if p.errs.Len() == 0 {
		p.errorf(line, col, "no %s element", want)
	}
}

// label formats an entry identifier for a message: " 36", or "" when the
// entry has none.
func label(id string) string {
	if id == "" {
		return ""
	}
	return " " + id
}
