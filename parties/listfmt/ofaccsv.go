package listfmt

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// csvFiles is OFAC's legacy CSV trio: the primary file (sdn.csv or
// cons_prim.csv) and its address and alias files, which may be absent.
type csvFiles struct {
	prim, add, alt             []byte
	primName, addName, altName string
}

// The columns OFAC's data specification gives each file.
const (
	sdnColumns = 12 // ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
	addColumns = 6  // Ent_num, Add_num, Address, City/State/Province/Postal Code, Country, Add_remarks
	altColumns = 5  // Ent_num, alt_num, alt_type, alt_name, alt_remarks
)

var csvTypes = map[string]EntityType{"individual": TypePerson, "vessel": TypeVessel, "aircraft": TypeAircraft, "": TypeCompany}

// ofacCSV parses the trio. Records have no header; "-0-" is a null; the
// Program column joins several programmes as "SDGT] [IFSR"; individuals are
// written "LAST, First". The trio states no publication date.
func (p *parser) ofacCSV(f csvFiles) *List {
	l := &List{ID: "us-ofac-sdn", Title: "OFAC Specially Designated Nationals and Blocked Persons List", Format: FormatOFACCSV,
		Declared: -1, PublishedFrom: PublishedFromNone}
	byID := map[string]int{}
	p.csvRecords(f.primName, f.prim, sdnColumns, func(rec []string, line int) {
		if p.tooMany(len(l.Entries), line, 1) {
			return
		}
		typ, ok := csvTypes[strings.ToLower(rec[2])]
		if !ok {
			p.errs.add(Pos{File: f.primName, Line: line, Col: 0}, "ent_num %s: SDN_Type %q is none of individual, vessel, aircraft or -0-", rec[0], rec[2])
		}
		e := Entry{ID: rec[0], Kind: KindSanction, Type: typ, Pos: Pos{File: f.primName, Line: line, Col: 1}}
		e.Names = []Name{{Text: rec[1], Kind: NamePrimary}}
		for _, pr := range strings.Split(rec[3], "] [") {
			if pr = strings.Trim(pr, "[] "); pr != "" {
				e.Programmes = append(e.Programmes, pr)
			}
		}
		if _, dup := byID[e.ID]; !dup {
			byID[e.ID] = len(l.Entries)
		}
		l.Entries = append(l.Entries, e)
	})
	p.csvRecords(f.addName, f.add, addColumns, func(rec []string, line int) {
		i, ok := byID[rec[0]]
		if !ok {
			p.errs.add(Pos{File: f.addName, Line: line, Col: 1}, "address %s names ent_num %s, which the primary file does not hold", rec[1], rec[0])
			return
		}
		a := Address{City: rec[3]}
		a.Country, _ = CountryCode(rec[4])
		a.Text = strings.Join(nonEmpty(rec[2], rec[3], rec[4]), ", ")
		e := &l.Entries[i]
		e.Addresses = append(e.Addresses, a)
		if a.Country != "" {
			e.Countries = append(e.Countries, a.Country)
		}
	})
	p.csvRecords(f.altName, f.alt, altColumns, func(rec []string, line int) {
		i, ok := byID[rec[0]]
		if !ok {
			p.errs.add(Pos{File: f.altName, Line: line, Col: 1}, "alias %s names ent_num %s, which the primary file does not hold", rec[1], rec[0])
			return
		}
		kind := NameAlias
		if strings.EqualFold(rec[2], "fka") {
			kind = NamePrevious
		}
		l.Entries[i].Names = append(l.Entries[i].Names, Name{Text: rec[3], Kind: kind})
	})
	return l
}

// csvRecords reads one file of the trio, calling fn with each record whose
// nulls are replaced by "" and the 1-based line where it starts.
func (p *parser) csvRecords(name string, data []byte, columns int, fn func(rec []string, line int)) {
	if data == nil {
		return
	}
	// OFAC ends each file with an ASCII SUB (0x1A) end-of-file mark.
	data = bytes.TrimRight(data, "\x1a\r\n \t")
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	for !p.stop() {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			p.errs.add(Pos{File: name, Line: pe.Line, Col: pe.Column}, "CSV: %v", pe.Err)
			return
		}
		line, _ := r.FieldPos(0)
		if len(rec) != columns {
			p.errs.add(Pos{File: name, Line: line, Col: 0}, "%d columns, want %d", len(rec), columns)
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
			if rec[i] == "-0-" {
				rec[i] = ""
			}
		}
		if rec[0] == "" || strings.Trim(rec[0], "0123456789") != "" {
			p.errs.add(Pos{File: name, Line: line, Col: 1}, "first column %q: want the entry number", rec[0])
			continue
		}
		fn(rec, line)
	}
}

func nonEmpty(ss ...string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
