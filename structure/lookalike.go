package structure

import (
	_ "embed"
	"fmt"
	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"strings"
)

//go:embed testdata/lookalikes.tsv
var defaultLookalikes []byte

// Lookalike is a legitimate compound that no family pattern may match.
type Lookalike struct {
	Name   string
	SMILES string
	Why    string // why it is legitimate and what it shares with a family
	File   string // the list it comes from
	Line   int    // line in File
}

// DefaultLookalikes returns the curated look-alike list built into the
// binary (testdata/lookalikes.tsv).
func DefaultLookalikes() []Lookalike {
	l, err := ParseLookalikes("lookalikes.tsv", defaultLookalikes)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return l
}

// ParseLookalikes reads a look-alike list: TAB-separated name, SMILES and
// why, '#' comment lines. Every malformed line is reported.
func ParseLookalikes(file string, data []byte) ([]Lookalike, error) {
	var out []Lookalike
	var errs yamlsrc.List
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[0] == "" || f[1] == "" || f[2] == "" {
			errs.Errorf(yamlsrc.Pos{File: file, Line: i + 1, Col: 1}, "", "want 3 non-empty TAB-separated fields (name, SMILES, why), got %d", len(f))
			continue
		}
		if strings.ContainsAny(f[1], " ") || len(f[1]) > MaxQueryLen {
			errs.Errorf(yamlsrc.Pos{File: file, Line: i + 1, Col: len(f[0]) + 2}, "", "SMILES %q: no spaces, at most %d characters", f[1], MaxQueryLen)
			continue
		}
		out = append(out, Lookalike{Name: f[0], SMILES: f[1], Why: f[2], File: file, Line: i + 1})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no look-alikes", file)
	}
	return out, nil
}
