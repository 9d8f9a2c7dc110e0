package listfmt

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// ftmEntity is one FollowTheMoney entity as OpenSanctions writes it, one
// per line. Property values are strings, or whole entities in the nested
// export (targets.nested.json).
type ftmEntity struct {
	ID         string                       `json:"id"`
	Schema     string                       `json:"schema"`
	Properties map[string][]json.RawMessage `json:"properties"`
	Datasets   []string                     `json:"datasets"`
	Target     *bool                        `json:"target"`
	LastChange string                       `json:"last_change"`
}

// ftmEntrySchemata are the schemata screened as parties.
var ftmEntrySchemata = map[string]EntityType{
	"Person": TypePerson, "Company": TypeCompany, "Organization": TypeOrganization, "LegalEntity": TypeUnknown,
}

// ftmMaxLine bounds one JSON line (a nested entity with its sanctions and
// addresses is a few kB; the largest in OpenSanctions are under 1 MB).
const ftmMaxLine = 16 << 20

// ftmState gathers what a flat export spreads over several lines: entries,
// and the Sanction and Address entities that point at or are pointed at by
// them, joined when the file ends.
type ftmState struct {
	l         *List
	byID      map[string]int
	addrRefs  map[int][]string
	sanctions map[string][]ftmEntity // entity id -> its Sanction entities
	addresses map[string]ftmEntity
	newest    time.Time
	datasets  []string
}

// ftm parses FollowTheMoney JSON lines. Person, Company, Organization and
// LegalEntity entities become entries (only targets when the file marks
// them); Sanction entities give them programmes; Address entities give
// them addresses. meta, when not nil, is the dataset's index.json.
func (p *parser) ftm(data []byte, meta *FtMMeta) *List {
	st := &ftmState{
		l:    &List{ID: "opensanctions", Title: "OpenSanctions (FollowTheMoney)", Format: FormatFtM, Declared: -1},
		byID: map[string]int{}, addrRefs: map[int][]string{}, sanctions: map[string][]ftmEntity{}, addresses: map[string]ftmEntity{},
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), ftmMaxLine)
	line := 0
	for sc.Scan() && !p.stop() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		var ent ftmEntity
		if err := json.Unmarshal(raw, &ent); err != nil {
			p.ftmSyntax(err, line)
			continue
		}
		p.ftmLine(st, ent, line)
		if p.tooMany(len(st.l.Entries), line, 0) {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		p.errorf(line+1, 0, "line longer than %d bytes", ftmMaxLine)
		return nil
	}
	p.ftmJoin(st)
	p.ftmMeta(st, meta)
	return st.l
}

func (p *parser) ftmSyntax(err error, line int) {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		p.errorf(line, int(se.Offset), "JSON: %v", se)
	case errors.As(err, &te):
		p.errorf(line, int(te.Offset), "JSON: field %s is a %s, want %s", te.Field, te.Value, te.Type)
	default:
		p.errorf(line, 0, "JSON: %v", err)
	}
}

func (p *parser) ftmLine(st *ftmState, ent ftmEntity, line int) {
	if ent.ID == "" || ent.Schema == "" {
		p.errorf(line, 0, "entity without id or schema")
		return
	}
	if t, err := parseDateTime(ent.LastChange); err == nil && t.After(st.newest) {
		st.newest = t
	}
	switch ent.Schema {
	case "Sanction":
		for _, ref := range p.ftmStrings(ent, "entity", line) {
			st.sanctions[ref] = append(st.sanctions[ref], ent)
		}
		return
	case "Address":
		st.addresses[ent.ID] = ent
		return
	}
	typ, ok := ftmEntrySchemata[ent.Schema]
	if !ok || (ent.Target != nil && !*ent.Target) {
		return // other schemata (Vessel, Ownership, Identification...) and non-targets
	}
	e := Entry{ID: ent.ID, Type: typ, Kind: ftmKind(p.ftmStrings(ent, "topics", line)), Pos: Pos{File: p.file, Line: line, Col: 0}}
	p.ftmNames(&e, ent, line)
	for _, prop := range []string{"country", "nationality", "citizenship", "jurisdiction", "mainCountry"} {
		for _, c := range p.ftmStrings(ent, prop, line) {
			if code, ok := CountryCode(c); ok {
				e.Countries = append(e.Countries, code)
			}
		}
	}
	for _, a := range p.ftmStrings(ent, "address", line) {
		e.Addresses = append(e.Addresses, Address{Text: a})
	}
	e.Programmes = append(e.Programmes, p.ftmProgrammes(ent, line)...)
	for _, s := range p.ftmNested(ent, "sanctions", line) {
		e.Programmes = append(e.Programmes, p.ftmProgrammes(s, line)...)
	}
	for _, a := range p.ftmNested(ent, "addressEntity", line) {
		e.Addresses = append(e.Addresses, p.ftmAddress(a, line))
	}
	st.byID[e.ID] = len(st.l.Entries)
	st.addrRefs[len(st.l.Entries)] = p.ftmStrings(ent, "addressEntity", line)
	st.l.Entries = append(st.l.Entries, e)
	st.datasets = append(st.datasets, ent.Datasets...)
}

func (p *parser) ftmNames(e *Entry, ent ftmEntity, line int) {
	names := p.ftmStrings(ent, "name", line)
	if len(names) == 0 && e.Type == TypePerson {
		if n := strings.TrimSpace(strings.Join(append(p.ftmStrings(ent, "firstName", line), p.ftmStrings(ent, "lastName", line)...), " ")); n != "" {
			names = []string{n}
		}
	}
	if len(names) == 0 {
		p.errorf(line, 0, "%s %s has no name", ent.Schema, ent.ID)
	}
	for i, n := range names {
		kind := NameAlias
		if i == 0 {
			kind = NamePrimary
		}
		e.Names = append(e.Names, Name{Text: n, Kind: kind})
	}
	for _, prop := range []struct {
		name string
		kind NameKind
	}{{"alias", NameAlias}, {"previousName", NamePrevious}, {"weakAlias", NameWeakAlias}} {
		for _, n := range p.ftmStrings(ent, prop.name, line) {
			e.Names = append(e.Names, Name{Text: n, Kind: prop.kind})
		}
	}
}

// ftmKind maps OpenSanctions topics to an entry kind.
func ftmKind(topics []string) Kind {
	kind := KindOther
	for _, t := range topics {
		switch {
		case t == "sanction":
			return KindSanction
		case t == "export.control" || t == "debarment":
			kind = KindExportControl
		case (strings.HasPrefix(t, "crime") || t == "wanted") && kind == KindOther:
			kind = KindCrime
		}
	}
	return kind
}

// ftmProgrammes reads programId, else program, of an entity or Sanction.
func (p *parser) ftmProgrammes(ent ftmEntity, line int) []string {
	if ids := p.ftmStrings(ent, "programId", line); len(ids) > 0 {
		return ids
	}
	return p.ftmStrings(ent, "program", line)
}

func (p *parser) ftmAddress(a ftmEntity, line int) Address {
	addr := Address{Text: strings.Join(p.ftmStrings(a, "full", line), "; ")}
	if cities := p.ftmStrings(a, "city", line); len(cities) > 0 {
		addr.City = cities[0]
	}
	for _, c := range p.ftmStrings(a, "country", line) {
		if code, ok := CountryCode(c); ok {
			addr.Country = code
			break
		}
	}
	if addr.Text == "" {
		addr.Text = strings.Join(nonEmpty(addr.City, addr.Country), ", ")
	}
	return addr
}
