package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/console/disposition"
	"github.com/precursorwatch/precursor/console/store"
	"github.com/precursorwatch/precursor/rules/rulefmt"
)

// queueView is the queue page: the filters as given, a page of alerts
// and the links to the pages around it.
type queueView struct {
	F           filterForm
	Rows        []store.Row
	Statuses    []option
	Severities  []option
	Chemicals   []string
	Prev, Next  string // URLs, "" when none
	First, Last int    // 1-based numbers of the first and last rows shown
}

// filterForm is the filter as typed, echoed back into the form.
type filterForm struct {
	Status, Severity, Rule, Chemical, Origin, Destination, Party, From, To, Q string
}

type option struct {
	Value, Label string
	Selected     bool
}

// parseFilter reads the queue's query parameters. Unknown values of the
// closed lists are ignored (not an error: the page still answers).
func parseFilter(q url.Values) (store.Filter, filterForm) {
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	ff := filterForm{Status: get("status"), Severity: get("severity"), Rule: get("rule"), Chemical: get("chemical"),
		Origin: get("origin"), Destination: get("destination"), Party: get("party"), From: get("from"), To: get("to"), Q: get("q")}
	f := store.Filter{Status: ff.Status, Rule: ff.Rule, Chemical: strings.ToLower(ff.Chemical),
		Origin: ff.Origin, Destination: ff.Destination, Party: ff.Party, Query: ff.Q}
	if !validStatus(f.Status) {
		f.Status, ff.Status = store.StatusOpen, ""
	}
	if rulefmt.SeverityRank(ff.Severity) > 0 {
		f.Severity = ff.Severity
	} else {
		ff.Severity = ""
	}
	if t, err := time.Parse(time.DateOnly, ff.From); err == nil {
		f.From = t
	}
	if t, err := time.Parse(time.DateOnly, ff.To); err == nil {
		f.To = t.AddDate(0, 0, 1) // through the end of the day
	}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Offset = min(max(f.Offset, 0), 1_000_000)
	f.Limit = store.DefaultLimit
	return f, ff
}

func validStatus(s string) bool {
	switch s {
	case "", store.StatusOpen, store.StatusDecided, store.StatusAll:
		return true
	}
	return disposition.Outcome(s).Valid()
}

func (c *Console) queuePage(w http.ResponseWriter, r *http.Request, who analyst) {
	f, ff := parseFilter(r.URL.Query())
	rows, more, err := c.st.Queue(r.Context(), f)
	if err != nil {
		c.log.Error("queue", "err", err)
		c.fail(w, r, who, http.StatusInternalServerError, "The store could not answer. Try again.")
		return
	}
	v := queueView{F: ff, Rows: rows, First: f.Offset + 1, Last: f.Offset + len(rows), Chemicals: c.chemicalNames()}
	v.Statuses = []option{{store.StatusOpen, "Open", false}}
	for _, o := range disposition.Outcomes {
		v.Statuses = append(v.Statuses, option{string(o), o.Label(), false})
	}
	v.Statuses = append(v.Statuses, option{store.StatusDecided, "Decided", false}, option{store.StatusAll, "All", false})
	for i := range v.Statuses {
		v.Statuses[i].Selected = v.Statuses[i].Value == f.Status
	}
	v.Severities = []option{{"", "Any severity", ff.Severity == ""}}
	for _, s := range rulefmt.Severities[1:] {
		v.Severities = append(v.Severities, option{s, strings.ToUpper(s[:1]) + s[1:], s == ff.Severity})
	}
	page := func(off int) string {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(off))
		return "/?" + q.Encode()
	}
	if f.Offset > 0 {
		v.Prev = page(max(f.Offset-f.Limit, 0))
	}
	if more {
		v.Next = page(f.Offset + f.Limit)
	}
	c.pages.render(w, http.StatusOK, "queue", c.frame(who, "Queue", "queue", v))
}

// chemicalNames are the catalog's ids and families, for the chemical
// filter's suggestions.
func (c *Console) chemicalNames() []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range c.cat.Entries {
		for _, s := range []string{e.Family, e.ID} {
			if s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}
