package chemicals

import (
	"regexp"
	"slices"

	"gopkg.in/yaml.v3"
)

var (
	nameKeys = []string{"text", "lang", "source", "status"}
	// langRE accepts the BCP 47 tags the catalog uses: a language,
	// optionally a script and a region ("es", "zh-Hans", "pt-BR").
	langRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-[0-9]{3})?$`)
)

// curatedNames parses an entry's "names: [{text, lang, source, status}]":
// names copied from regulators' lists, each with its language and the
// source key it was copied from. status is curated (the default) or
// secondary.
func (p *parser) curatedNames(pos *entryPos, n *yaml.Node, what string) []Name {
	if n == nil || !p.kind(n, yaml.SequenceNode, what) {
		return nil
	}
	out := make([]Name, 0, len(n.Content))
	for _, c := range n.Content {
		nm, textNode, ok := p.nameItem(c, what, true)
		if !ok {
			continue
		}
		pos.names = append(pos.names, textNode)
		out = append(out, nm)
	}
	return out
}

// nameItem parses one {text, lang, source, status} mapping. Curated names
// require lang and source; generated ones take their source from the file.
func (p *parser) nameItem(c *yaml.Node, what string, curated bool) (Name, *yaml.Node, bool) {
	required := []string{"text", "status", "source"}
	if curated {
		required = []string{"text", "lang", "source"}
	}
	f := p.fields(c, what, nameKeys, required...)
	if f == nil || f["text"] == nil {
		return Name{}, nil, false
	}
	var nm Name
	text, ok := p.str(f["text"], what+": text")
	if !ok || text == "" {
		if ok {
			p.errorf(f["text"], "%s: empty name", what)
		}
		return Name{}, nil, false
	}
	nm.Text = text
	if v := f["lang"]; v != nil {
		nm.Lang, _ = p.str(v, what+": lang")
		if nm.Lang != "" && !langRE.MatchString(nm.Lang) {
			p.errorf(v, "%s: language %q is not a BCP 47 tag such as es, zh-Hans or pt-BR", what, nm.Lang)
		}
	}
	if v := f["source"]; v != nil {
		nm.Source = p.sourceKey(v, what+": source")
	}
	nm.Status = NameCurated
	allowed := curatedStatuses
	if !curated {
		allowed = generatedStatuses
	}
	if v := f["status"]; v != nil {
		s, _ := p.str(v, what+": status")
		nm.Status = NameStatus(s)
		if !slices.Contains(allowed, nm.Status) {
			p.errorf(v, "%s: status %q is not one of %v", what, s, allowed)
		}
	}
	return nm, f["text"], true
}

// sourceKey parses one source key, which must be declared under sources.
func (p *parser) sourceKey(n *yaml.Node, what string) string {
	s, ok := p.str(n, what)
	if !ok {
		return ""
	}
	if p.sources[s] == nil {
		p.errorf(n, "%s: unknown source %q (declare it under sources)", what, s)
	}
	if p.cited == nil {
		p.cited = map[string]bool{}
	}
	p.cited[s] = true
	return s
}
