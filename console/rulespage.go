package console

import (
	"net/http"

	"github.com/precursorwatch/precursor/console/disposition"
)

// rulesView is the precision of every rule, from the latest disposition
// of every alert.
type rulesView struct {
	Rules   []ruleRow
	Decided int
}

type ruleRow struct {
	Rule, Status                                       string
	Confirmed, FalsePositive, Legitimate, NeedsInspect int
	Precision                                          float64
	HasPrecision                                       bool
}

func (c *Console) rulesPage(w http.ResponseWriter, r *http.Request, who analyst) {
	t, err := c.st.Tally(r.Context())
	if err != nil {
		c.fail(w, r, who, http.StatusInternalServerError, "The store could not answer. Try again.")
		return
	}
	v := rulesView{Decided: t.Len()}
	for _, s := range t.Rules() {
		row := ruleRow{Rule: s.Rule, Status: "active", Confirmed: s.Counts[disposition.Confirmed],
			FalsePositive: s.Counts[disposition.FalsePositive], Legitimate: s.Counts[disposition.LegitimateTrade],
			NeedsInspect: s.Counts[disposition.NeedsInspection]}
		if s.Shadow {
			row.Status = "shadow"
		}
		row.Precision, row.HasPrecision = s.Precision()
		v.Rules = append(v.Rules, row)
	}
	c.pages.render(w, http.StatusOK, "rules", c.frame(who, "Rules", "rules", v))
}
