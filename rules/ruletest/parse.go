package ruletest

import (
	"io/fs"
	"iter"
	"path"
	"time"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/precursorwatch/precursor/rules/rulefmt"
	"gopkg.in/yaml.v3"
)

// Case is one case of a rule test file (*_test.yaml): a manifest and
// what the rule pack must make of it.
//
//	tests:
//	  - name: 4-AP from China to Mexico is critical
//	    at: 2026-03-01            # optional: sets the manifest's event_time
//	    manifest: {...}           # inline, in the manifest JSON shape
//	    # manifest_file: x.json   # or a JSON file next to the test file
//	    fires: [FEN-001]          # these rules hit (active or shadow)
//	    not_fires: [RGT-001]      # these rules do not hit
//	    suppressed: [exception]   # these exceptions removed a hit
//	    not_suppressed: [exc]     # these exceptions removed no hit
//	    severity: critical
//	    min_score: 90
//	    max_score: 100
//	    alert: true               # the shipment emits an alert
//	    structures: [...]         # optional: what the structure resolver answers (see RecordedStructure)
type Case struct {
	Name      string
	File      string // test file, as named in the report
	Line, Col int    // position of the case in File
	// Manifest is the manifest JSON handed to manifest.Decode.
	Manifest []byte
	// At, when not zero, replaces the manifest's event_time.
	At         time.Time
	Fires      []string
	NotFires   []string
	Suppressed []string
	// NotSuppressed are exceptions that must remove no hit.
	NotSuppressed []string
	Severity      string   // "" when not checked
	MinScore      *float64 // nil when not checked
	MaxScore      *float64
	Alert         *bool
	// Structures are the structure resolver's answers the case assumes.
	Structures []RecordedStructure

	// Positions of the entries of Fires, NotFires and Suppressed, index for
	// index, so that an unknown id is reported where it is written.
	firesAt, notFiresAt, suppressedAt, notSuppressedAt []yamlsrc.Pos
}

// entryPos returns the position of entry i of a list whose entry positions
// are at, or the case's position when it is not known.
func (tc *Case) entryPos(at []yamlsrc.Pos, i int) yamlsrc.Pos {
	if i < len(at) {
		return at[i]
	}
	return yamlsrc.Pos{File: tc.File, Line: tc.Line, Col: tc.Col}
}

// parser collects the cases and every problem of one test file.
type parser struct {
	fsys  fs.FS
	name  string // path inside fsys
	shown string // path shown in messages
	errs  yamlsrc.List
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs.Errorf(yamlsrc.At(p.shown, n), "", format, args...)
}

// addErr records an error returned by a YAML helper, keeping its position.
func (p *parser) addErr(n *yaml.Node, err error) {
	if d, ok := err.(yamlsrc.Diagnostic); ok {
		d.File = p.shown
		p.errs = append(p.errs, d)
		return
	}
	p.errorf(n, "%v", err)
}

// parseTestFile parses one rule test file. It reports every problem at once;
// cases with problems are left out of the returned slice.
func parseTestFile(fsys fs.FS, name, shown string, data []byte) ([]Case, yamlsrc.List) {
	p := &parser{fsys: fsys, name: name, shown: shown}
	var doc yaml.Node
	if err := yamlsrc.Unmarshal(shown, data, &doc); err != nil {
		at, problem := yamlsrc.Syntax(shown, data, err, 1)
		p.errs.Errorf(at, "", "invalid YAML: %s", problem)
		return nil, p.errs
	}
	if len(doc.Content) == 0 {
		p.errs.Errorf(yamlsrc.Pos{File: shown, Line: 1, Col: 1}, "", "empty test file")
		return nil, p.errs
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "test file must be a mapping with a tests key, got %s", nodeKind(root))
		return nil, p.errs
	}
	var cases []Case
	seen := map[string]bool{}
	for k, v := range p.pairs(root) {
		seen[k.Value] = true
		if k.Value != "tests" {
			p.errorf(k, "unknown key %q (want tests)", k.Value)
			continue
		}
		if v.Kind != yaml.SequenceNode {
			p.errorf(v, "tests must be a list, got %s", nodeKind(v))
			continue
		}
		for _, c := range v.Content {
			if tc, ok := p.parseCase(c); ok {
				cases = append(cases, tc)
			}
		}
	}
	if !seen["tests"] {
		p.errorf(root, "missing key tests")
	}
	return cases, p.errs
}

// pairs yields the key/value pairs of a mapping, reporting bad keys.
func (p *parser) pairs(n *yaml.Node) iter.Seq2[*yaml.Node, *yaml.Node] {
	return yamlsrc.Pairs(n, func(k, first *yaml.Node) {
		if first == nil {
			p.errorf(k, "mapping key must be a scalar")
			return
		}
		p.errorf(k, "duplicate key %q", k.Value)
	})
}

// parseCase parses one case; ok is false when the case has problems.
func (p *parser) parseCase(n *yaml.Node) (Case, bool) {
	tc := Case{File: p.shown, Line: n.Line, Col: n.Column}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "test case must be a mapping, got %s", nodeKind(n))
		return tc, false
	}
	before := len(p.errs)
	seen := map[string]bool{}
	var manifestNode, fileNode *yaml.Node
	for k, v := range p.pairs(n) {
		seen[k.Value] = true
		switch k.Value {
		case "manifest":
			manifestNode = v
		case "manifest_file":
			fileNode = v
		default:
			p.caseField(&tc, k, v)
		}
	}
	if tc.Name == "" && !seen["name"] {
		p.errorf(n, "test case without name")
	}
	p.caseManifest(&tc, n, manifestNode, fileNode)
	p.checkBounds(&tc, n)
	return tc, len(p.errs) == before
}

