package manifest

import "time"

// eventTimeUTC parses the usual form of an RFC 3339 time,
// 2006-01-02T15:04:05[.1 to 9 digits](Z|+hh:mm|-hh:mm), and returns the
// instant in UTC, as time.Parse(time.RFC3339, s) followed by UTC would.
// ok is false for anything else, which the caller leaves to time.Parse: it
// accepts a few more forms (more than nine fractional digits, say) and
// words its own errors. The fields are checked against the same ranges.
func eventTimeUTC(s string) (t time.Time, ok bool) {
	if len(s) < len("2006-01-02T15:04:05Z") ||
		s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	century, yy := num2(s, 0), num2(s, 2)
	year := century*100 + yy
	month, day := num2(s, 5), num2(s, 8)
	hour, minute, sec := num2(s, 11), num2(s, 14), num2(s, 17)
	if century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	i, nsec := 19, 0
	if s[i] == '.' {
		if i, nsec, ok = fraction(s, i+1); !ok {
			return time.Time{}, false
		}
	}
	offset := 0
	switch zone := s[i:]; {
	case zone == "Z":
	case len(zone) == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':':
		hh, mm := num2(zone, 1), num2(zone, 4)
		if hh < 0 || hh > 23 || mm < 0 || mm > 59 {
			return time.Time{}, false
		}
		if offset = (hh*60 + mm) * 60; zone[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	unix := daysSinceEpoch(year, month, day)*86400 + int64(hour*3600+minute*60+sec-offset)
	return time.Unix(unix, int64(nsec)).UTC(), true
}

// daysSinceEpoch returns the days from 1970-01-01 to a valid date of the
// proleptic Gregorian calendar (Howard Hinnant's days_from_civil): cheaper
// than time.Date, which also normalises out-of-range fields.
func daysSinceEpoch(year, month, day int) int64 {
	y := int64(year)
	if month <= 2 {
		y-- // count the year from March, so that leap days come last
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400                               // [0, 399]
	doy := int64((153*((month+9)%12)+2)/5 + day - 1) // [0, 365], from March 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy           // [0, 146096]
	return era*146097 + doe - 719468
}

// num2 returns the two decimal digits at s[i:], or -1.
func num2(s string, i int) int {
	a, b := int(s[i])-'0', int(s[i+1])-'0'
	if uint(a) > 9 || uint(b) > 9 {
		return -1
	}
	return a*10 + b
}

// fraction reads 1 to 9 digits at s[i:] as a fraction of a second and
// returns the index after them and the nanoseconds.
func fraction(s string, i int) (end, nsec int, ok bool) {
	start := i
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if i-start == 9 {
			return i, 0, false
		}
		nsec = nsec*10 + int(s[i]-'0')
	}
	if i == start {
		return i, 0, false
	}
	for n := i - start; n < 9; n++ {
		nsec *= 10
	}
	return i, nsec, true
}

// daysIn returns the number of days of month (1-12) in year, in the
// proleptic Gregorian calendar.
func daysIn(month, year int) int {
	if month == 2 {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 30 + (month+month/8)%2
}
