package listfmt

import (
	"strconv"
	"strings"
	"time"
)

// ofacXML parses OFAC's sdnList schema (sdn.xml, consolidated.xml):
//
//	<sdnList>
//	  <publshInformation><Publish_Date>MM/DD/YYYY</Publish_Date><Record_Count>N</Record_Count></publshInformation>
//	  <sdnEntry>
//	    <uid/> <firstName/> <lastName/> <sdnType>Individual|Entity|Vessel|Aircraft</sdnType>
//	    <programList><program/>...</programList>
//	    <akaList><aka><uid/><type>a.k.a.|f.k.a.|n.k.a.</type><category>strong|weak</category><firstName/><lastName/></aka>...</akaList>
//	    <addressList><address><address1/>...<city/><stateOrProvince/><postalCode/><country/></address>...</addressList>
//	    <nationalityList/> <citizenshipList/> ...
//	  </sdnEntry>...
//	</sdnList>
//
// The namespace (tempuri.org in older files, the Sanctions List Service's
// in newer ones) is ignored; elements are matched by local name.
func (p *parser) ofacXML(data []byte) *List {
	l := &List{ID: "us-ofac-sdn", Title: "OFAC Specially Designated Nationals and Blocked Persons List", Format: FormatOFACXML, Declared: -1}
	r := newXMLReader(p, data)
	root, line, col, ok := r.next()
	if !ok {
		p.noRoot(line, col, "<sdnList>")
		return nil
	}
	if root.Name.Local != "sdnList" {
		p.errorf(line, col, "root element is <%s>, want <sdnList>", root.Name.Local)
		return nil
	}
	sawPublish := false
	for !p.stop() {
		start, line, col, ok := r.next()
		if !ok {
			break
		}
		switch start.Name.Local {
		case "publshInformation":
			n, ok := r.read(start, line, col, 0)
			if !ok {
				return nil
			}
			sawPublish = true
			p.ofacPublish(l, n)
		case "sdnEntry":
			if p.tooMany(len(l.Entries), line, col) {
				return nil
			}
			n, ok := r.read(start, line, col, 0)
			if !ok {
				return nil
			}
			l.Entries = append(l.Entries, p.ofacEntry(n))
		default:
			p.errorf(line, col, "unexpected <%s> in <sdnList>", start.Name.Local)
			if !r.skip() {
				return nil
			}
		}
	}
	if !sawPublish {
		p.errorf(0, 0, "no <publshInformation>: the file does not say when it was published")
	}
	return l
}

func (p *parser) ofacPublish(l *List, n *node) {
	d := n.child("Publish_Date")
	if d == nil {
		p.errorf(n.line, n.col, "<publshInformation> without <Publish_Date>")
	} else if t, err := time.Parse("01/02/2006", d.text); err != nil {
		p.errorf(d.line, d.col, "Publish_Date %q: want MM/DD/YYYY", d.text)
	} else {
		l.Published, l.PublishedFrom = t, PublishedFromFile
	}
	if c := n.child("Record_Count"); c != nil {
		v, err := strconv.Atoi(c.text)
		if err != nil || v < 0 {
			p.errorf(c.line, c.col, "Record_Count %q: want a whole number", c.text)
			return
		}
		l.Declared = v
	}
}

var ofacTypes = map[string]EntityType{
	"Individual": TypePerson, "Entity": TypeCompany, "Vessel": TypeVessel, "Aircraft": TypeAircraft,
}

func (p *parser) ofacEntry(n *node) Entry {
	e := Entry{Kind: KindSanction, Pos: p.pos(n.line, n.col)}
	e.ID = n.childText("uid")
	if _, err := strconv.ParseUint(e.ID, 10, 63); e.ID != "" && err != nil {
		p.errorf(n.line, n.col, "sdnEntry uid %q: want a whole number", e.ID)
	}
	typ := n.childText("sdnType")
	t, ok := ofacTypes[typ]
	if !ok {
		p.errorf(n.line, n.col, "sdnEntry%s: sdnType %q is none of Individual, Entity, Vessel, Aircraft", label(e.ID), typ)
		t = TypeUnknown
	}
	e.Type = t
	if n.childText("lastName") == "" {
		p.errorf(n.line, n.col, "sdnEntry%s has no <lastName>", label(e.ID))
	}
	e.Names = append(e.Names, Name{Text: ofacName(n, t), Kind: NamePrimary})
	if l := n.child("programList"); l != nil {
		for _, pr := range l.all("program") {
			e.Programmes = append(e.Programmes, pr.text)
		}
	}
	if l := n.child("akaList"); l != nil {
		for _, a := range l.all("aka") {
			kind := NameAlias
			switch {
			case strings.EqualFold(a.childText("category"), "weak"):
				kind = NameWeakAlias
			case strings.EqualFold(a.childText("type"), "f.k.a."):
				kind = NamePrevious
			}
			e.Names = append(e.Names, Name{Text: ofacName(a, t), Kind: kind})
		}
	}
	if l := n.child("addressList"); l != nil {
		for _, a := range l.all("address") {
			e.Addresses = append(e.Addresses, ofacAddress(a))
		}
	}
	for _, list := range []string{"nationalityList", "citizenshipList"} {
		if l := n.child(list); l != nil {
			for _, c := range l.kids {
				if code, ok := CountryCode(c.childText("country")); ok {
					e.Countries = append(e.Countries, code)
				}
			}
		}
	}
	for _, a := range e.Addresses {
		if a.Country != "" {
			e.Countries = append(e.Countries, a.Country)
		}
	}
	return e
}

// ofacName joins firstName and lastName of an individual ("Huatao YAO");
// other entries carry their whole name in lastName.
func ofacName(n *node, t EntityType) string {
	first, last := n.childText("firstName"), n.childText("lastName")
	if first == "" || t != TypePerson {
		return strings.TrimSpace(first + " " + last)
	}
	return first + " " + last
}

func ofacAddress(n *node) Address {
	var parts []string
	for _, f := range []string{"address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country"} {
		if v := n.childText(f); v != "" {
			parts = append(parts, v)
		}
	}
	a := Address{Text: strings.Join(parts, ", "), City: n.childText("city")}
	a.Country, _ = CountryCode(n.childText("country"))
	return a
}
