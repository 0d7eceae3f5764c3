package stats

import "time"

// civil is a calendar day counted from 1970-01-01 (day 0) in the proleptic
// Gregorian calendar. It is cheap to compare, to step and to use in map keys;
// it becomes the "2006-01-02" text only when a Batch is built.
type civil int32

// civilOf is the calendar day of t in loc.
func civilOf(t time.Time, loc *time.Location) civil {
	y, m, d := t.In(loc).Date()
	return civilFromDate(y, int(m), d)
}

// civilFromDate converts a Gregorian date to its day number (Howard
// Hinnant's days_from_civil algorithm).
func civilFromDate(y, m, d int) civil {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return civil(era*146097 + doe - 719468)
}

// date is the inverse of civilFromDate.
func (c civil) date() (y, m, d int) {
	z := int(c) + 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// start is the first instant of the day in loc. When a time zone skips
// midnight, time.Date normalizes to the first instant that exists.
func (c civil) start(loc *time.Location) time.Time {
	y, m, d := c.date()
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
}

// String is the day as "2006-01-02". Years outside 0–9999 (never made from
// a real clock) go through the time package.
func (c civil) String() string {
	y, m, d := c.date()
	if y < 0 || y > 9999 {
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	}
	b := [10]byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10),
		'-', byte('0' + m/10), byte('0' + m%10),
		'-', byte('0' + d/10), byte('0' + d%10),
	}
	return string(b[:])
}

// parseCivil reads a "2006-01-02" day back, as Restore needs.
func parseCivil(s string) (civil, bool) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return 0, false
	}
	return civilFromDate(t.Year(), int(t.Month()), t.Day()), true
}
