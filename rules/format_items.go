package rules

import (
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// fields checks a mapping's keys against known ones and required ones and
// returns the values by key.
func (p *fileParser) fields(n *yaml.Node, subject string, known []string, required ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	for _, kv := range p.pairs(n, subject) {
		if !contains(known, kv.key) {
			p.ds.errorf(p.pos(kv.keyNode), subject, "unknown key %q", kv.key)
			continue
		}
		out[kv.key] = kv.val
	}
	for _, r := range required {
		if out[r] == nil {
			p.ds.errorf(p.pos(n), subject, "missing required key %q", r)
		}
	}
	return out
}

var ruleKeys = []string{"id", "title", "description", "when", "score", "tags", "status", "references"}

func (p *fileParser) rules(n *yaml.Node) {
	if !p.kind(n, yaml.SequenceNode, "rules", "") {
		return
	}
	for _, rn := range n.Content {
		if !p.kind(rn, yaml.MappingNode, "rule", "") {
			continue
		}
		if r, ok := p.rule(rn); ok {
			p.out.rules = append(p.out.rules, r)
		}
	}
}

func (p *fileParser) rule(n *yaml.Node) (ruleDef, bool) {
	r := ruleDef{Pos: p.pos(n), Status: StatusActive}
	subj := ""
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
			r.ID = n.Content[i+1].Value
			subj = ruleSubject(r.ID)
		}
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
		r.References = p.strList(v, "references", subj)
	}
	if v := f["status"]; v != nil {
		s, _ := p.str(v, "status", subj)
		switch s {
		case StatusActive, StatusShadow, StatusDisabled:
			r.Status = s
		default:
			p.ds.errorf(p.pos(v), subj, "status %q: want active, shadow or disabled", s)
		}
	}
	return r, ok
}

func (p *fileParser) score(n *yaml.Node, subj string) (float64, bool) {
	s, ok := p.str(n, "score", subj)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		p.ds.errorf(p.pos(n), subj, "score %q is not a number", s)
		return 0, false
	}
	if !(f >= 0 && f <= 100) {
		p.ds.errorf(p.pos(n), subj, "score %s out of range 0..100", s)
		return 0, false
	}
	return f, true
}

var exceptionKeys = []string{"name", "when", "rules", "reason", "author", "expires"}

func (p *fileParser) exceptions(n *yaml.Node) {
	if !p.kind(n, yaml.SequenceNode, "exceptions", "") {
		return
	}
	for _, en := range n.Content {
		if !p.kind(en, yaml.MappingNode, "exception", "") {
			continue
		}
		if x, ok := p.exception(en); ok {
			p.out.exceptions = append(p.out.exceptions, x)
		}
	}
}

func (p *fileParser) exception(n *yaml.Node) (exceptionDef, bool) {
	x := exceptionDef{Pos: p.pos(n)}
	subj := ""
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "name" && n.Content[i+1].Kind == yaml.ScalarNode {
			x.Name = n.Content[i+1].Value
			subj = exceptionSubject(x.Name)
		}
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
				x.Rules = append(x.Rules, idRef{ID: s, Pos: p.pos(c)})
			}
		}
		if len(x.Rules) == 0 {
			p.ds.errorf(p.pos(v), subj, "rules must name at least one rule id")
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
		p.ds.errorf(p.pos(n), subj, "%s %q: want a date YYYY-MM-DD", what, s)
		return time.Time{}, false
	}
	return t, true
}

var settingsKeys = []string{"name", "version", "thresholds", "min_severity"}

func (p *fileParser) settings(n *yaml.Node) {
	s := settingsDef{Pos: p.pos(n), Thresholds: DefaultThresholds, MinSeverity: "medium"}
	f := p.fields(n, "", settingsKeys, "name", "version")
	if v := f["name"]; v != nil {
		s.Name, _ = p.str(v, "name", "")
	}
	if v := f["version"]; v != nil {
		s.Version, _ = p.str(v, "version", "")
	}
	if v := f["thresholds"]; v != nil && p.kind(v, yaml.MappingNode, "thresholds", "") {
		p.thresholds(v, &s.Thresholds)
	}
	if v := f["min_severity"]; v != nil {
		m, _ := p.str(v, "min_severity", "")
		if severityRank(m) < 0 || m == SeverityNone {
			p.ds.errorf(p.pos(v), "", "min_severity %q: want low, medium, high or critical", m)
		} else {
			s.MinSeverity = m
		}
	}
	p.out.settings = append(p.out.settings, s)
}

func (p *fileParser) thresholds(n *yaml.Node, t *Thresholds) {
	f := p.fields(n, "", []string{"critical", "high", "medium", "low"})
	set := func(key string, dst *float64) {
		if v := f[key]; v != nil {
			if x, ok := p.score(v, ""); ok {
				*dst = x
			}
		}
	}
	set("critical", &t.Critical)
	set("high", &t.High)
	set("medium", &t.Medium)
	set("low", &t.Low)
	if !(t.Low <= t.Medium && t.Medium <= t.High && t.High <= t.Critical) {
		p.ds.errorf(p.pos(n), "", "thresholds must satisfy low <= medium <= high <= critical")
	}
}
