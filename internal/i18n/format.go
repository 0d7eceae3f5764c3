package i18n

import (
	"strconv"
	"strings"
	"time"
)

// localeFormat is the CLDR data a language needs for integers and long dates.
type localeFormat struct {
	zero     rune   // the digit zero; the other nine follow it in Unicode
	group    string // thousands separator
	minGroup int    // CLDR minimumGroupingDigits
	minus    string
	months   [12]string
}

const (
	nbsp       = "\u00a0" // no-break space
	narrowNbsp = "\u202f" // narrow no-break space, CLDR's French group separator
)

var localeFormats = map[string]*localeFormat{
	"en": {
		zero: '0', group: ",", minGroup: 1, minus: "-",
		months: [12]string{"January", "February", "March", "April", "May", "June",
			"July", "August", "September", "October", "November", "December"},
	},
	"fr": {
		zero: '0', group: narrowNbsp, minGroup: 1, minus: "-",
		months: [12]string{"janvier", "février", "mars", "avril", "mai", "juin",
			"juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	},
	"es": {
		zero: '0', group: ".", minGroup: 2, minus: "-",
		months: [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio",
			"julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	},
	"ar": {
		// CLDR "arab" numbering system (see the package doc for why not
		// CLDR 46's "latn" default): Arabic-Indic digits, U+066C ARABIC
		// THOUSANDS SEPARATOR, and ALM before the minus sign so that it stays
		// on the left of the digits in right-to-left text.
		zero: '\u0660', group: "\u066c", minGroup: 1, minus: "\u061c-",
		months: [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
			"يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
	},
}

// Number formats n with the language's digits and grouping: en "7,371",
// fr "7 371" (U+202F), es "7371" and "17.371", ar "٧٬٣٧١".
func (l *Localizer) Number(n int64) string {
	u := uint64(n)
	if n < 0 {
		u = -u // in uint64, so that math.MinInt64 does not overflow
	}
	s := strconv.FormatUint(u, 10)
	var sb strings.Builder
	if n < 0 {
		sb.WriteString(l.loc.minus)
	}
	grouped := len(s) >= 3+l.loc.minGroup
	for i := 0; i < len(s); i++ {
		if grouped && i > 0 && (len(s)-i)%3 == 0 {
			sb.WriteString(l.loc.group)
		}
		sb.WriteRune(l.loc.zero + rune(s[i]-'0'))
	}
	return sb.String()
}

// digits converts the ASCII digits of s to the language's digits.
func (l *Localizer) digits(s string) string {
	if l.loc.zero == '0' {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return l.loc.zero + (r - '0')
		}
		return r
	}, s)
}

// Year returns the year of t in the language's digits, without grouping,
// for messages such as "© {1} {2}".
func (l *Localizer) Year(t time.Time) string {
	return l.digits(strconv.Itoa(t.Year()))
}

// Date returns the long date of t, in t's location: en "18 March 2014",
// fr "18 mars 2014" ("1er mars 2014"), es "18 de marzo de 2014",
// ar "١٨ مارس ٢٠١٤".
func (l *Localizer) Date(t time.Time) string {
	day := l.digits(strconv.Itoa(t.Day()))
	month := l.loc.months[t.Month()-1]
	year := l.Year(t)
	switch l.base {
	case "fr":
		if t.Day() == 1 {
			day = "1er"
		}
	case "es":
		return day + " de " + month + " de " + year
	}
	return day + " " + month + " " + year
}

// DateTime returns the long date and the time of t, in t's location:
// en "18 March 2014, 10:41", fr "18 mars 2014 à 10 h 41",
// es "18 de marzo de 2014, 10:41", ar "١٨ مارس ٢٠١٤، ١٠:٤١ ص".
func (l *Localizer) DateTime(t time.Time) string {
	date := l.Date(t)
	switch l.base {
	case "fr":
		return date + " à " + strconv.Itoa(t.Hour()) + nbsp + "h" + nbsp + t.Format("04")
	case "es":
		return date + ", " + strconv.Itoa(t.Hour()) + t.Format(":04") // CLDR "H:mm"
	case "ar":
		// CLDR "h:mm a": 12-hour clock, ص before noon and م after.
		hour, period := t.Hour()%12, "ص"
		if hour == 0 {
			hour = 12
		}
		if t.Hour() >= 12 {
			period = "م"
		}
		return date + "، " + l.digits(strconv.Itoa(hour)+":"+t.Format("04")) + nbsp + period
	}
	return date + ", " + t.Format("15:04")
}

// ISODate returns t as "2014-03-18", for the datetime attribute of <time>.
func (l *Localizer) ISODate(t time.Time) string {
	return t.Format(time.DateOnly)
}

// ISODateTime returns t as RFC 3339 ("2014-03-18T10:41:00+01:00"), a valid
// datetime attribute for <time> when the time of day matters.
func (l *Localizer) ISODateTime(t time.Time) string {
	return t.Format(time.RFC3339)
}

// MonthYear names a month: en "November 2026", fr "novembre 2026",
// es "noviembre de 2026", ar "نوفمبر ٢٠٢٦".
func (l *Localizer) MonthYear(t time.Time) string {
	month := l.loc.months[t.Month()-1]
	if l.base == "es" {
		return month + " de " + l.Year(t)
	}
	return month + " " + l.Year(t)
}

// MonthShort is a month's name cut for chart labels, with the year's last
// two digits: en "Nov 26", fr "nov. 26"; Arabic names are short already.
func (l *Localizer) MonthShort(t time.Time) string {
	month := []rune(l.loc.months[t.Month()-1])
	yy := l.digits(t.Format("06"))
	switch {
	case l.base == "ar" || len(month) <= 4:
		return string(month) + " " + yy
	case l.base == "fr" || l.base == "es":
		return string(month[:3]) + ". " + yy
	}
	return string(month[:3]) + " " + yy
}
