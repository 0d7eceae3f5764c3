package i18n

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Localizer translates messages and formats numbers and dates for one
// catalog language.
type Localizer struct {
	lang     string
	base     string // primary subtag, which selects plural rule and formats
	msgs     map[string]message
	loc      *localeFormat
	fallback *Localizer // the English Localizer; nil for English itself
}

func newLocalizer(lang string, msgs map[string]message) *Localizer {
	base := baseLang(lang)
	loc, ok := localeFormats[base]
	if !ok {
		loc = localeFormats[referenceLang]
	}
	return &Localizer{lang: lang, base: base, msgs: msgs, loc: loc}
}

// Lang returns the catalog language, suitable for the HTML lang attribute.
func (l *Localizer) Lang() string { return l.lang }

// Dir returns the text direction of the language: "rtl" or "ltr".
func (l *Localizer) Dir() string { return Direction(l.lang) }

// rtlLanguages are the right-to-left languages a site might add a catalog
// for; the list only needs to cover languages written in Arabic or Hebrew
// script by default.
var rtlLanguages = map[string]bool{
	"ar": true, "he": true, "fa": true, "ur": true, "ps": true,
	"sd": true, "ug": true, "yi": true, "dv": true, "ckb": true,
}

// Direction returns "rtl" for right-to-left languages ("ar", "he", "fa", "ur"
// and a few others) and "ltr" otherwise. Templates can use it for the dir of
// items in the language menu, which are not in the page's language.
func Direction(lang string) string {
	if rtlLanguages[baseLang(lang)] {
		return "rtl"
	}
	return "ltr"
}

// T returns the message for key with {1}..{9} replaced by args. A missing key
// gives the English message, or the key itself if English lacks it too.
func (l *Localizer) T(key string, args ...any) string {
	m, ok := l.msgs[key]
	if !ok {
		if l.fallback != nil {
			return l.fallback.T(key, args...)
		}
		return key
	}
	text := m.text
	if m.plural() {
		text = m.forms[other]
	}
	return l.fill(text, args)
}

// N returns the plural message for key in the form that the language uses for
// n, with {1} replaced by the localized n and {2}.. by args.
func (l *Localizer) N(key string, n int64, args ...any) string {
	m, ok := l.msgs[key]
	if !ok {
		if l.fallback != nil {
			return l.fallback.N(key, n, args...)
		}
		return key
	}
	text := m.text
	if m.plural() {
		if text, ok = m.forms[PluralCategory(l.base, n)]; !ok {
			text = m.forms[other]
		}
	}
	return l.fill(text, append([]any{n}, args...))
}

// fill replaces {1}..{9}. A placeholder without an argument stays visible so
// that the bug is noticed; braces that are not placeholders are kept.
func (l *Localizer) fill(text string, args []any) string {
	if !strings.Contains(text, "{") {
		return text
	}
	var sb strings.Builder
	sb.Grow(len(text) + 16*len(args))
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '{' && i+2 < len(text) && text[i+2] == '}' && text[i+1] >= '1' && text[i+1] <= '9' {
			if idx := int(text[i+1] - '1'); idx < len(args) {
				sb.WriteString(l.format(args[idx]))
				i += 2
				continue
			}
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

func (l *Localizer) format(arg any) string {
	switch v := arg.(type) {
	case string:
		return v
	case int:
		return l.Number(int64(v))
	case int8:
		return l.Number(int64(v))
	case int16:
		return l.Number(int64(v))
	case int32:
		return l.Number(int64(v))
	case int64:
		return l.Number(v)
	case uint:
		if uint64(v) <= math.MaxInt64 {
			return l.Number(int64(v))
		}
	case uint8:
		return l.Number(int64(v))
	case uint16:
		return l.Number(int64(v))
	case uint32:
		return l.Number(int64(v))
	case uint64:
		if v <= math.MaxInt64 {
			return l.Number(int64(v))
		}
	case time.Time:
		return l.Date(v)
	}
	return fmt.Sprint(arg)
}
