package rulefmt

import (
	"slices"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// fields checks a mapping's keys against known ones and required ones and
// returns the values by key.
func (p *fileParser) fields(n *yaml.Node, subject string, known []string, required ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	for k, v := range p.pairs(n, subject) {
		if !slices.Contains(known, k.Value) {
			p.ds.Errorf(p.pos(k), subject, "unknown key %q", k.Value)
			continue
		}
		out[k.Value] = v
	}
	for _, r := range required {
		if out[r] == nil {
			p.ds.Errorf(p.pos(n), subject, "missing required key %q", r)
		}
	}
	return out
}

// sequenceOf calls item for each element of a sequence of mappings.
func (p *fileParser) sequenceOf(n *yaml.Node, what, itemWhat string, item func(*yaml.Node)) {
	if !p.kind(n, yaml.SequenceNode, what, "") {
		return
	}
	for _, c := range n.Content {
		if p.kind(c, yaml.MappingNode, itemWhat, "") {
			item(c)
		}
	}
}

// scalarOf returns the scalar value of key in a mapping, "" if absent or
// not a scalar: an item's name for messages before its keys are checked.
func scalarOf(n *yaml.Node, key string) (string, bool) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value, true
		}
	}
	return "", false
}

var ruleKeys = []string{"id", "title", "description", "action", "when", "score", "tags", "status", "references"}

func (p *fileParser) rules(n *yaml.Node) {
	p.sequenceOf(n, "rules", "rule", func(rn *yaml.Node) {
		if r, ok := p.rule(rn); ok {
			p.out.Rules = append(p.out.Rules, r)
		}
	})
}

func (p *fileParser) rule(n *yaml.Node) (Rule, bool) {
	r := Rule{Pos: p.pos(n), Status: StatusActive}
	subj := ""
	if id, ok := scalarOf(n, "id"); ok {
		r.ID, subj = id, subject("rule", id)
	}
	f := p.fields(n, subj, ruleKeys, "id", "title", "when", "score")
	// A rule with a usable id and condition is kept even when its score
	// is missing or bad, so that its condition is still compiled and every
	// problem is reported at once; the score error alone fails the load.
	ok := f["id"] != nil && f["when"] != nil
	if v := f["title"]; v != nil {
		r.Title, _ = p.str(v, "title", subj)
	}
	if v := f["description"]; v != nil {
		r.Description, _ = p.str(v, "description", subj)
	}
	if v := f["action"]; v != nil {
		r.Action, _ = p.str(v, "action", subj)
		r.ActionPos = p.pos(v)
	}
	if v := f["when"]; v != nil {
		var good bool
		r.When, good = p.expr(v, "when", subj)
		ok = ok && good
	}
	if v := f["score"]; v != nil {
		r.Score, _ = p.score(v, subj)
	}
	if v := f["tags"]; v != nil {
		r.Tags = p.strList(v, "tags", subj)
	}
	if v := f["references"]; v != nil {
		r.References = p.references(v, subj)
	}
	if v := f["status"]; v != nil {
		s, _ := p.str(v, "status", subj)
		switch s {
		case StatusActive, StatusShadow, StatusDisabled:
			r.Status = s
		default:
			p.ds.Errorf(p.pos(v), subj, "status %q: want active, shadow or disabled", s)
		}
	}
	return r, ok
}

// references reads a rule's references: each a source key (`- S26`) or a
// source key with a note (`- S60: seizure origins China 45, Hong Kong 18`).
func (p *fileParser) references(n *yaml.Node, subj string) []Reference {
	if !p.kind(n, yaml.SequenceNode, "references", subj) {
		return nil
	}
	out := make([]Reference, 0, len(n.Content))
	for _, c := range n.Content {
		ref := Reference{Pos: p.pos(c)}
		switch {
		case c.Kind == yaml.MappingNode && len(c.Content) == 2:
			k, v := c.Content[0], c.Content[1]
			var ok bool
			if ref.Key, ok = p.str(k, "reference source key", subj); !ok {
				continue
			}
			if ref.Note, ok = p.str(v, "reference note", subj); !ok {
				continue
			}
		case c.Kind == yaml.ScalarNode:
			var ok bool
			if ref.Key, ok = p.str(c, "reference", subj); !ok {
				continue
			}
		default:
			p.ds.Errorf(ref.Pos, subj, "reference must be a source key (S26) or a key with a note (S26: what it supports)")
			continue
		}
		out = append(out, ref)
	}
	return out
}

func (p *fileParser) score(n *yaml.Node, subj string) (float64, bool) {
	s, ok := p.str(n, "score", subj)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		p.ds.Errorf(p.pos(n), subj, "score %q is not a number", s)
		return 0, false
	}
	if !(f >= 0 && f <= 100) {
		p.ds.Errorf(p.pos(n), subj, "score %s out of range 0..100", s)
		return 0, false
	}
	return f, true
}

var exceptionKeys = []string{"name", "when", "rules", "reason", "author", "expires"}

func (p *fileParser) exceptions(n *yaml.Node) {
	p.sequenceOf(n, "exceptions", "exception", func(en *yaml.Node) {
		if x, ok := p.exception(en); ok {
			p.out.Exceptions = append(p.out.Exceptions, x)
		}
	})
}

func (p *fileParser) exception(n *yaml.Node) (Exception, bool) {
	x := Exception{Pos: p.pos(n)}
	subj := ""
	if name, ok := scalarOf(n, "name"); ok {
		x.Name, subj = name, subject("exception", name)
	}
	f := p.fields(n, subj, exceptionKeys, "name", "when", "rules", "reason", "author")
	ok := f["name"] != nil && f["when"] != nil && f["rules"] != nil
	if v := f["when"]; v != nil {
		var good bool
		x.When, good = p.expr(v, "when", subj)
		ok = ok && good
	}
	if v := f["rules"]; v != nil && p.kind(v, yaml.SequenceNode, "rules", subj) {
		for _, c := range v.Content {
			if s, good := p.str(c, "rule id", subj); good {
				x.Rules = append(x.Rules, IDRef{ID: s, Pos: p.pos(c)})
			}
		}
		if len(x.Rules) == 0 {
			p.ds.Errorf(p.pos(v), subj, "rules must name at least one rule id")
		}
	}
	if v := f["reason"]; v != nil {
		x.Reason, _ = p.str(v, "reason", subj)
	}
	if v := f["author"]; v != nil {
		x.Author, _ = p.str(v, "author", subj)
	}
	if v := f["expires"]; v != nil {
		x.ExpiresPos = p.pos(v)
		x.Expires, _ = p.date(v, "expires", subj)
	}
	return x, ok
}

func (p *fileParser) date(n *yaml.Node, what, subj string) (time.Time, bool) {
	s, ok := p.str(n, what, subj)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		p.ds.Errorf(p.pos(n), subj, "%s %q: want a date YYYY-MM-DD", what, s)
		return time.Time{}, false
	}
	return t, true
}
