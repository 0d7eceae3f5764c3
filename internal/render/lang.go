package render

import (
	"regexp"
	"strings"

	"golang.org/x/text/language"
)

// langInfo describes a validated language context.
type langInfo struct {
	tag  string // canonical BCP 47 tag, e.g. "fr", "en-GB"; "" when unknown
	base string // primary language subtag, e.g. "fr"; "" when unknown
	rtl  bool   // written right to left
}

// tagShape is the syntactic shape accepted for a language tag before it is
// handed to x/text for a full BCP 47 parse: a 2–8 letter primary subtag
// followed by alphanumeric subtags. It keeps out anything that could carry
// markup, quotes or spaces whatever the parser tolerates.
var tagShape = regexp.MustCompile(`^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,8}$`)

// rtlScripts lists the ISO 15924 codes of scripts written right to left.
var rtlScripts = map[string]bool{
	"Adlm": true, "Arab": true, "Aran": true, "Armi": true, "Avst": true,
	"Cprt": true, "Hebr": true, "Hung": true, "Khar": true, "Lydi": true,
	"Mand": true, "Mani": true, "Mend": true, "Nbat": true, "Nkoo": true,
	"Orkh": true, "Palm": true, "Phli": true, "Phlp": true, "Phnx": true,
	"Prti": true, "Rohg": true, "Samr": true, "Sarb": true, "Sogd": true,
	"Sogo": true, "Syrc": true, "Thaa": true, "Yezi": true,
}

// parseLang validates a language tag. It returns ok=false for anything that
// is not a well-formed BCP 47 tag.
func parseLang(s string) (langInfo, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 64 || !tagShape.MatchString(s) {
		return langInfo{}, false
	}
	t, err := language.Parse(s)
	if err != nil {
		return langInfo{}, false
	}
	b, _ := t.Base()
	sc, conf := t.Script()
	return langInfo{
		tag:  t.String(),
		base: b.String(),
		rtl:  conf != language.No && rtlScripts[sc.String()],
	}, true
}

// pageLang returns the language context for Options.Lang; an empty or
// invalid value yields an unknown, left-to-right context.
func pageLang(s string) langInfo {
	if l, ok := parseLang(s); ok {
		return l
	}
	return langInfo{}
}

// langAttrs returns the lang (and, when the direction changes, dir)
// attributes needed to switch from the surrounding context to l.
func langAttrs(l, surrounding langInfo) string {
	var b strings.Builder
	b.WriteString(` lang="`)
	b.WriteString(escapeString(l.tag))
	b.WriteByte('"')
	if l.rtl != surrounding.rtl {
		if l.rtl {
			b.WriteString(` dir="rtl"`)
		} else {
			b.WriteString(` dir="ltr"`)
		}
	}
	return b.String()
}
