package console

import "testing"

func TestHighlight(t *testing.T) {
	const s = "4-AP, 99% für 4-anilinopiperidine"
	for _, tc := range []struct {
		name  string
		spans []span
		want  string
	}{
		{"none", nil, "[4-AP, 99% für 4-anilinopiperidine]"},
		{"one", []span{{0, 4, "a"}}, "<4-AP>[, 99% für 4-anilinopiperidine]"},
		{"two, unsorted", []span{{15, 34, "b"}, {0, 4, "a"}}, "<4-AP>[, 99% für ]<4-anilinopiperidine>"},
		{"overlapping merge", []span{{0, 3, "a"}, {2, 4, "b"}}, "<4-AP>[, 99% für 4-anilinopiperidine]"},
		{"out of range ignored", []span{{30, 99, "x"}, {-1, 2, "y"}, {5, 5, "z"}}, "[4-AP, 99% für 4-anilinopiperidine]"},
		{"inside a character ignored", []span{{12, 14, "x"}}, "[4-AP, 99% für 4-anilinopiperidine]"},
	} {
		got := ""
		for _, seg := range highlight(s, tc.spans) {
			if seg.Mark {
				got += "<" + seg.Text + ">"
			} else {
				got += "[" + seg.Text + "]"
			}
		}
		if got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}
