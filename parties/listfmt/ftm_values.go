package listfmt

import (
	"encoding/json"
	"errors"
	"io/fs"
)

// ftmStrings returns the string values of a property; nested entities
// stand for their id.
func (p *parser) ftmStrings(ent ftmEntity, prop string, line int) []string {
	vals := ent.Properties[prop]
	if len(vals) == 0 {
		return nil
	}
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			out = append(out, s)
			continue
		}
		var nested ftmEntity
		if err := json.Unmarshal(v, &nested); err == nil && nested.ID != "" {
			out = append(out, nested.ID)
			continue
		}
		p.errorf(line, 0, "%s %s: property %s holds %.40s, want strings or entities", ent.Schema, ent.ID, prop, v)
	}
	return out
}

// ftmNested returns the nested entities of a property (targets.nested.json).
func (p *parser) ftmNested(ent ftmEntity, prop string, line int) []ftmEntity {
	var out []ftmEntity
	for _, v := range ent.Properties[prop] {
		if len(v) == 0 || v[0] != '{' {
			continue
		}
		var nested ftmEntity
		if err := json.Unmarshal(v, &nested); err != nil {
			p.errorf(line, 0, "%s %s: property %s: %v", ent.Schema, ent.ID, prop, err)
			continue
		}
		out = append(out, nested)
	}
	return out
}

// ftmJoin attaches Sanction and Address entities of a flat export to the
// entries they belong to.
func (p *parser) ftmJoin(st *ftmState) {
	for ref, sanctions := range st.sanctions {
		i, ok := st.byID[ref]
		if !ok {
			continue // a sanction of a non-target or of an entity of another schema
		}
		for _, s := range sanctions {
			st.l.Entries[i].Programmes = append(st.l.Entries[i].Programmes, p.ftmProgrammes(s, st.l.Entries[i].Pos.Line)...)
		}
	}
	for i, refs := range st.addrRefs {
		e := &st.l.Entries[i]
		for _, ref := range refs {
			if a, ok := st.addresses[ref]; ok {
				addr := p.ftmAddress(a, e.Pos.Line)
				e.Addresses = append(e.Addresses, addr)
				if addr.Country != "" {
					e.Countries = append(e.Countries, addr.Country)
				}
			}
		}
	}
	for i := range st.l.Entries {
		st.l.Entries[i].Programmes = dedupe(st.l.Entries[i].Programmes)
	}
}

// FtMMeta is the part of an OpenSanctions dataset's index.json that a list
// needs: its name, title and when it was last updated.
type FtMMeta struct {
	Name      string `json:"name"`
	Title     string `json:"title"`
	UpdatedAt string `json:"updated_at"`
	Version   string `json:"version"`
}

// ftmMeta names the list and dates it: from the dataset metadata when
// given, else from its single dataset and its newest entity change.
func (p *parser) ftmMeta(st *ftmState, meta *FtMMeta) {
	l := st.l
	if ds := dedupe(st.datasets); len(ds) == 1 {
		l.ID = "opensanctions-" + ds[0]
	}
	if meta != nil {
		if meta.Name != "" {
			l.ID = "opensanctions-" + meta.Name
		}
		if meta.Title != "" {
			l.Title = meta.Title
		}
		if meta.UpdatedAt != "" {
			t, err := parseDateTime(meta.UpdatedAt)
			if err == nil {
				l.Published, l.PublishedFrom = t, PublishedFromMetadata
				return
			}
			p.errorf(0, 0, "dataset metadata: updated_at %q: want an ISO 8601 date and time", meta.UpdatedAt)
		}
	}
	if !st.newest.IsZero() {
		l.Published, l.PublishedFrom = st.newest, PublishedFromEntities
		return
	}
	l.PublishedFrom = PublishedFromNone
}

// readFtMMeta reads index.json beside an FtM export, if there is one.
func (out *File) readFtMMeta(path string) (*FtMMeta, string, error) {
	dir, _ := out.split(path)
	metaPath := out.join(dir, "index.json")
	data, err := out.readAll(metaPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil
	}
	if err != nil {
		return nil, metaPath, err
	}
	var m FtMMeta
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, metaPath, err
	}
	return &m, metaPath, nil
}