// caseField parses one expectation key of a case.
func (p *parser) caseField(tc *Case, k, v *yaml.Node) {
	switch k.Value {
	case "name":
		tc.Name = p.str(v, "name")
	case "at":
		tc.At = p.date(v)
	case "fires":
		tc.Fires, tc.firesAt = p.strList(v, "fires")
	case "not_fires":
		tc.NotFires, tc.notFiresAt = p.strList(v, "not_fires")
	case "suppressed":
		tc.Suppressed, tc.suppressedAt = p.strList(v, "suppressed")
	case "not_suppressed":
		tc.NotSuppressed, tc.notSuppressedAt = p.strList(v, "not_suppressed")
	case "severity":
		tc.Severity = p.str(v, "severity")
		if !validSeverity(tc.Severity) {
			p.errorf(v, "unknown severity %q (want none, low, medium, high or critical)", tc.Severity)
		}
	case "min_score":
		tc.MinScore = p.score(v, "min_score")
	case "max_score":
		tc.MaxScore = p.score(v, "max_score")
	case "structures":
		tc.Structures = p.structures(v)
	case "alert":
		var b bool
		if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" || v.Decode(&b) != nil {
			p.errorf(v, "alert must be true or false")
			return
		}
		tc.Alert = &b
	default:
		p.errorf(k, "unknown key %q in test case", k.Value)
	}
}

// caseManifest reads the case's manifest: exactly one of manifest (inline)
// and manifest_file (JSON relative to the test file).
func (p *parser) caseManifest(tc *Case, n, inline, file *yaml.Node) {
	switch {
	case inline != nil && file != nil:
		p.errorf(file, "test case has both manifest and manifest_file")
	case inline != nil:
		if inline.Kind != yaml.MappingNode && inline.Kind != yaml.AliasNode {
			p.errorf(inline, "manifest must be a mapping, got %s", nodeKind(inline))
			return
		}
		b, err := yamlToJSON(inline)
		if err != nil {
			p.addErr(inline, err)
			return
		}
		tc.Manifest = b
	case file != nil:
		rel := p.str(file, "manifest_file")
		if rel == "" {
			return
		}
		b, err := fs.ReadFile(p.fsys, path.Join(path.Dir(p.name), rel))
		if err != nil {
			p.errorf(file, "manifest_file: %v", err)
			return
		}
		tc.Manifest = b
	default:
		p.errorf(n, "test case %q has no manifest or manifest_file", tc.Name)
	}
}

func (p *parser) checkBounds(tc *Case, n *yaml.Node) {
	if tc.MinScore != nil && tc.MaxScore != nil && *tc.MinScore > *tc.MaxScore {
		p.errorf(n, "min_score %g is above max_score %g", *tc.MinScore, *tc.MaxScore)
	}
	if tc.Fires == nil && tc.NotFires == nil && tc.Severity == "" && tc.MinScore == nil &&
		tc.MaxScore == nil && tc.Alert == nil && tc.Suppressed == nil && tc.NotSuppressed == nil {
		p.errorf(n, "test case %q expects nothing (add fires, not_fires, severity, min_score, max_score, alert, suppressed or not_suppressed)", tc.Name)
	}
}

func (p *parser) str(v *yaml.Node, key string) string {
	if v.Kind != yaml.ScalarNode || v.ShortTag() == "!!null" {
		p.errorf(v, "%s must be a string, got %s", key, nodeKind(v))
		return ""
	}
	return v.Value
}

// strList returns the strings of a list and the position of each.
func (p *parser) strList(v *yaml.Node, key string) ([]string, []yamlsrc.Pos) {
	if v.Kind != yaml.SequenceNode {
		p.errorf(v, "%s must be a list, got %s", key, nodeKind(v))
		return nil, nil
	}
	out := make([]string, 0, len(v.Content))
	at := make([]yamlsrc.Pos, 0, len(v.Content))
	for _, c := range v.Content {
		if s := p.str(c, key+" entry"); s != "" {
			out = append(out, s)
			at = append(at, yamlsrc.At(p.shown, c))
		}
	}
	return out, at
}

func (p *parser) score(v *yaml.Node, key string) *float64 {
	var f float64
	tag := v.ShortTag()
	if v.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") || v.Decode(&f) != nil {
		p.errorf(v, "%s must be a number", key)
		return nil
	}
	if f < 0 || f > 100 {
		p.errorf(v, "%s %g is outside 0..100", key, f)
	}
	return &f
}

// date accepts YYYY-MM-DD (midnight UTC) or an RFC 3339 time.
func (p *parser) date(v *yaml.Node) time.Time {
	if v.Kind == yaml.ScalarNode {
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
			if t, err := time.Parse(layout, v.Value); err == nil {
				return t.UTC()
			}
		}
	}
	p.errorf(v, "at must be a date (YYYY-MM-DD) or an RFC 3339 time, got %q", v.Value)
	return time.Time{}
}

func validSeverity(s string) bool { return rulefmt.SeverityRank(s) >= 0 }
