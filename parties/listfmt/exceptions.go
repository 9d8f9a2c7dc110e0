package listfmt

import (
	"time"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"gopkg.in/yaml.v3"
)

// Exception clears a known false match: one party name (optionally only
// in one country and one role) against one list entry, decided by an
// author for a reason, until it expires. Exceptions never hide a hit: a
// cleared hit is still reported, marked with the exception.
type Exception struct {
	ID string `json:"id"`
	// Party is the party name as it appears on manifests; it is compared
	// after normalisation (case, punctuation, accents, legal forms).
	Party string `json:"party"`
	// Country and Role, when set, narrow the exception to parties of that
	// country and role.
	Country string `json:"country,omitempty"`
	Role    string `json:"role,omitempty"`
	// List and Entry name the listed entry the party is not.
	List  string `json:"list"`
	Entry string `json:"entry"`
	// Author and Reason record who decided and why; Created is when.
	Author  string    `json:"author"`
	Reason  string    `json:"reason"`
	Created time.Time `json:"created,omitzero"`
	// Expires is the first day the exception no longer applies.
	Expires time.Time `json:"expires"`
	Pos     Pos       `json:"-"`
}

// MaxExceptionTerm is the longest an exception may run from its creation:
// a cleared false match is looked at again at least once a year.
const MaxExceptionTerm = 366 * 24 * time.Hour

// ParseExceptions parses an exceptions file:
//
//	exceptions:
//	  - id: EX-2025-001
//	    party: {name: "Hubei Amarvel Trading GmbH", country: DE}
//	    role: consignee                 # shipper | consignee | notify_party; optional
//	    list: precursor-indictments
//	    entry: PWI-001
//	    author: jane.doe@example.com
//	    reason: "Hamburg importer since 1998 (HRB 12345); no link to the indicted firm"
//	    created: 2025-03-01             # optional
//	    expires: 2026-03-01             # required, at most a year after created
//
// Every problem is reported at its line and column; a file with any
// problem is refused as a whole.
func ParseExceptions(name string, data []byte) ([]Exception, error) {
	p := newParser(name, Limits{}.withDefaults())
	var doc yaml.Node
	if err := yamlsrc.Unmarshal(name, data, &doc); err != nil {
		p.yamlSyntax(data, err)
		return nil, p.errs.Err()
	}
	if len(doc.Content) == 0 {
		p.errorf(1, 1, "empty document")
		return nil, p.errs.Err()
	}
	var out []Exception
	y := yamlMap{p: p, what: "exceptions file"}
	y.fields(doc.Content[0], map[string]func(*yaml.Node){
		"exceptions": func(n *yaml.Node) {
			if n.Kind != yaml.SequenceNode {
				p.errorf(n.Line, n.Column, "exceptions: want a list")
				return
			}
			seen := map[string]int{}
			for _, item := range n.Content {
				x := p.exception(item)
				if prev, dup := seen[x.ID]; dup && x.ID != "" {
					p.errorf(item.Line, item.Column, "exception %q repeats the id of the exception at line %d", x.ID, prev)
				}
				seen[x.ID] = item.Line
				out = append(out, x)
			}
		},
	}, "exceptions")
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func (p *parser) exception(n *yaml.Node) Exception {
	x := Exception{Pos: p.pos(n.Line, n.Column)}
	y := yamlMap{p: p, what: "exception"}
	var expires *yaml.Node
	y.fields(n, map[string]func(*yaml.Node){
		"id": func(v *yaml.Node) { x.ID = y.str(v) },
		"party": func(v *yaml.Node) {
			py := yamlMap{p: p, what: "exception party"}
			py.fields(v, map[string]func(*yaml.Node){
				"name": func(v *yaml.Node) { x.Party = py.str(v) },
				"country": func(v *yaml.Node) {
					if x.Country = py.str(v); !validCountry(x.Country) {
						p.errorf(v.Line, v.Column, "exception party: country %q: want an upper-case ISO 3166-1 alpha-2 code", x.Country)
					}
				},
			}, "name")
		},
		"role": func(v *yaml.Node) {
			x.Role, _ = y.oneOf(v, "shipper", "consignee", "notify_party")
		},
		"list":    func(v *yaml.Node) { x.List = y.str(v) },
		"entry":   func(v *yaml.Node) { x.Entry = y.str(v) },
		"author":  func(v *yaml.Node) { x.Author = y.str(v) },
		"reason":  func(v *yaml.Node) { x.Reason = y.str(v) },
		"created": func(v *yaml.Node) { x.Created = y.date(v) },
		"expires": func(v *yaml.Node) { x.Expires, expires = y.date(v), v },
	}, "id", "party", "list", "entry", "author", "reason", "expires")
	for _, f := range []struct{ name, v string }{{"id", x.ID}, {"author", x.Author}, {"reason", x.Reason}, {"list", x.List}, {"entry", x.Entry}} {
		if f.v == "" && n.Kind == yaml.MappingNode && hasKey(n, f.name) {
			p.errorf(n.Line, n.Column, "exception %q: %s is empty", x.ID, f.name)
		}
	}
	if expires != nil && !x.Created.IsZero() && !x.Expires.IsZero() {
		switch {
		case !x.Expires.After(x.Created):
			p.errorf(expires.Line, expires.Column, "exception %q: expires %s is not after created %s", x.ID, x.Expires.Format(time.DateOnly), x.Created.Format(time.DateOnly))
		case x.Expires.Sub(x.Created) > MaxExceptionTerm:
			p.errorf(expires.Line, expires.Column, "exception %q: expires more than a year after it was created: review false matches at least yearly", x.ID)
		}
	}
	return x
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}
