package rules

import (
	"bytes"
	"io"
	"path"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// SettingsFile is the name of the one ruleset settings file of a pack.
const SettingsFile = "ruleset.yaml"

// Rule statuses.
const (
	StatusActive   = "active"   // evaluated, hits change the score
	StatusShadow   = "shadow"   // evaluated and reported, never scored
	StatusDisabled = "disabled" // not evaluated
)

// exprSrc is a condition as written in a rule file, with what is needed to
// map expr's positions back into the file.
type exprSrc struct {
	Text string
	what string // "when" or "macro", for messages
	node *yaml.Node
	file string
	raw  []string // the file's lines
}

type listDef struct {
	Name   string
	Values []string
	Pos    pos
}

type macroDef struct {
	Name string
	When exprSrc
	Pos  pos
}

type ruleDef struct {
	ID, Title, Description string
	When                   exprSrc
	Score                  float64
	Tags, References       []string
	Status                 string
	Pos                    pos
}

type idRef struct {
	ID  string
	Pos pos
}

type exceptionDef struct {
	Name           string
	When           exprSrc
	Rules          []idRef
	Reason, Author string
	Expires        time.Time // zero: never
	ExpiresPos     pos
	Pos            pos
}

type settingsDef struct {
	Name, Version string
	Thresholds    Thresholds
	MinSeverity   string
	Pos           pos
}

// packDefs is everything parsed from the files of a pack, before compiling.
type packDefs struct {
	lists      []listDef
	macros     []macroDef
	rules      []ruleDef
	exceptions []exceptionDef
	settings   []settingsDef
}

// fileParser reads one rule file.
type fileParser struct {
	file string
	raw  []string
	ds   *diags
	out  *packDefs
}

func (p *fileParser) pos(n *yaml.Node) pos { return pos{File: p.file, Line: n.Line, Col: n.Column} }

// parseFile parses one rule or settings file into out, reporting problems
// to ds.
func parseFile(name string, data []byte, ds *diags, out *packDefs) {
	p := &fileParser{file: name, raw: strings.Split(string(data), "\n"), ds: ds, out: out}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc, extra yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		p.syntax(err, data)
		return
	}
	switch err := dec.Decode(&extra); {
	case err == nil:
		p.ds.errorf(p.pos(&extra), "", "a rule file holds one YAML document; remove the second one")
		return
	case err != io.EOF:
		p.syntax(err, data)
		return
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return // empty file
	}
	root := doc.Content[0]
	if !p.kind(root, yaml.MappingNode, "file", "") {
		return
	}
	if path.Base(name) == SettingsFile {
		p.settings(root)
		return
	}
	for _, kv := range p.pairs(root, "") {
		switch kv.key {
		case "lists":
			p.lists(kv.val)
		case "macros":
			p.macros(kv.val)
		case "rules":
			p.rules(kv.val)
		case "exceptions":
			p.exceptions(kv.val)
		default:
			p.ds.errorf(p.pos(kv.keyNode), "", "unknown key %q (want lists, macros, rules, exceptions)", kv.key)
		}
	}
}

// syntax reports a YAML syntax error at the broken line (see
// yamlSyntaxPos); data is the whole file, of which parseFile decodes at most
// two documents.
func (p *fileParser) syntax(err error, data []byte) {
	line, col, problem := yamlSyntaxPos(data, err, 2)
	p.ds.errorf(pos{File: p.file, Line: line, Col: col}, "", "yaml: %s", problem)
}

type pair struct {
	key     string
	keyNode *yaml.Node
	val     *yaml.Node
}

// pairs returns the key/value pairs of a mapping, reporting duplicate keys.
func (p *fileParser) pairs(n *yaml.Node, subject string) []pair {
	var out []pair
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.ds.errorf(p.pos(k), subject, "mapping key must be a scalar")
			continue
		}
		if seen[k.Value] {
			p.ds.errorf(p.pos(k), subject, "duplicate key %q", k.Value)
			continue
		}
		seen[k.Value] = true
		out = append(out, pair{key: k.Value, keyNode: k, val: v})
	}
	return out
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a sequence"
	case yaml.ScalarNode:
		return "a scalar"
	case yaml.AliasNode:
		return "an alias"
	}
	return "a document"
}

func (p *fileParser) kind(n *yaml.Node, k yaml.Kind, what, subject string) bool {
	if n.Kind == k {
		return true
	}
	p.ds.errorf(p.pos(n), subject, "%s must be %s, not %s", what, kindName(k), kindName(n.Kind))
	return false
}

func (p *fileParser) str(n *yaml.Node, what, subject string) (string, bool) {
	if !p.kind(n, yaml.ScalarNode, what, subject) {
		return "", false
	}
	if n.Tag == "!!null" {
		p.ds.errorf(p.pos(n), subject, "%s must not be empty", what)
		return "", false
	}
	return n.Value, true
}

func (p *fileParser) strList(n *yaml.Node, what, subject string) []string {
	if !p.kind(n, yaml.SequenceNode, what, subject) {
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		if s, ok := p.str(c, what+" entry", subject); ok {
			out = append(out, s)
		}
	}
	return out
}

func (p *fileParser) expr(n *yaml.Node, what, subject string) (exprSrc, bool) {
	s, ok := p.str(n, what, subject)
	if !ok {
		return exprSrc{}, false
	}
	if strings.TrimSpace(s) == "" {
		p.ds.errorf(p.pos(n), subject, "%s must not be empty", what)
		return exprSrc{}, false
	}
	return exprSrc{Text: s, what: what, node: n, file: p.file, raw: p.raw}, true
}

func (p *fileParser) lists(n *yaml.Node) {
	if !p.kind(n, yaml.MappingNode, "lists", "") {
		return
	}
	for _, kv := range p.pairs(n, "") {
		subj := listSubject(kv.key)
		if !validName(kv.key) {
			p.ds.errorf(p.pos(kv.keyNode), subj, "list name must be an identifier (letters, digits, _)")
			continue
		}
		vals := p.strList(kv.val, "list", subj)
		p.out.lists = append(p.out.lists, listDef{Name: kv.key, Values: vals, Pos: p.pos(kv.keyNode)})
	}
}

func (p *fileParser) macros(n *yaml.Node) {
	if !p.kind(n, yaml.MappingNode, "macros", "") {
		return
	}
	for _, kv := range p.pairs(n, "") {
		subj := macroSubject(kv.key)
		if !validName(kv.key) {
			p.ds.errorf(p.pos(kv.keyNode), subj, "macro name must be an identifier (letters, digits, _)")
			continue
		}
		if e, ok := p.expr(kv.val, "macro", subj); ok {
			p.out.macros = append(p.out.macros, macroDef{Name: kv.key, When: e, Pos: p.pos(kv.keyNode)})
		}
	}
}

// validName reports whether s can be written as an expr identifier.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
