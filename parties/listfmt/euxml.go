package listfmt

import "strings"

// euXML parses the EU consolidated financial sanctions file (FSF, XML
// v1.1), whose data sits in attributes:
//
//	<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2024-01-15T10:00:00.000+01:00">
//	  <sanctionEntity logicalId="13" euReferenceNumber="EU.27.28" unitedNationId="..." designationDate="...">
//	    <remark/>
//	    <regulation programme="IRQ" publicationDate="..." .../>
//	    <subjectType code="person|enterprise" classificationCode="P|E"/>
//	    <nameAlias wholeName="..." firstName="..." lastName="..." strong="true|false" nameLanguage="..."/>...
//	    <citizenship countryIso2Code="IQ" countryDescription="IRAQ"/>...
//	    <address street="..." city="..." zipCode="..." countryIso2Code="..." countryDescription="..."/>...
//	  </sanctionEntity>...
//	</export>
//
// A nameAlias with strong="false" is kept as a weak alias.
func (p *parser) euXML(data []byte) *List {
	l := &List{ID: "eu-fsf", Title: "EU Consolidated Financial Sanctions List", Format: FormatEUXML, Declared: -1}
	r := newXMLReader(p, data)
	root, line, col, ok := r.next()
	if !ok {
		p.noRoot(line, col, "<export>")
		return nil
	}
	if root.Name.Local != "export" {
		p.errorf(line, col, "root element is <%s>, want <export>", root.Name.Local)
		return nil
	}
	if v := attrValue(root.Attr, "generationDate"); v == "" {
		p.errorf(line, col, "<export> has no generationDate: the file does not say when it was published")
	} else if t, err := parseDateTime(v); err != nil {
		p.errorf(line, col, "generationDate %q: want an ISO 8601 date and time", v)
	} else {
		l.Published, l.PublishedFrom = t, PublishedFromFile
	}
	for !p.stop() {
		start, line, col, ok := r.next()
		if !ok {
			break
		}
		if start.Name.Local != "sanctionEntity" {
			p.errorf(line, col, "unexpected <%s> in <export>", start.Name.Local)
			if !r.skip() {
				return nil
			}
			continue
		}
		if p.tooMany(len(l.Entries), line, col) {
			return nil
		}
		n, ok := r.read(start, line, col, 0)
		if !ok {
			return nil
		}
		l.Entries = append(l.Entries, p.euEntry(n))
	}
	return l
}

var euTypes = map[string]EntityType{"person": TypePerson, "enterprise": TypeCompany, "P": TypePerson, "E": TypeCompany}

func (p *parser) euEntry(n *node) Entry {
	e := Entry{ID: n.attr("logicalId"), Kind: KindSanction, Type: TypeUnknown, Pos: p.pos(n.line, n.col)}
	if st := n.child("subjectType"); st != nil {
		if t, ok := euTypes[st.attr("code")]; ok {
			e.Type = t
		} else if t, ok := euTypes[st.attr("classificationCode")]; ok {
			e.Type = t
		}
	}
	for _, a := range n.all("nameAlias") {
		kind := NameAlias
		if len(e.Names) == 0 {
			kind = NamePrimary
		}
		if strings.EqualFold(a.attr("strong"), "false") {
			kind = NameWeakAlias
		}
		e.Names = append(e.Names, Name{Text: euName(a), Kind: kind})
	}
	if len(e.Names) == 0 {
		p.errorf(n.line, n.col, "sanctionEntity%s has no <nameAlias>", label(e.ID))
	}
	for _, reg := range n.all("regulation") {
		if v := reg.attr("programme"); v != "" {
			e.Programmes = append(e.Programmes, v)
		}
	}
	e.Programmes = dedupe(e.Programmes)
	if v := n.attr("designationDate"); v != "" {
		if t, err := parseDateTime(v); err == nil {
			e.Listed = t
		}
	}
	for _, c := range n.all("citizenship") {
		if code, ok := euCountry(c); ok {
			e.Countries = append(e.Countries, code)
		}
	}
	for _, a := range n.all("address") {
		addr := euAddress(a)
		e.Addresses = append(e.Addresses, addr)
		if addr.Country != "" {
			e.Countries = append(e.Countries, addr.Country)
		}
	}
	return e
}

// euName is the wholeName, or first, middle and last name joined.
func euName(n *node) string {
	if w := n.attr("wholeName"); w != "" {
		return w
	}
	return strings.Join(strings.Fields(n.attr("firstName")+" "+n.attr("middleName")+" "+n.attr("lastName")), " ")
}

// euCountry reads countryIso2Code, falling back to countryDescription; the
// EU writes "00" for an unknown country.
func euCountry(n *node) (string, bool) {
	if code, ok := CountryCode(n.attr("countryIso2Code")); ok {
		return code, true
	}
	return CountryCode(n.attr("countryDescription"))
}

func euAddress(n *node) Address {
	var parts []string
	for _, f := range []string{"street", "poBox", "city", "zipCode", "region", "place", "countryDescription"} {
		if v := n.attr(f); v != "" {
			parts = append(parts, v)
		}
	}
	a := Address{Text: strings.Join(parts, ", "), City: n.attr("city")}
	a.Country, _ = euCountry(n)
	return a
}
