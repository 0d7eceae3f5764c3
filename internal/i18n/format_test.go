package i18n

import (
	"math"
	"testing"
	"time"
)

func mustLoad(t testing.TB) *Bundle {
	t.Helper()
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNumber(t *testing.T) {
	b := mustLoad(t)
	tests := []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 0, "0"},
		{"en", 7, "7"},
		{"en", 999, "999"},
		{"en", 1000, "1,000"},
		{"en", 7371, "7,371"},
		{"en", 17371, "17,371"},
		{"en", 1234567, "1,234,567"},
		{"en", -7371, "-7,371"},
		{"en", math.MaxInt64, "9,223,372,036,854,775,807"},
		{"en", math.MinInt64, "-9,223,372,036,854,775,808"},

		{"fr", 999, "999"},
		{"fr", 7371, "7\u202f371"},
		{"fr", 1000000, "1\u202f000\u202f000"},
		{"fr", -1234, "-1\u202f234"},

		// CLDR minimumGroupingDigits=2: no separator in four-digit numbers.
		{"es", 1000, "1000"},
		{"es", 7371, "7371"},
		{"es", 9999, "9999"},
		{"es", 10000, "10.000"},
		{"es", 17371, "17.371"},
		{"es", 1234567, "1.234.567"},
		{"es", -7371, "-7371"},
		{"es", -17371, "-17.371"},

		{"ar", 0, "٠"},
		{"ar", 42, "٤٢"},
		{"ar", 7371, "٧٬٣٧١"},
		{"ar", 1234567, "١٬٢٣٤٬٥٦٧"},
		{"ar", -42, "\u061c-٤٢"},
	}
	for _, tt := range tests {
		if got := b.For(tt.lang).Number(tt.n); got != tt.want {
			t.Errorf("%s Number(%d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestDateAndDateTime(t *testing.T) {
	b := mustLoad(t)
	march18 := time.Date(2014, time.March, 18, 10, 41, 30, 0, time.UTC)
	march1 := time.Date(2014, time.March, 1, 9, 5, 0, 0, time.UTC)
	august := time.Date(2026, time.August, 31, 23, 59, 0, 0, time.UTC)
	midnight := time.Date(2020, time.February, 1, 0, 0, 0, 0, time.UTC)
	noon := time.Date(2020, time.December, 25, 12, 30, 0, 0, time.UTC)

	tests := []struct {
		lang     string
		t        time.Time
		date     string
		dateTime string
	}{
		{"en", march18, "18 March 2014", "18 March 2014, 10:41"},
		{"en", march1, "1 March 2014", "1 March 2014, 09:05"},
		{"en", august, "31 August 2026", "31 August 2026, 23:59"},
		{"en", midnight, "1 February 2020", "1 February 2020, 00:00"},

		{"fr", march18, "18 mars 2014", "18 mars 2014 à 10\u00a0h\u00a041"},
		{"fr", march1, "1er mars 2014", "1er mars 2014 à 9\u00a0h\u00a005"},
		{"fr", august, "31 août 2026", "31 août 2026 à 23\u00a0h\u00a059"},
		{"fr", midnight, "1er février 2020", "1er février 2020 à 0\u00a0h\u00a000"},
		{"fr", noon, "25 décembre 2020", "25 décembre 2020 à 12\u00a0h\u00a030"},

		{"es", march18, "18 de marzo de 2014", "18 de marzo de 2014, 10:41"},
		{"es", march1, "1 de marzo de 2014", "1 de marzo de 2014, 9:05"},
		{"es", august, "31 de agosto de 2026", "31 de agosto de 2026, 23:59"},

		{"ar", march18, "١٨ مارس ٢٠١٤", "١٨ مارس ٢٠١٤، ١٠:٤١\u00a0ص"},
		{"ar", march1, "١ مارس ٢٠١٤", "١ مارس ٢٠١٤، ٩:٠٥\u00a0ص"},
		{"ar", august, "٣١ أغسطس ٢٠٢٦", "٣١ أغسطس ٢٠٢٦، ١١:٥٩\u00a0م"},
		{"ar", midnight, "١ فبراير ٢٠٢٠", "١ فبراير ٢٠٢٠، ١٢:٠٠\u00a0ص"},
		{"ar", noon, "٢٥ ديسمبر ٢٠٢٠", "٢٥ ديسمبر ٢٠٢٠، ١٢:٣٠\u00a0م"},
	}
	for _, tt := range tests {
		l := b.For(tt.lang)
		if got := l.Date(tt.t); got != tt.date {
			t.Errorf("%s Date(%v) = %q, want %q", tt.lang, tt.t, got, tt.date)
		}
		if got := l.DateTime(tt.t); got != tt.dateTime {
			t.Errorf("%s DateTime(%v) = %q, want %q", tt.lang, tt.t, got, tt.dateTime)
		}
	}
}

// The caller converts to the site's time zone; the package must not.
func TestDateKeepsLocation(t *testing.T) {
	b := mustLoad(t)
	paris := time.FixedZone("CET", 3600)
	tm := time.Date(2014, time.March, 19, 0, 30, 0, 0, paris) // 18 March in UTC
	l := b.For("en")
	if got, want := l.Date(tm), "19 March 2014"; got != want {
		t.Errorf("Date = %q, want %q", got, want)
	}
	if got, want := l.DateTime(tm), "19 March 2014, 00:30"; got != want {
		t.Errorf("DateTime = %q, want %q", got, want)
	}
	if got, want := l.ISODate(tm), "2014-03-19"; got != want {
		t.Errorf("ISODate = %q, want %q", got, want)
	}
	if got, want := l.ISODateTime(tm), "2014-03-19T00:30:00+01:00"; got != want {
		t.Errorf("ISODateTime = %q, want %q", got, want)
	}
	if got, want := b.For("ar").ISODate(tm), "2014-03-19"; got != want {
		t.Errorf("ar ISODate = %q, want %q (not localized)", got, want)
	}
}

func TestYear(t *testing.T) {
	b := mustLoad(t)
	tm := time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)
	for lang, want := range map[string]string{"en": "2026", "fr": "2026", "es": "2026", "ar": "٢٠٢٦"} {
		if got := b.For(lang).Year(tm); got != want {
			t.Errorf("%s Year = %q, want %q", lang, got, want)
		}
	}
}

func TestMonthNames(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	nov := time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)
	may := time.Date(2026, 5, 3, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ lang, long, short, shortMay string }{
		{"en", "November 2026", "Nov 26", "May 26"},
		{"fr", "novembre 2026", "nov. 26", "mai 26"},
		{"es", "noviembre de 2026", "nov. 26", "mayo 26"},
		{"ar", "نوفمبر ٢٠٢٦", "نوفمبر ٢٦", "مايو ٢٦"},
	} {
		l := b.For(tt.lang)
		if got := l.MonthYear(nov); got != tt.long {
			t.Errorf("%s MonthYear = %q, want %q", tt.lang, got, tt.long)
		}
		if got := l.MonthShort(nov); got != tt.short {
			t.Errorf("%s MonthShort = %q, want %q", tt.lang, got, tt.short)
		}
		if got := l.MonthShort(may); got != tt.shortMay {
			t.Errorf("%s MonthShort(May) = %q, want %q", tt.lang, got, tt.shortMay)
		}
	}
}
