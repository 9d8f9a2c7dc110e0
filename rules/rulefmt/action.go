package rulefmt

import (
	"strings"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
)

// maxActionLen bounds a rule's action: it is shown in every alert of the
// rule and on the analyst's screen, so it says what to do in a few lines
// and leaves the why to the description.
const maxActionLen = 400

// lintActions warns about rules that fire without telling the analyst
// what to do next (no action) and about actions too long to read at a
// glance. Disabled rules never fire and are not checked.
func lintActions(pack *Pack, ds *yamlsrc.List) {
	for _, r := range pack.Rules {
		if r.Status == StatusDisabled || r.ID == "" {
			continue
		}
		action := strings.TrimSpace(r.Action)
		switch {
		case action == "":
			pos := r.Pos
			if r.ActionPos.Line != 0 { // written but blank
				pos = r.ActionPos
			}
			ds.Warnf(pos, r.Subject(), "no action: say what an analyst should do when the rule fires (hold for inspection, request an end-user certificate, refer to ...)")
		case len(action) > maxActionLen:
			ds.Warnf(r.ActionPos, r.Subject(), "action is %d bytes, more than %d: keep it to what to do next and move the why to the description", len(action), maxActionLen)
		}
	}
}
