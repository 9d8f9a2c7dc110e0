package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/console/disposition"
	"github.com/precursorwatch/precursor/console/store"
	"github.com/precursorwatch/precursor/rules"
)

// alertView is the alert page.
type alertView struct {
	A         *rules.Alert
	Status    string
	Disp      *disposition.Disposition
	Hits      []hitView
	Shadow    []hitView
	Chemicals []chemView
	History   []store.Row
	Outcomes  []outcomeOption
	Saved     string // the outcome just recorded, for the notice
	SavedFor  string // the shipment it was recorded for, when that was another alert
	Next      string // the next open alert, "" when none
}

type hitView struct {
	rules.Hit
	Items  []itemView
	Fields []rules.Evidence // the fields the rule read, item fields with their line
}

type itemView struct {
	rules.HitItem
	Segments []segment
	Matches  []rules.Evidence
}

type chemView struct {
	ID, Name, Family, Role string
	CAS, HS                []string
	Controls               []controlView
	Sources                []sourceView
	Known                  bool // in the console's catalog
}

type controlView struct {
	Jurisdiction, Listing, Effective, Note string
	InForce                                bool // at the alert's event time
}

type sourceView struct{ Key, Title, URL string }

type outcomeOption struct {
	Value, Label, Key string
	Checked           bool
}

func (c *Console) alertPage(w http.ResponseWriter, r *http.Request, who analyst) {
	id := r.PathValue("id")
	data, err := c.st.AlertJSON(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		c.fail(w, r, who, http.StatusNotFound, "No alert "+strconv.Quote(id)+" in the store (yet).")
		return
	}
	var a rules.Alert
	if err == nil {
		err = json.Unmarshal(data, &a)
	}
	if err != nil {
		c.log.Error("alert page", "alert_id", id, "err", err)
		c.fail(w, r, who, http.StatusInternalServerError, "The alert could not be read.")
		return
	}
	v := alertView{A: &a, Status: store.StatusOpen}
	if o := disposition.Outcome(r.URL.Query().Get("saved")); o.Valid() {
		v.Saved = string(o)
		if prev := r.URL.Query().Get("prev"); prev != "" && prev != id {
			v.SavedFor, _ = c.st.ShipmentOf(r.Context(), prev)
		}
	}
	if d, ok, err := c.st.Disposition(r.Context(), id); err == nil && ok {
		v.Disp, v.Status = &d, string(d.Outcome)
	}
	for i, o := range disposition.Outcomes {
		v.Outcomes = append(v.Outcomes, outcomeOption{Value: string(o), Label: o.Label(), Key: strconv.Itoa(i + 1),
			Checked: v.Disp != nil && v.Disp.Outcome == o})
	}
	v.Hits, v.Shadow = hitViews(a.Hits), hitViews(a.ShadowHits)
	v.Chemicals = c.chemViews(&a)
	v.History, _ = c.st.History(r.Context(), id, a.Parties.Shipper.Name, a.Parties.Consignee.Name)
	v.Next, _ = c.st.Next(r.Context(), id)
	c.pages.render(w, http.StatusOK, "alert", c.frame(who, a.ShipmentID, "queue", v))
}

// hitViews pairs each hit's items with the spans of its matches.
func hitViews(hits []rules.Hit) []hitView {
	out := make([]hitView, 0, len(hits))
	for _, h := range hits {
		hv := hitView{Hit: h}
		for _, it := range h.Items {
			iv := itemView{HitItem: it}
			var spans []span
			for _, ev := range h.Evidence {
				if ev.Method == "" || ev.Line != it.Line {
					continue
				}
				iv.Matches = append(iv.Matches, ev)
				if ev.ItemField == string(chemicals.FieldDescription) {
					spans = append(spans, span{ev.Start, ev.End, ev.Chemical + " (" + ev.Method + ")"})
				}
			}
			iv.Segments = highlight(it.Description, spans)
			hv.Items = append(hv.Items, iv)
		}
		for _, ev := range h.Evidence {
			if ev.Method == "" && ev.Field != "" {
				hv.Fields = append(hv.Fields, ev)
			}
		}
		out = append(out, hv)
	}
	return out
}

// chemViews describes, from the catalog, every chemical the alert's hits
// name, with its controls as of the event time.
func (c *Console) chemViews(a *rules.Alert) []chemView {
	var ids []string
	seen := map[string]bool{}
	for _, hs := range [][]rules.Hit{a.Hits, a.ShadowHits} {
		for _, h := range hs {
			for _, ev := range h.Evidence {
				if ev.Chemical != "" && !seen[ev.Chemical] {
					seen[ev.Chemical] = true
					ids = append(ids, ev.Chemical)
				}
			}
		}
	}
	out := make([]chemView, 0, len(ids))
	for _, id := range ids {
		e := c.cat.Entry(id)
		if e == nil {
			out = append(out, chemView{ID: id})
			continue
		}
		out = append(out, chemEntry(c.cat, e, a.EventTime))
	}
	return out
}

func chemEntry(cat *chemicals.Catalog, e *chemicals.Entry, at time.Time) chemView {
	v := chemView{ID: e.ID, Name: e.Name, Family: e.Family, Role: string(e.Role), HS: e.HSCodes, Known: true}
	for _, n := range e.CAS {
		v.CAS = append(v.CAS, n.Number+" ("+n.Form+")")
	}
	for _, ctl := range e.Controls {
		cv := controlView{Jurisdiction: ctl.Jurisdiction, Listing: ctl.Listing, Note: ctl.Note, Effective: "date not known"}
		if !ctl.Effective.IsZero() {
			cv.Effective = ctl.Effective.Format(time.DateOnly)
		}
		cv.InForce = ctl.Effective.IsZero() || !at.Before(ctl.Effective)
		v.Controls = append(v.Controls, cv)
	}
	for _, k := range e.CitedSources() {
		s := cat.Sources[k]
		v.Sources = append(v.Sources, sourceView{Key: k, Title: s.Title, URL: s.URL})
	}
	return v
}
