package listfmt

import (
	"strings"
	"time"
)

// unXML parses the UN Security Council consolidated list:
//
//	<CONSOLIDATED_LIST dateGenerated="2024-01-15T10:00:03.234Z">
//	  <INDIVIDUALS>
//	    <INDIVIDUAL>
//	      <DATAID/> <FIRST_NAME/> <SECOND_NAME/> <THIRD_NAME/> <FOURTH_NAME/>
//	      <UN_LIST_TYPE/> <REFERENCE_NUMBER/> <LISTED_ON/> <NAME_ORIGINAL_SCRIPT/>
//	      <NATIONALITY><VALUE/></NATIONALITY>
//	      <INDIVIDUAL_ALIAS><QUALITY>Good|Low</QUALITY><ALIAS_NAME/></INDIVIDUAL_ALIAS>...
//	      <INDIVIDUAL_ADDRESS><STREET/><CITY/><STATE_PROVINCE/><COUNTRY/></INDIVIDUAL_ADDRESS>...
//	    </INDIVIDUAL>...
//	  </INDIVIDUALS>
//	  <ENTITIES>
//	    <ENTITY> <DATAID/> <FIRST_NAME/> ... <ENTITY_ALIAS/>... <ENTITY_ADDRESS/>... </ENTITY>...
//	  </ENTITIES>
//	</CONSOLIDATED_LIST>
//
// A "Low" quality alias is kept as a weak alias.
func (p *parser) unXML(data []byte) *List {
	l := &List{ID: "un-sc", Title: "UN Security Council Consolidated List", Format: FormatUNXML, Declared: -1}
	r := newXMLReader(p, data)
	root, line, col, ok := r.next()
	if !ok {
		p.noRoot(line, col, "<CONSOLIDATED_LIST>")
		return nil
	}
	if root.Name.Local != "CONSOLIDATED_LIST" {
		p.errorf(line, col, "root element is <%s>, want <CONSOLIDATED_LIST>", root.Name.Local)
		return nil
	}
	p.unDate(l, root.Attr, line, col)
	for !p.stop() {
		start, line, col, ok := r.next()
		if !ok {
			break
		}
		switch start.Name.Local {
		case "INDIVIDUALS", "ENTITIES":
			// containers: their children come next
		case "INDIVIDUAL", "ENTITY":
			if p.tooMany(len(l.Entries), line, col) {
				return nil
			}
			n, ok := r.read(start, line, col, 0)
			if !ok {
				return nil
			}
			l.Entries = append(l.Entries, p.unEntry(n))
		default:
			p.errorf(line, col, "unexpected <%s> in <CONSOLIDATED_LIST>", start.Name.Local)
			if !r.skip() {
				return nil
			}
		}
	}
	return l
}

func (p *parser) unDate(l *List, attrs []xmlAttr, line, col int) {
	v := attrValue(attrs, "dateGenerated")
	if v == "" {
		p.errorf(line, col, "<CONSOLIDATED_LIST> has no dateGenerated: the file does not say when it was published")
		return
	}
	t, err := parseDateTime(v)
	if err != nil {
		p.errorf(line, col, "dateGenerated %q: want an ISO 8601 date and time", v)
		return
	}
	l.Published, l.PublishedFrom = t, PublishedFromFile
}

func (p *parser) unEntry(n *node) Entry {
	e := Entry{ID: n.childText("DATAID"), Kind: KindSanction, Type: TypeOrganization, Pos: p.pos(n.line, n.col)}
	prefix := "ENTITY"
	if n.name == "INDIVIDUAL" {
		e.Type, prefix = TypePerson, "INDIVIDUAL"
	}
	var parts []string
	for _, f := range []string{"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"} {
		if v := n.childText(f); v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		p.errorf(n.line, n.col, "%s%s has no FIRST_NAME", n.name, label(e.ID))
	}
	e.Names = append(e.Names, Name{Text: strings.Join(parts, " "), Kind: NamePrimary})
	if v := n.childText("NAME_ORIGINAL_SCRIPT"); v != "" {
		e.Names = append(e.Names, Name{Text: v, Kind: NameAlias})
	}
	for _, a := range n.all(prefix + "_ALIAS") {
		kind := NameAlias
		if strings.EqualFold(a.childText("QUALITY"), "Low") {
			kind = NameWeakAlias
		}
		e.Names = append(e.Names, Name{Text: a.childText("ALIAS_NAME"), Kind: kind})
	}
	if v := n.childText("UN_LIST_TYPE"); v != "" {
		e.Programmes = append(e.Programmes, v)
	}
	if v := n.childText("LISTED_ON"); v != "" {
		t, err := parseDateTime(v)
		if err != nil {
			p.errorf(n.line, n.col, "%s%s: LISTED_ON %q: want YYYY-MM-DD", n.name, label(e.ID), v)
		}
		e.Listed = t
	}
	for _, nat := range n.all("NATIONALITY") {
		for _, v := range nat.all("VALUE") {
			if code, ok := CountryCode(v.text); ok {
				e.Countries = append(e.Countries, code)
			}
		}
	}
	for _, a := range n.all(prefix + "_ADDRESS") {
		addr := unAddress(a)
		if addr.Text == "" {
			continue
		}
		e.Addresses = append(e.Addresses, addr)
		if addr.Country != "" {
			e.Countries = append(e.Countries, addr.Country)
		}
	}
	return e
}

func unAddress(n *node) Address {
	var parts []string
	for _, f := range []string{"STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"} {
		if v := n.childText(f); v != "" {
			parts = append(parts, v)
		}
	}
	a := Address{Text: strings.Join(parts, ", "), City: n.childText("CITY")}
	a.Country, _ = CountryCode(n.childText("COUNTRY"))
	return a
}

// parseDateTime reads the date forms the list formats use: a date, or a
// date and time with or without a zone.
func parseDateTime(s string) (time.Time, error) {
	var err error
	for _, layout := range []string{time.DateOnly, time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999999Z07:00"} {
		var t time.Time
		if t, err = time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, err
}
