package manifest

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// checkEventTimeUTC checks eventTimeUTC against time.Parse: when the fast
// path takes s, time.Parse must accept it too and give the same instant,
// represented alike once in UTC.
func checkEventTimeUTC(t *testing.T, s string) (taken bool) {
	t.Helper()
	got, ok := eventTimeUTC(s)
	if !ok {
		return false
	}
	want, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("eventTimeUTC(%q) = %v, time.Parse fails: %v", s, got, err)
	}
	if want = want.UTC(); !reflect.DeepEqual(got, want) {
		t.Fatalf("eventTimeUTC(%q) = %#v, time.Parse %#v", s, got, want)
	}
	return true
}

func TestEventTimeUTC(t *testing.T) {
	for _, tc := range []struct {
		in    string
		taken bool
	}{
		{"2026-01-05T00:00:00.795037184Z", true}, {"2026-01-05T00:00:00Z", true},
		{"2026-01-05T00:00:00.5Z", true}, {"2026-01-05T23:59:59+08:00", true},
		{"2026-01-01T00:00:00-23:59", true}, {"2024-02-29T12:00:00Z", true},
		{"1900-01-01T00:00:00+00:01", true}, {"0000-01-01T00:00:00Z", true},
		{"9999-12-31T23:59:59-01:00", true}, {"2026-12-31T00:00:00.000000001Z", true},
		{"2026-02-29T00:00:00Z", false}, {"1900-02-29T00:00:00Z", false}, // not leap years
		{"2026-04-31T00:00:00Z", false}, {"2026-13-01T00:00:00Z", false}, {"2026-00-01T00:00:00Z", false},
		{"2026-01-00T00:00:00Z", false}, {"2026-01-05T24:00:00Z", false}, {"2026-01-05T00:60:00Z", false},
		{"2026-01-05T00:00:60Z", false}, {"2026-01-05T00:00:00+24:00", false}, {"2026-01-05T00:00:00+01:60", false},
		{"2026-01-05t00:00:00Z", false}, {"2026-01-05T00:00:00z", false}, {"2026-01-05 00:00:00Z", false},
		{"2026-01-05T00:00:00", false}, {"2026-01-05T00:00:00+0800", false}, {"2026-01-05T00:00:00.Z", false},
		{"2026-01-05T00:00:00,5Z", false}, {"2026-01-05T00:00:00.1234567891Z", false},
		{"202x-01-05T00:00:00Z", false}, {"x026-01-05T00:00:00Z", false}, {"+2026-01-05T00:00:00Z", false},
		{"2026-01-05T00:00:00Z ", false}, {"2026-01-05T00:00:00UTC", false}, {"2026-1-05T00:00:00Z", false},
		{"2026-01-05T00:00:00+08:00:00", false}, {"2026-01-05T00:00:00+08-00", false}, {"", false},
	} {
		if got := checkEventTimeUTC(t, tc.in); got != tc.taken {
			t.Errorf("eventTimeUTC(%q): fast path taken %v, want %v", tc.in, got, tc.taken)
		}
	}
}

// TestEventTimeUTCRandom compares the fast path with time.Parse on random
// times in every zone offset and on random corruptions of them.
func TestEventTimeUTCRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	layouts := []string{time.RFC3339, time.RFC3339Nano, "2006-01-02T15:04:05.000Z07:00"}
	taken := 0
	for range 100000 {
		sec := r.Int64N(10000*365*86400) - 1970*365*86400
		zone := time.FixedZone("", (r.IntN(48*60)-24*60)*60)
		if r.IntN(2) == 0 {
			zone = time.UTC
		}
		s := []byte(time.Unix(sec, r.Int64N(1e9)).In(zone).Format(layouts[r.IntN(len(layouts))]))
		if r.IntN(3) == 0 {
			s[r.IntN(len(s))] = "0123456789-:T.Z+9"[r.IntN(17)]
		}
		if checkEventTimeUTC(t, string(s)) {
			taken++
		}
	}
	if taken < 50000 {
		t.Errorf("fast path taken for only %d of 100000 inputs", taken)
	}
}

// TestDaysIn checks the days of each month against the time package.
func TestDaysIn(t *testing.T) {
	for _, year := range []int{1900, 1999, 2000, 2024, 2026, 2100} {
		for month := 1; month <= 12; month++ {
			want := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
			if got := daysIn(month, year); got != want {
				t.Errorf("daysIn(%d, %d) = %d, want %d", month, year, got, want)
			}
		}
	}
}

// TestDaysSinceEpoch checks every day of years around the edges of the
// accepted range and of the era against the time package.
func TestDaysSinceEpoch(t *testing.T) {
	for _, year := range []int{0, 1, 399, 400, 1600, 1899, 1900, 1969, 1970, 2000, 2024, 2026, 2100, 9999} {
		for month := 1; month <= 12; month++ {
			for day := 1; day <= daysIn(month, year); day++ {
				want := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC).Unix()
				if got := daysSinceEpoch(year, month, day) * 86400; got != want {
					t.Fatalf("daysSinceEpoch(%d, %d, %d) = %d days, want %d", year, month, day, got/86400, want/86400)
				}
			}
		}
	}
}

// FuzzEventTimeUTC checks the fast path against time.Parse on any input.
func FuzzEventTimeUTC(f *testing.F) {
	for _, s := range []string{"2026-01-05T00:00:00.795037184Z", "2026-01-05T23:59:59+08:00", "2024-02-29T00:00:00-00:30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkEventTimeUTC(t, s) })
}
