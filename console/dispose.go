package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/console/disposition"
	"github.com/precursorwatch/precursor/console/store"
	"github.com/precursorwatch/precursor/rules"
)

// dispose records an analyst's disposition: written to the dispositions
// topic first (the record every console reads), then applied to this
// console's store and written to the audit log. Nothing is applied when
// the topic does not acknowledge it.
func (c *Console) dispose(w http.ResponseWriter, r *http.Request, who analyst) {
	id := r.PathValue("id")
	outcome := disposition.Outcome(r.PostFormValue("outcome"))
	note := strings.TrimSpace(r.PostFormValue("note"))
	if !outcome.Valid() {
		c.fail(w, r, who, http.StatusBadRequest, "Choose a disposition: confirmed, false positive, legitimate trade or needs inspection.")
		return
	}
	if len(note) > disposition.MaxNote {
		c.fail(w, r, who, http.StatusBadRequest, "The note is too long (at most 2000 bytes).")
		return
	}
	data, err := c.st.AlertJSON(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		c.fail(w, r, who, http.StatusNotFound, "No such alert.")
		return
	}
	var a rules.Alert
	if err == nil {
		err = json.Unmarshal(data, &a)
	}
	if err != nil {
		c.fail(w, r, who, http.StatusInternalServerError, "The alert could not be read.")
		return
	}
	d := disposition.Disposition{AlertID: a.ID, ShipmentID: a.ShipmentID, Outcome: outcome, Note: note,
		Analyst: who.name, At: time.Now().UTC(), Rules: ruleIDs(a.Hits), ShadowRules: ruleIDs(a.ShadowHits)}
	if err := d.Validate(); err != nil {
		c.fail(w, r, who, http.StatusBadRequest, "The disposition is not valid: "+err.Error())
		return
	}
	if err := writeDisposition(r.Context(), c.writer, d); err != nil {
		c.log.Error("disposition not recorded", "audit", true, "analyst", who.name, "alert_id", d.AlertID, "err", err)
		c.fail(w, r, who, http.StatusServiceUnavailable, "The dispositions topic did not acknowledge: nothing was recorded. Try again.")
		return
	}
	if _, err := c.st.ApplyDisposition(r.Context(), d); err != nil {
		c.log.Error("disposition recorded but not applied to the store; it will be when read back", "alert_id", d.AlertID, "err", err)
	}
	c.metrics.recorded.WithLabelValues(string(outcome)).Inc()
	c.metrics.rules.invalidate()
	c.log.Info("disposition", "audit", true, "analyst", who.name, "alert_id", d.AlertID, "shipment_id", d.ShipmentID,
		"disposition", string(d.Outcome), "note", d.Note, "rules", strings.Join(d.Rules, ","), "remote", r.RemoteAddr)
	dest := "/alerts/" + url.PathEscape(id) + "?saved=" + url.QueryEscape(string(outcome))
	if r.PostFormValue("then") == "next" {
		if next, err := c.st.Next(r.Context(), id); err == nil && next != "" {
			dest = "/alerts/" + url.PathEscape(next) + "?saved=" + url.QueryEscape(string(outcome)) + "&prev=" + url.QueryEscape(id)
		} else {
			dest = "/?saved=" + url.QueryEscape(string(outcome))
		}
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
}

func ruleIDs(hits []rules.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.RuleID
	}
	return out
}
