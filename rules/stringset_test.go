package rules

import (
	"strings"
	"testing"
)

// TestSetLookupMatchesMap compares setLookup's packed scan with the map
// lookup on sets of short codes (and sets it must leave to the map: long
// members, many members), for members, their prefixes and extensions,
// strings with NUL bytes and changed case.
func TestSetLookupMatchesMap(t *testing.T) {
	many := make([]string, packedMax+1)
	for i := range many {
		many[i] = string(rune('a' + i))
	}
	sets := [][]string{
		{}, {""}, {"CN", "HK", "IN"}, {"2933", "2939", "2914", "2916", "2924", "2926", "2918", "2932"},
		{"a", "a\x00", "\x00"}, {"1234567", "123456"}, {"12345678", "CN"}, many,
	}
	for _, members := range sets {
		set := map[string]struct{}{}
		for _, m := range members {
			set[m] = struct{}{}
		}
		in := setLookup(set)
		probes := []string{"", "\x00", "x", "cn", "CN\x00", "12345678", "1234567\x00", "\xff\xff\xff\xff\xff\xff\xff"}
		for _, m := range members {
			probes = append(probes, m, m+"\x00", m+"x", "\x00"+m, strings.ToLower(m))
			for i := range m {
				probes = append(probes, m[:i])
			}
		}
		for _, s := range probes {
			_, want := set[s]
			if got := in(s); got != want {
				t.Errorf("set %q: setLookup(%q) = %v, map %v", members, s, got, want)
			}
		}
	}
}
