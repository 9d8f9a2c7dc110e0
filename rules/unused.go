package rules

import "github.com/precursorwatch/precursor/rules/rulefmt"

// markUsed records the lists and macros a rule or exception condition
// names, and through its macros, transitively.
func (c *compiler) markUsed(r refs) {
	if c.used == nil {
		c.used = map[string]bool{}
	}
	for _, l := range r.lists {
		c.used["list:"+l] = true
	}
	var visit func(m string)
	visit = func(m string) {
		if c.used["macro:"+m] {
			return
		}
		c.used["macro:"+m] = true
		mr := c.macroRefs[m]
		for _, l := range mr.lists {
			c.used["list:"+l] = true
		}
		for _, d := range mr.macros {
			visit(d)
		}
	}
	for _, m := range r.macros {
		visit(m)
	}
}

// unused returns the lists and macros of the pack no rule or exception
// uses, in file order, and warns about each where it is defined: a list or
// macro nothing uses is dead weight or, more often, a name mistyped where
// it was meant to be used.
func (c *compiler) unused(pack *rulefmt.Pack) (lists, macros []string) {
	for i := range pack.Lists {
		l := &pack.Lists[i]
		if !c.used["list:"+l.Name] && c.listDefs[l.Name] == l {
			lists = append(lists, l.Name)
			c.ds.Warnf(l.Pos, l.Subject(), "unused: no rule or exception uses this list, directly or through a macro")
		}
	}
	for i := range pack.Macros {
		m := &pack.Macros[i]
		if !c.used["macro:"+m.Name] && c.macros[m.Name] == m {
			macros = append(macros, m.Name)
			c.ds.Warnf(m.Pos, m.Subject(), "unused: no rule or exception uses this macro, directly or through another macro")
		}
	}
	return lists, macros
}

// Unused returns the lists and macros no rule or exception uses, directly
// or through macros.
func (rs *Ruleset) Unused() (lists, macros []string) {
	return append([]string(nil), rs.unusedLists...), append([]string(nil), rs.unusedMacros...)
}

// ExceptionRules returns the ids of the rules the named exception
// silences, nil when the ruleset has no such exception.
func (rs *Ruleset) ExceptionRules(name string) []string {
	for _, x := range rs.exceptions {
		if x.name == name {
			return append([]string(nil), x.rules...)
		}
	}
	return nil
}
